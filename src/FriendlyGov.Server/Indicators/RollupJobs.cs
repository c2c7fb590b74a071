using System.Diagnostics;
using FriendlyGov.Data;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Calendar;
using FriendlyGov.Domain.Indicators;
using FriendlyGov.Server.Operations;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Indicators;

/// <summary>
/// The rollup jobs Hangfire runs. Every run holds the rollup lock of <see cref="RollupLocks"/>, so
/// two rollups — of the same unit and period or not — never run at once on any server, and its own
/// lock, which dies with its server: a run left queued or running by a server that is gone is found
/// by <see cref="RecoverAsync"/> (at every start and every quarter-to-date run) and queued again.
/// Jobs are idempotent and retried with back-off.
/// </summary>
public sealed class RollupJobs(FriendlyGovDbContext db, RollupService rollups, RollupLocks locks, IBackgroundJobClient jobs, TimeProvider clock, FriendlyGovMetrics metrics, ILogger<RollupJobs> logger)
{
    public const string QuarterToDateJob = "rollup-quarter-to-date";
    public const string ClosingJob = "rollup-close-previous-quarter";
    public const string Full = "full", Incremental = "incremental";

    /// <summary>The error of a run whose server stopped before it ended (it is queued again).</summary>
    public const string ServerStoppedError = "The server running this rollup stopped before it ended; it is queued again.";

    /// <summary>
    /// How often the incremental rollup looks for work (Hangfire cron, seconds first): every 30 s, so that
    /// a record synced shows on the scorecard within a minute. A tick with nothing to do costs two small reads.
    /// </summary>
    public const string DefaultIncrementalCron = "*/30 * * * * *";

    /// <summary>Registers the recurring jobs in Vietnam time; idempotent, so safe at every start.</summary>
    public static void Register(IRecurringJobManager jobs, string incrementalCron)
    {
        var vietnam = VietnamTimeZone();
        jobs.AddOrUpdate<RollupJobs>(QuarterToDateJob, j => j.QuarterToDateAsync(CancellationToken.None), incrementalCron, new RecurringJobOptions { TimeZone = vietnam });
        jobs.AddOrUpdate<RollupJobs>(ClosingJob, j => j.ClosePreviousQuarterAsync(CancellationToken.None), "30 0 1 1,4,7,10 *", new RecurringJobOptions { TimeZone = vietnam });
    }

    /// <summary>Queues a full rollup of a subtree and period, recorded so that its progress can be read.</summary>
    public static async Task<RollupRun> EnqueueAsync(FriendlyGovDbContext db, IBackgroundJobClient jobs, int unitId, Period period, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var run = new RollupRun { Kind = Full, UnitId = unitId, PeriodKey = period.Key, State = RollupState.Queued, QueuedAt = nowUtc };
        db.RollupRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        jobs.Enqueue<RollupJobs>(j => j.RunAsync(run.Id, CancellationToken.None));
        return run;
    }

