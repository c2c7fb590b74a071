using System.Net;
using FriendlyGov.Data;
using FriendlyGov.Grpc.V1;
using FriendlyGov.Server.Tests.Admin;
using FriendlyGov.Server.Tests.Sync;
using Grpc.Core;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FriendlyGov.Server.Tests.Operations;

/// <summary>Two real server processes on one PostgreSQL database, as two replicas behind a load balancer.</summary>
public sealed class TwoReplicas : IAsyncLifetime
{
    private PostgresDeployment? _deployment;

    internal PostgresDeployment Deployment => _deployment ?? throw new InvalidOperationException("Not started.");

    internal PostgresDeployment.Server A { get; private set; } = null!;

    internal PostgresDeployment.Server B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _deployment = await PostgresDeployment.CreateAsync();

        // Plain HTTP on loopback: the admin's cookies may travel without TLS here.
        A = await _deployment.StartServerAsync(("Admin__SecureCookies", "false"));
        B = await _deployment.StartServerAsync(("Admin__SecureCookies", "false"));
    }

    public async Task DisposeAsync()
    {
        if (_deployment is not null)
        {
            await _deployment.DisposeAsync();
        }
    }
}

public sealed class ReplicaFacts(TwoReplicas replicas) : IClassFixture<TwoReplicas>
{
    [Fact]
    public async Task RecordsWrittenThroughOneReplicaAreOnTheOthersChangeFeedInOrder()
    {
        var written = Enumerable.Range(1, 5).Select(i => WireDossiers.New("16999", "91", i)).ToList();
        foreach (var record in written)
        {
            await new DossierService.DossierServiceClient(replicas.A.Channel()).UpsertDossiersAsync(new UpsertDossiersRequest { Records = { record } }, deadline: DateTime.UtcNow.AddSeconds(60));
        }

        var seen = new List<string>();
        using var call = new ChangeFeedService.ChangeFeedServiceClient(replicas.B.Channel()).WatchChanges(new WatchChangesRequest(), deadline: DateTime.UtcNow.AddSeconds(60));
        await foreach (var message in call.ResponseStream.ReadAllAsync())
        {
            if (message.Heartbeat is { CaughtUp: true })
            {
                break;
            }

            seen.Add(message.Change.Dossier.Code);
        }

        Assert.Equal(written.Select(r => r.Code), seen.Where(c => c.Contains(".91.", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AFullRollupAskedOfBothReplicasAtOnceRunsWholeOnOneServerAtATime()
    {
        var channels = new[] { replicas.A, replicas.B };
        var started = await Task.WhenAll(channels.Select(s => new IndicatorService.IndicatorServiceClient(s.Channel()).StartRollupAsync(
            new StartRollupRequest { UnitCode = "38", Period = new Period { Year = 2026, Quarter = 1 } }, deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync));
        var ended = await Task.WhenAll(started.Select(s => replicas.A.WaitForRollupAsync(s.RollupId)));

        // Each run whole: every unit of the province, once.
        Assert.All(ended, r => Assert.Equal((RollupState.Succeeded, r.UnitsTotal), (r.State, r.UnitsDone)));
        Assert.All(ended, r => Assert.True(r.UnitsTotal > 1));

        // One after the other: never two at once, whichever server ran each.
        await using var db = DatabaseSetup.CreateContext(replicas.Deployment.Database);
        var ids = started.Select(s => s.RollupId).ToList();
        var runs = await db.RollupRuns.AsNoTracking().Where(r => ids.Contains(r.Id)).OrderBy(r => r.StartedAt).ToListAsync();
        Assert.True(runs[0].FinishedAt <= runs[1].StartedAt, $"run {runs[0].Id} ran {runs[0].StartedAt:O}–{runs[0].FinishedAt:O}, run {runs[1].Id} from {runs[1].StartedAt:O}");

        // One snapshot per unit and indicator of the period: nothing doubled, nothing half-replaced.
        var period = runs[0].PeriodKey!.Value;
        var snapshots = await db.IndicatorSnapshots.AsNoTracking().Where(s => s.PeriodKey == period).Select(s => new { s.UnitId, s.IndicatorCode }).ToListAsync();
        Assert.Equal(snapshots.Count, snapshots.Distinct().Count());
        Assert.NotEmpty(snapshots);

        // Each job taken by one server once: one Processing state per rollup job in Hangfire's storage (these and the other tests').
        await using var connection = new NpgsqlConnection(replicas.Deployment.Database.ConnectionString);
        await connection.OpenAsync();
        await using var processing = new NpgsqlCommand("""
            SELECT count(DISTINCT j.id), count(*) FROM hangfire.state s JOIN hangfire.job j ON j.id = s.jobid
            WHERE s.name = 'Processing' AND j.invocationdata::text LIKE '%RollupJobs%"RunAsync"%'
            """, connection);
        await using var reader = await processing.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.True(reader.GetInt64(0) >= 2 && reader.GetInt64(1) == reader.GetInt64(0), $"{reader.GetInt64(1)} Processing states of {reader.GetInt64(0)} rollup jobs");
    }

    [Fact]
    public async Task TheScheduledClosingRollupAndAManualOneOfTheSameQuarterRunWholeOneAtATime()
    {
        var options = new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = false };
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(replicas.Deployment.Database.ConnectionString, options), options);
        var closing = Domain.Period.QuarterOf(DateTime.UtcNow).Previous;
        await using var db = DatabaseSetup.CreateContext(replicas.Deployment.Database);
        var before = await db.RollupRuns.MaxAsync(r => (long?)r.Id) ?? 0;

        // The scheduler's job, as its cron fires on the first day of a quarter, and a leader's button, at once.
        new RecurringJobManager(storage).Trigger(FriendlyGov.Server.Indicators.RollupJobs.ClosingJob);
        var manual = await new IndicatorService.IndicatorServiceClient(replicas.B.Channel()).StartRollupAsync(
            new StartRollupRequest { UnitCode = "38", Period = new Period { Year = closing.Year, Quarter = closing.Quarter } }, deadline: DateTime.UtcNow.AddSeconds(30));
        Assert.Equal(RollupState.Succeeded, (await replicas.B.WaitForRollupAsync(manual.RollupId)).State);
        var runs = new List<Domain.Indicators.RollupRun>();
        for (var attempt = 0; attempt < 720 && !(runs.Count == 3 && runs.All(r => r.State == Domain.Indicators.RollupState.Succeeded)); attempt++)
        {
            await Task.Delay(250);
            runs = await db.RollupRuns.AsNoTracking().Where(r => r.Id > before && r.Kind == FriendlyGov.Server.Indicators.RollupJobs.Full).OrderBy(r => r.StartedAt).ToListAsync();
        }

        // The quarter twice (scheduled, manual) and the year once (scheduled), each whole, never two at once.
        Assert.Equal(new[] { closing.Key, closing.Key, Domain.Period.OfYear(closing.Year).Key }.Order(), runs.Select(r => r.PeriodKey!.Value).Order());
        Assert.All(runs, r => Assert.Equal((Domain.Indicators.RollupState.Succeeded, r.UnitsTotal), (r.State, r.UnitsDone)));
        for (var i = 1; i < runs.Count; i++)
        {
            Assert.True(runs[i - 1].FinishedAt <= runs[i].StartedAt, $"run {runs[i - 1].Id} ended {runs[i - 1].FinishedAt:O}, run {runs[i].Id} started {runs[i].StartedAt:O}");
        }
    }

    [Fact]
    public async Task AUserSignedInOnOneReplicaIsSignedInOnTheOther()
    {
        var password = await replicas.Deployment.AddUserAsync("leader", "38", "lanhdao.tinh");
        using var cookies = new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        using var onA = new HttpClient(cookies, disposeHandler: false) { BaseAddress = replicas.A.Web };
        using var onB = new HttpClient(cookies, disposeHandler: false) { BaseAddress = replicas.B.Web };
        using var stranger = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = replicas.B.Web };

        using var login = await onA.LogInAsync("lanhdao.tinh", password);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        using var dashboard = await onB.GetAsync(new Uri("/dashboard", UriKind.Relative));
        using var refused = await stranger.GetAsync(new Uri("/dashboard", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/login", refused.Headers.Location!.ToString(), StringComparison.Ordinal);
    }
}

/// <summary>
/// Two real replicas on one PostgreSQL database, one killed with SIGKILL in the middle of a rollup.
/// Their Hangfire hands a dead server's job to another after 15 s (Jobs:InvisibilityTimeoutSeconds;
/// 300 by default). The rollup is held mid-way by the test itself, as in RollupCrashFacts: it keeps a
/// row of the period's snapshots locked, so the run waits inside its replacing transaction.
/// </summary>
public sealed class ReplicaCrashFacts
{
    [Fact]
    public async Task AReplicaKilledMidRollupLeavesTheJobToTheOtherWhichRunsThePeriodWhole()
    {
        await using var deployment = await PostgresDeployment.CreateAsync();
        var servers = new[]
        {
            await deployment.StartServerAsync(("Jobs__InvisibilityTimeoutSeconds", "15")),
            await deployment.StartServerAsync(("Jobs__InvisibilityTimeoutSeconds", "15")),
        };
        var quarter = new Domain.Period(2026, 1);
        Assert.Equal(RollupState.Succeeded, (await servers[0].RollupAsync(quarter.Year, quarter.Quarter)).State);
        var database = deployment.Database;

        // The test holds the quarter's replace lock: the run waits for it inside its replacing transaction.
        await using var holder = new NpgsqlConnection(database.ConnectionString);
        await holder.OpenAsync();
        await using var hold = await Indicators.RollupCrashFacts.HoldPeriodAsync(holder, quarter);

        var rollupId = (await new IndicatorService.IndicatorServiceClient(servers[0].Channel()).StartRollupAsync(
            new StartRollupRequest { UnitCode = "38", Period = new Period { Year = quarter.Year, Quarter = quarter.Quarter } }, deadline: DateTime.UtcNow.AddSeconds(30))).RollupId;
        await Indicators.RollupCrashFacts.WaitUntilAsync(
            () => Indicators.RollupCrashFacts.ScalarAsync<long>(database, Indicators.RollupCrashFacts.WaitingForThePeriod),
            n => n == 1, TimeSpan.FromMinutes(2), "the rollup never came to replace the quarter's snapshots");

        // Whichever replica's worker took the job: its run's lock session names the process.
        var holderName = await Indicators.RollupCrashFacts.ScalarAsync<string>(database, $"SELECT application_name FROM pg_stat_activity WHERE application_name LIKE 'FriendlyGov rollup {rollupId} on %'");
        var killed = servers.Single(s => holderName.EndsWith($" pid {s.Process.Process.Id}", StringComparison.Ordinal));
        var survivor = servers.Single(s => s != killed);
        killed.Process.KillHard();
        await hold.RollbackAsync();

        var jobId = await Indicators.RollupCrashFacts.ScalarAsync<long>(database,
            $"SELECT id FROM hangfire.job WHERE invocationdata::text LIKE '%RollupJobs%RunAsync%' AND arguments::text ~ '(^|[^0-9]){rollupId}([^0-9]|$)' ORDER BY id LIMIT 1");
        var channel = survivor.Channel();
        var ended = await Indicators.RollupCrashFacts.WaitUntilAsync(
            () => Indicators.RollupCrashFacts.GetAsync(channel, rollupId),
            r => r.State == RollupState.Succeeded, TimeSpan.FromMinutes(2), $"the killed replica's rollup did not succeed on the other within 2 minutes:\n{survivor.Process.Text}");

        // Whole: every unit of the province, one snapshot per unit and indicator.
        Assert.Equal(ended.UnitsTotal, ended.UnitsDone);
        await using var db = DatabaseSetup.CreateContext(database);
        var snapshots = await db.IndicatorSnapshots.AsNoTracking().Where(s => s.PeriodKey == quarter.Key).Select(s => new { s.UnitId, s.IndicatorCode }).ToListAsync();
        Assert.Equal(snapshots.Count, snapshots.Distinct().Count());
        Assert.True(snapshots.Count >= ended.UnitsTotal * Domain.Indicators.IndicatorCatalogue.All.Count, $"{snapshots.Count} snapshots for {ended.UnitsTotal} units");

        // The same Hangfire job, taken again by the surviving replica's server (Hangfire's server ids hold the pid).
        await Indicators.RollupCrashFacts.WaitUntilAsync(
            () => Indicators.RollupCrashFacts.ScalarAsync<long>(database,
                $"SELECT count(*) FROM hangfire.state WHERE jobid = {jobId} AND name = 'Processing' AND data::jsonb->>'ServerId' LIKE '%:{survivor.Process.Process.Id}:%'"),
            n => n >= 1, TimeSpan.FromMinutes(1), $"job {jobId} was never processed by the surviving replica");
    }
}
