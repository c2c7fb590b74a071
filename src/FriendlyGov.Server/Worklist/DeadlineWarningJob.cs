using FriendlyGov.Data;
using FriendlyGov.Data.Calendar;
using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Server.Indicators;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Worklist;

/// <summary>
/// The deadline warnings of DESIGN.md (Hangfire, every 15 minutes in Vietnam time, and once at start):
/// every dossier due within one working day and not resolved gets a warning, kept with the time it was
/// first seen; a warning ends when its dossier is resolved in time, goes late, or is no longer due soon
/// (a supplement request paused its clock). The open warnings are the worklist's first section.
/// </summary>
/// <remarks>
/// "Within one working day": due by 17:00 of the next working day (working-day calendar), counted
/// from now; a dossier awaiting the citizen's supplement is paused and not warned about.
/// </remarks>
public sealed class DeadlineWarningJob(FriendlyGovDbContext db, TimeProvider clock, ILogger<DeadlineWarningJob> logger)
{
    public const string JobId = "deadline-warnings";

    public static void Register(IRecurringJobManager jobs) =>
        jobs.AddOrUpdate<DeadlineWarningJob>(JobId, j => j.RunAsync(CancellationToken.None), "*/15 * * * *", new RecurringJobOptions { TimeZone = RollupJobs.VietnamTimeZone() });

    /// <summary>The end of "within one working day" from <paramref name="nowUtc"/>: 17:00 on the next working day.</summary>
    public static DateTime HorizonUtc(Domain.Calendar.WorkingCalendar calendar, DateTime nowUtc) => calendar.DueTimeUtc(nowUtc, 1);

    /// <summary>Opens and ends warnings as the dossiers stand now; returns (opened, ended).</summary>
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [60, 300, 900])]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task<(int Opened, int Ended)> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var horizon = HorizonUtc(await HolidayTable.LoadAsync(db, cancellationToken), now);
        var due = await db.Dossiers.AsNoTracking()
            .Where(d => d.FinishedAt == null && d.Status != DossierStatus.SupplementRequested && d.SupplementCount <= 1
                && d.EffectiveDueAt >= now && d.EffectiveDueAt <= horizon)
            .Select(d => new { d.Id, d.UnitId, d.EffectiveDueAt })
            .ToListAsync(cancellationToken);
        var dueIds = due.Select(d => d.Id).ToHashSet();

        var known = new Dictionary<long, DeadlineWarning>();
        foreach (var chunk in dueIds.Chunk(1000))
        {
            foreach (var warning in await db.DeadlineWarnings.Where(w => chunk.Contains(w.DossierId)).ToListAsync(cancellationToken))
            {
                known[warning.DossierId] = warning;
            }
        }

        var opened = 0;
        foreach (var d in due)
        {
            if (!known.TryGetValue(d.Id, out var warning))
            {
                db.DeadlineWarnings.Add(new DeadlineWarning { DossierId = d.Id, UnitId = d.UnitId, DueAt = d.EffectiveDueAt, FirstSeenAt = now, LastSeenAt = now });
                opened++;
            }
            else if (warning.Outcome is WarningOutcome.Open or WarningOutcome.NoLongerDue)
            {
                if (warning.Outcome == WarningOutcome.NoLongerDue)
                {
                    (warning.Outcome, warning.ClosedAt, warning.FirstSeenAt) = (WarningOutcome.Open, null, now);
                    opened++;
                }

                warning.DueAt = d.EffectiveDueAt;
                warning.LastSeenAt = now;
            }
        }

        var ended = 0;
        var stale = await db.DeadlineWarnings.Where(w => w.Outcome == WarningOutcome.Open).Include(w => w.Dossier).ToListAsync(cancellationToken);
        foreach (var warning in stale.Where(w => !dueIds.Contains(w.DossierId)))
        {
            var dossier = warning.Dossier!;
            (warning.Outcome, warning.ClosedAt) = dossier.FinishedAt is { } closed
                ? (closed <= dossier.EffectiveDueAt && dossier.SupplementCount <= 1 ? WarningOutcome.ResolvedInTime : WarningOutcome.WentLate, closed)
                : dossier.EffectiveDueAt < now || dossier.SupplementCount > 1 ? (WarningOutcome.WentLate, now) : (WarningOutcome.NoLongerDue, now);
            ended++;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            // Another server's run opened the same warning meanwhile; the next run sees it.
            logger.LogInformation("Deadline warnings were written by another run meanwhile");
            return (0, 0);
        }

        if (opened + ended > 0)
        {
            logger.LogInformation("Deadline warnings: {Opened} opened, {Ended} ended", opened, ended);
        }

        return (opened, ended);
    }
}
