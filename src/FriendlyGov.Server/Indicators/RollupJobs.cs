using FriendlyGov.Data;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Calendar;
using FriendlyGov.Domain.Indicators;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Indicators;

/// <summary>
/// The rollup jobs Hangfire runs. Every run holds one distributed lock in the job storage
/// (PostgreSQL on production, shared by every server), so two rollups — of the same unit and
/// period or not — never run at once; jobs are idempotent and retried with back-off.
/// </summary>
public sealed class RollupJobs(FriendlyGovDbContext db, RollupService rollups, JobStorage storage, TimeProvider clock)
{
    public const string QuarterToDateJob = "rollup-quarter-to-date";
    public const string ClosingJob = "rollup-close-previous-quarter";
    private const string LockResource = "friendlygov:rollup";
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(30);

    /// <summary>Registers the recurring jobs in Vietnam time; idempotent, so safe at every start.</summary>
    public static void Register(IRecurringJobManager jobs)
    {
        var vietnam = VietnamTimeZone();
        jobs.AddOrUpdate<RollupJobs>(QuarterToDateJob, j => j.QuarterToDateAsync(CancellationToken.None), "*/15 * * * *", new RecurringJobOptions { TimeZone = vietnam });
        jobs.AddOrUpdate<RollupJobs>(ClosingJob, j => j.ClosePreviousQuarterAsync(CancellationToken.None), "30 0 1 1,4,7,10 *", new RecurringJobOptions { TimeZone = vietnam });
    }

    /// <summary>Queues a full rollup of a subtree and period, recorded so that its progress can be read.</summary>
    public static async Task<RollupRun> EnqueueAsync(FriendlyGovDbContext db, IBackgroundJobClient jobs, int unitId, Period period, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var run = new RollupRun { Kind = "full", UnitId = unitId, PeriodKey = period.Key, State = RollupState.Queued, QueuedAt = nowUtc };
        db.RollupRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        jobs.Enqueue<RollupJobs>(j => j.RunAsync(run.Id, CancellationToken.None));
        return run;
    }

    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [30, 120, 600, 1800, 3600])]
    public Task RunAsync(long runId, CancellationToken cancellationToken) =>
        TrackAsync(runId, async run => await rollups.FullAsync(run.UnitId, Period.FromKey(run.PeriodKey!.Value), run, cancellationToken), cancellationToken);

    /// <summary>Every 15 minutes: the units whose records changed, from the quarter they changed to now.</summary>
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [60, 300, 900])]
    public async Task QuarterToDateAsync(CancellationToken cancellationToken)
    {
        var run = new RollupRun { Kind = "incremental", State = RollupState.Queued, QueuedAt = clock.GetUtcNow().UtcDateTime };
        db.RollupRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        await TrackAsync(run.Id, r => rollups.IncrementalAsync(r, cancellationToken), cancellationToken);
    }

    /// <summary>First day of a quarter: the full, closing rollup of the quarter before (and its year).</summary>
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [300, 900, 3600, 7200, 14400])]
    public async Task ClosePreviousQuarterAsync(CancellationToken cancellationToken)
    {
        var previous = Period.QuarterOf(clock.GetUtcNow().UtcDateTime).Previous;
        foreach (var period in new[] { previous, Period.OfYear(previous.Year) })
        {
            var run = new RollupRun { Kind = "full", PeriodKey = period.Key, State = RollupState.Queued, QueuedAt = clock.GetUtcNow().UtcDateTime };
            db.RollupRuns.Add(run);
            await db.SaveChangesAsync(cancellationToken);
            await TrackAsync(run.Id, r => rollups.FullAsync(null, period, r, cancellationToken), cancellationToken);
        }
    }

    private async Task TrackAsync(long runId, Func<RollupRun, Task> rollup, CancellationToken cancellationToken)
    {
        using var connection = storage.GetConnection();
        using var distributedLock = connection.AcquireDistributedLock(LockResource, LockTimeout);
        var run = await db.RollupRuns.AsNoTracking().SingleAsync(r => r.Id == runId, cancellationToken);
        await SetStateAsync(runId, RollupState.Running, null, cancellationToken);
        try
        {
            await rollup(run);
            await SetStateAsync(runId, RollupState.Succeeded, null, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await SetStateAsync(runId, RollupState.Failed, e.Message, CancellationToken.None);
            throw;
        }
    }

    private async Task SetStateAsync(long runId, RollupState state, string? error, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.RollupRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.State, state)
            .SetProperty(r => r.Error, error)
            .SetProperty(r => r.StartedAt, r => state == RollupState.Running ? now : r.StartedAt)
            .SetProperty(r => r.FinishedAt, r => state == RollupState.Succeeded || state == RollupState.Failed ? now : r.FinishedAt), cancellationToken);
    }

    /// <summary>Asia/Ho_Chi_Minh from the system's tz database, or the same fixed UTC+7 when it has none.</summary>
    public static TimeZoneInfo VietnamTimeZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Ho_Chi_Minh", VietnamTime.Offset, "Asia/Ho_Chi_Minh", "ICT");
        }
    }
}