    /// <summary>Runs a recorded rollup, full or incremental: a queued one, a retry, or one whose server stopped.</summary>
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [30, 120, 600, 1800, 3600])]
    public Task RunAsync(long runId, CancellationToken cancellationToken) => TrackAsync(runId, cancellationToken);

    /// <summary>
    /// At every tick of its cron: the units whose records changed, from the quarter they changed to now.
    /// A tick with nothing to do, or while another rollup runs, records no run and holds no worker: the
    /// marks wait for the next tick (queued behind a long rollup, ticks would take every worker).
    /// </summary>
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [60, 300, 900])]
    public async Task QuarterToDateAsync(CancellationToken cancellationToken)
    {
        // Here too, not only at start: with several servers, one that dies may not come back.
        await RecoverAsync(cancellationToken);
        if (await locks.IsRollupRunningAsync(cancellationToken) || !await rollups.HasWorkAsync(cancellationToken))
        {
            return;
        }

        await TrackAsync(await AddRunAsync(Incremental, null, cancellationToken), cancellationToken);
    }

    /// <summary>First day of a quarter: the full, closing rollup of the quarter before (and its year).</summary>
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [300, 900, 3600, 7200, 14400])]
    public async Task ClosePreviousQuarterAsync(CancellationToken cancellationToken)
    {
        var previous = Period.QuarterOf(clock.GetUtcNow().UtcDateTime).Previous;
        foreach (var period in new[] { previous, Period.OfYear(previous.Year) })
        {
            await TrackAsync(await AddRunAsync(Full, period, cancellationToken), cancellationToken);
        }
    }

    /// <summary>
    /// Finds the queued and running runs whose lock nobody holds — their server is gone, since a live
    /// one holds the lock of every run it has taken — and queues each again; a running one is marked
    /// failed first. Safe with several servers: a run whose server lives is never touched, and a run
    /// queued twice runs once (the second job finds it done). Returns how many were queued again.
    /// </summary>
    public async Task<int> RecoverAsync(CancellationToken cancellationToken)
    {
        var unfinished = await db.RollupRuns.AsNoTracking()
            .Where(r => r.State == RollupState.Queued || r.State == RollupState.Running).Select(r => r.Id).ToListAsync(cancellationToken);
        var requeued = 0;
        foreach (var runId in unfinished)
        {
            // Holding the orphan's lock, nobody can start it meanwhile; its retry waits until this is done.
            await using var orphan = await locks.TryTakeOrphanAsync(runId, cancellationToken);
            if (orphan is null)
            {
                continue;
            }

            var state = await db.RollupRuns.Where(r => r.Id == runId).Select(r => r.State).SingleAsync(cancellationToken);
            if (state == RollupState.Running)
            {
                await SetStateAsync(runId, RollupState.Failed, ServerStoppedError, cancellationToken);
                logger.LogWarning("Rollup {RunId} was running on a server that stopped: marked failed and queued again.", runId);
            }
            else if (state == RollupState.Queued)
            {
                // Not taken by any server yet, or taken by one that stopped (or, on SQLite, queued in a previous process's memory).
                logger.LogInformation("Rollup {RunId} is queued and no server holds it: queued again.", runId);
            }
            else
            {
                continue;
            }

            jobs.Enqueue<RollupJobs>(j => j.RunAsync(runId, CancellationToken.None));
            requeued++;
        }

        return requeued;
    }

    private async Task<long> AddRunAsync(string kind, Period? period, CancellationToken cancellationToken)
    {
        var run = new RollupRun { Kind = kind, PeriodKey = period?.Key, State = RollupState.Queued, QueuedAt = clock.GetUtcNow().UtcDateTime };
        db.RollupRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return run.Id;
    }

    private async Task TrackAsync(long runId, CancellationToken cancellationToken)
    {
        await using var held = await locks.AcquireAsync(runId, cancellationToken);
        var run = await db.RollupRuns.AsNoTracking().SingleAsync(r => r.Id == runId, cancellationToken);
        if (run.State == RollupState.Succeeded)
        {
            // A second job of a run that is done: queued again while its first job was still waiting in a queue.
            logger.LogInformation("Rollup {RunId} has already succeeded.", runId);
            return;
        }

        await SetStateAsync(runId, RollupState.Running, null, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        try
        {
            if (run.Kind == Incremental)
            {
                await rollups.IncrementalAsync(run, cancellationToken);
            }
            else
            {
                await rollups.FullAsync(run.UnitId, Period.FromKey(run.PeriodKey!.Value), run, cancellationToken);
            }

            await SetStateAsync(runId, RollupState.Succeeded, null, cancellationToken);
            await MeasureAsync(run, succeeded: true, started, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await SetStateAsync(runId, RollupState.Failed, e.Message, CancellationToken.None);
            await MeasureAsync(run, succeeded: false, started, CancellationToken.None);
            throw;
        }
    }

    private async Task MeasureAsync(RollupRun run, bool succeeded, long started, CancellationToken cancellationToken)
    {
        var units = await db.RollupRuns.Where(r => r.Id == run.Id).Select(r => r.UnitsDone).SingleAsync(cancellationToken);
        metrics.Rollup(run.Kind, succeeded, units, Stopwatch.GetElapsedTime(started));
    }

    private async Task SetStateAsync(long runId, RollupState state, string? error, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.RollupRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.State, state)
            .SetProperty(r => r.Error, error)
            .SetProperty(r => r.StartedAt, r => state == RollupState.Running ? now : r.StartedAt)
            .SetProperty(r => r.FinishedAt, state == RollupState.Succeeded || state == RollupState.Failed ? (DateTime?)now : null), cancellationToken);
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
