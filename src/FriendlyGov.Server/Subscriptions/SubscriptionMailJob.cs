using System.Globalization;
using FriendlyGov.Data;
using FriendlyGov.Data.Subscriptions;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Calendar;
using FriendlyGov.Server.Admin;
using FriendlyGov.Server.Dashboard;
using FriendlyGov.Server.Indicators;
using FriendlyGov.Server.Operations;
using FriendlyGov.Server.Reports;
using FriendlyGov.Server.Staff;
using FriendlyGov.Server.Targets;
using Hangfire;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace FriendlyGov.Server.Subscriptions;

/// <summary>What one run of <see cref="SubscriptionMailJob"/> did.</summary>
public sealed record MailRun(bool MailOn, int Sent, int Failed);

/// <summary>
/// Mails the subscriptions (Hangfire, every hour at :45 in Vietnam time, after the closing rollup of 00:30).
/// A quarter's mail goes out once the quarter is closed (khóa sổ) for the subscribed unit: the first rollup
/// after its last day has computed it (<see cref="ScorecardClosing"/>, the dashboard's "Đã khóa sổ"), from
/// then on its figures are judged as they stood at its end. Only the last quarter that ended is mailed; a
/// server that was down for a quarter does not send the one before. Monthly subscribers also get, after the
/// end of a quarter's first and second month, the running quarter to date (not judged), once it has been
/// rolled up after that month's end.
/// </summary>
/// <remarks>
/// Once per subscription and edition, on any number of servers: each mail is claimed by a unique row before
/// it is sent and marked sent once the SMTP server took it; a claim older than <see cref="ClaimLimit"/> that
/// was never marked (its server died mid-send) is taken over. A mail the SMTP server refused is unclaimed
/// and sent again on the next run; the run then fails, so the failure shows in Hangfire and in
/// friendlygov.jobs.failures (and friendlygov.subscriptions.mails{outcome="failed"}). With mail off
/// (<see cref="MailSettings.Problem"/>) nothing is claimed.
/// </remarks>
public sealed class SubscriptionMailJob(
    FriendlyGovDbContext db, IndicatorReads reads, DashboardCharts charts, DashboardLayout layout, IConfiguration configuration, TimeProvider clock, FriendlyGovMetrics metrics,
    ILogger<SubscriptionMailJob> logger)
{
    public const string JobId = "subscriptions-mail";

    public static readonly TimeSpan ClaimLimit = TimeSpan.FromMinutes(30);

    public static void Register(IRecurringJobManager jobs) =>
        jobs.AddOrUpdate<SubscriptionMailJob>(JobId, j => j.RunAsync(CancellationToken.None), "45 * * * *", new RecurringJobOptions { TimeZone = RollupJobs.VietnamTimeZone() });

    /// <summary>The edition key of a closed quarter ("2026-Q3") and of a month of a running quarter ("2026-11").</summary>
    public static string QuarterEdition(Period quarter) => $"{quarter.Year}-Q{quarter.Quarter}";

    public static string MonthEdition(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    // The next hourly run is the retry: a failed mail is unclaimed, and Hangfire's retries would only send the others' sooner.
    [AutomaticRetry(Attempts = 0)]
    public async Task<MailRun> RunAsync(CancellationToken cancellationToken)
    {
        var settings = MailSettings.Read(configuration);
        if (!settings.On)
        {
            logger.LogInformation("Mail is off ({Problem}): no subscription is mailed.", settings.Problem);
            return new MailRun(false, 0, 0);
        }

        // The mail is Vietnamese, whatever the culture of the thread that runs the job.
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = Lang.Vietnamese;
        var now = clock.GetUtcNow().UtcDateTime;
        var today = VietnamTime.LocalDate(now);
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var lastMonth = monthStart.AddMonths(-1);
        var editions = new List<(string Key, Period Period, bool Monthly)> { (QuarterEdition(Period.QuarterOf(today).Previous), Period.QuarterOf(today).Previous, false) };
        if (lastMonth.Month % 3 != 0)
        {
            editions.Add((MonthEdition(lastMonth), Period.QuarterOf(lastMonth), true));
        }

        var subscriptions = await db.ReportSubscriptions.AsNoTracking()
            .Where(s => s.User!.DisabledAt == null && s.User.Email != null && s.User.Email != "")
            .Select(s => new { Subscription = s, s.User!.Email, s.User.FullName, s.User.UserName, UserUnit = s.User.Unit!, Unit = s.Unit! })
            .OrderBy(s => s.Subscription.Id).ToListAsync(cancellationToken);
        var (sent, failed) = (0, 0);
        SmtpClient? smtp = null;
        try
        {
            foreach (var s in subscriptions)
            {
                // A subscription outlives a move of its user to another unit only where the new scope still reads the unit.
                var scope = new StaffScope(s.UserName ?? "", s.FullName, s.UserUnit.Code, s.UserUnit.Path, IsAdmin: false);
                if (!await DashboardUnits.ReadsAsync(db, scope, s.Unit.Id, s.Unit.Path, cancellationToken))
                {
                    continue;
                }

                foreach (var edition in editions.Where(e => !e.Monthly || s.Subscription.Monthly))
                {
                    var entries = await reads.ScorecardAsync(s.Unit.Id, edition.Period, cancellationToken);
                    var closedAt = ScorecardClosing.Of(entries).ClosedAt;
                    var ready = edition.Monthly
                        ? entries.Count > 0 && entries.Min(e => e.Current.ComputedAt) >= VietnamTime.StartOfDayUtc(monthStart)
                        : closedAt is not null;
                    if (!ready || !await ClaimAsync(s.Subscription.Id, edition.Key, now, cancellationToken))
                    {
                        continue;
                    }

                    try
                    {
                        var report = s.Subscription.Report
                            ? (PeriodReport.FileName(s.Unit, edition.Period), await PeriodReport.BuildAsync(db, s.Unit, edition.Period, reads, charts, layout, cancellationToken))
                            : ((string, byte[])?)null;
                        var summary = ScorecardSummary.Of(layout, entries, edition.Period, await TargetMetrics.ReadAsync(db, s.Unit, edition.Period, cancellationToken), s.Unit.Code);
                        var message = SubscriptionMail.Compose(settings, new MailboxAddress(s.FullName, s.Email!), s.Unit, edition.Period,
                            summary, closedAt, s.Subscription.Scorecard, report);
                        smtp ??= await ConnectAsync(settings, cancellationToken);
                        await smtp.SendAsync(message, cancellationToken);
                        await db.SubscriptionMailings.Where(m => m.SubscriptionId == s.Subscription.Id && m.Edition == edition.Key)
                            .ExecuteUpdateAsync(m => m.SetProperty(x => x.SentAt, clock.GetUtcNow().UtcDateTime), CancellationToken.None);
                        metrics.SubscriptionMail(sent: true);
                        sent++;
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        await db.SubscriptionMailings.Where(m => m.SubscriptionId == s.Subscription.Id && m.Edition == edition.Key && m.SentAt == null)
                            .ExecuteDeleteAsync(CancellationToken.None);
                        metrics.SubscriptionMail(sent: false);
                        failed++;
                        logger.LogWarning(e, "The mail {Edition} of subscription {SubscriptionId} was not sent; it is sent again on the next run.", edition.Key, s.Subscription.Id);
                        smtp?.Dispose();
                        smtp = null;
                    }
                }
            }
        }
        finally
        {
            if (smtp is not null)
            {
                if (smtp.IsConnected)
                {
                    await smtp.DisconnectAsync(quit: true, CancellationToken.None);
                }

                smtp.Dispose();
            }
        }

        if (failed > 0)
        {
            throw new InvalidOperationException($"{failed} subscription mails were not sent ({sent} were); they are sent again on the next run.");
        }

        return new MailRun(true, sent, failed);
    }

    /// <summary>Claims a mail for this run: true when no other run sent it or is sending it.</summary>
    private async Task<bool> ClaimAsync(long subscriptionId, string edition, DateTime now, CancellationToken cancellationToken)
    {
        var existing = await db.SubscriptionMailings.AsNoTracking().Where(m => m.SubscriptionId == subscriptionId && m.Edition == edition)
            .Select(m => new { m.ClaimedAt, m.SentAt }).SingleOrDefaultAsync(cancellationToken);
        if (existing is not null)
        {
            // Taken over only from a claim that stayed unsent too long, and only by one run: the update checks the claim it read.
            return existing.SentAt is null && existing.ClaimedAt < now - ClaimLimit
                && await db.SubscriptionMailings.Where(m => m.SubscriptionId == subscriptionId && m.Edition == edition && m.SentAt == null && m.ClaimedAt == existing.ClaimedAt)
                    .ExecuteUpdateAsync(m => m.SetProperty(x => x.ClaimedAt, now), cancellationToken) == 1;
        }

        db.SubscriptionMailings.Add(new SubscriptionMailing { SubscriptionId = subscriptionId, Edition = edition, ClaimedAt = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private static async Task<SmtpClient> ConnectAsync(MailSettings settings, CancellationToken cancellationToken)
    {
        var smtp = new SmtpClient { Timeout = 60_000 };
        try
        {
            await smtp.ConnectAsync(settings.Host, settings.Port, settings.Tls, cancellationToken);
            if (settings.User is not null)
            {
                await smtp.AuthenticateAsync(settings.User, settings.Password ?? "", cancellationToken);
            }

            return smtp;
        }
        catch
        {
            smtp.Dispose();
            throw;
        }
    }
}
