using System.Diagnostics;
using System.Globalization;
using System.Text;
using FriendlyGov.Benchmarks;
using FriendlyGov.Data;
using Npgsql;

// Bulk-sync benchmark: see BenchmarkOptions.Usage and scripts/benchmark-sync.sh;
// with --rollup, the rollup benchmark (RollupBenchmark.cs) with the same --connection and --rows;
// --dashboard runs it too, then the dashboard load on its data (DashboardBenchmark.cs);
// --workspace loads the same data and times the record pages and a 10,000-row import (WorkspaceBenchmark.cs).
var dashboard = args.Contains("--dashboard");
var rollup = dashboard || args.Contains("--rollup");
var workspace = args.Contains("--workspace");
BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse([.. args.Where(a => a is not ("--rollup" or "--dashboard" or "--workspace"))]);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}\n\n{BenchmarkOptions.Usage}");
    return 2;
}

if (workspace && !options.Help)
{
    return await WorkspaceBenchmark.RunAsync(Path.GetFullPath(options.ServerDll ?? Benchmark.DefaultServerDll()), options.Connection, options.Rows, options.DashboardRequests);
}

if (rollup && !options.Help)
{
    var serverDll = Path.GetFullPath(options.ServerDll ?? Benchmark.DefaultServerDll());
    return await RollupBenchmark.RunAsync(options.Connection, options.Rows, options.Rows / 10, communes: 600, repeats: 3, dashboard
        ? (database, connection) => DashboardBenchmark.RunAsync(serverDll, options.Connection, database, connection, options.DashboardRequests, options.DashboardParallel)
        : null);
}

if (options.Help)
{
    Console.WriteLine(BenchmarkOptions.Usage);
    return 0;
}

using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(options.TimeoutMinutes));
try
{
    Console.Write(await Benchmark.RunAsync(options, timeout.Token));
    return 0;
}
catch (OperationCanceledException) when (timeout.IsCancellationRequested)
{
    Console.Error.WriteLine($"error: the benchmark did not finish within {options.TimeoutMinutes} minutes (--timeout-minutes)");
    return 1;
}
catch (Exception e) when (e is InvalidOperationException or TimeoutException or NpgsqlException or Grpc.Core.RpcException or IOException)
{
    Console.Error.WriteLine($"error: {e}");
    return 1;
}

namespace FriendlyGov.Benchmarks
{
    /// <summary>One run: set up, sync, read the feed, COPY, and the results as text.</summary>
    public static class Benchmark
    {
        private const string BaseDatabase = "fg_bench_base";
        private const string SyncDatabase = "fg_bench_sync";
        private const string CopyDatabase = "fg_bench_copy";
        private const string StreamsDatabase = "fg_bench_streams";

        public static async Task<string> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
        {
            var serverDll = Path.GetFullPath(options.ServerDll ?? DefaultServerDll());
            if (!File.Exists(serverDll))
            {
                throw new IOException($"no server build at {serverDll}: build it with `dotnet build src/FriendlyGov.Server -c Release` (scripts/benchmark-sync.sh does)");
            }

            var serverBuild = $"built {File.GetLastWriteTimeUtc(serverDll):yyyy-MM-dd HH:mm:ss}Z, sha256 {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(serverDll, cancellationToken)))[..12]}, from {options.BuildNote}";
            var admin = new NpgsqlConnectionStringBuilder(options.Connection) { Pooling = false, CommandTimeout = 0 };
            string Connection(string database) => new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = database }.ConnectionString;
            (string, string)[] ServerSettings(string database) =>
                [("Database__Provider", "PostgreSql"), ("ConnectionStrings__FriendlyGov", Connection(database)), .. options.ServerEnvironment];

            await using var adminConnection = new NpgsqlConnection(admin.ConnectionString);
            await adminConnection.OpenAsync(cancellationToken);
            var pgVersion = (string)(await Scalar(adminConnection, "SHOW server_version", cancellationToken))!;
            var pgSettings = await Settings(adminConnection, cancellationToken);
            var postmaster = await ResourceSampler.FindPostmasterAsync(adminConnection);
            Report.Progress($"PostgreSQL {pgVersion}; {Report.Machine()}");

            // 1. A seeded, migrated base database with two API clients; the sync and every COPY run start from a clone of it.
            foreach (var database in new[] { SyncDatabase, CopyDatabase, StreamsDatabase, BaseDatabase })
            {
                await Execute(adminConnection, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)", cancellationToken);
            }

            await Execute(adminConnection, $"CREATE DATABASE {BaseDatabase}", cancellationToken);
            var setup = Stopwatch.StartNew();
            Report.Progress("seeding the base database (`FriendlyGov.Server seed-demo`: migrations and demo data)");
            await ServerHost.RunCommandAsync(serverDll, ServerSettings(BaseDatabase), ["seed-demo"], TimeSpan.FromMinutes(10));
            var syncKey = Key(await ServerHost.RunCommandAsync(serverDll, ServerSettings(BaseDatabase),
                ["clients", "add", "--name", "bench-sync", "--unit", "38", "--scopes", "dossiers:read,dossiers:write"], TimeSpan.FromMinutes(2)));
            var feedKey = Key(await ServerHost.RunCommandAsync(serverDll, ServerSettings(BaseDatabase),
                ["clients", "add", "--name", "bench-feed", "--unit", "38", "--scopes", "dossiers:read"], TimeSpan.FromMinutes(2)));
            var scorecardKey = Key(await ServerHost.RunCommandAsync(serverDll, ServerSettings(BaseDatabase),
                ["clients", "add", "--name", "bench-scorecard", "--unit", "38", "--scopes", "indicators:read"], TimeSpan.FromMinutes(2)));
            var seedSeconds = setup.Elapsed.TotalSeconds;

            ReferenceData reference;
            long demoDossiers, counterBase;
            await using (var baseConnection = new NpgsqlConnection(Connection(BaseDatabase)))
            {
                await baseConnection.OpenAsync(cancellationToken);
                var units = new List<int>();
                foreach (var code in DossierGenerator.UnitCodes)
                {
                    units.Add((int)(await Scalar(baseConnection, $"SELECT id FROM units WHERE code = '{code}'", cancellationToken)
                        ?? throw new InvalidOperationException($"the demo data has no unit {code}")));
                }

                async Task<int> ProcedureId(string code) => (int)(await Scalar(baseConnection, $"SELECT id FROM procedures WHERE code = '{code}'", cancellationToken)
                    ?? throw new InvalidOperationException($"the demo data has no procedure {code}"));
                reference = new ReferenceData([.. units], DossierGenerator.UnitCodes,
                    await ProcedureId(DossierGenerator.FullyOnlineProcedure), await ProcedureId(DossierGenerator.PartlyOnlineProcedure));
                if (options.CopyRepeats > 0)
                {
                    await Phases.CheckCopyColumnsAsync(baseConnection, cancellationToken);
                }

                demoDossiers = (long)(await Scalar(baseConnection, "SELECT count(*) FROM dossiers", cancellationToken))!;
                counterBase = (long)(await Scalar(baseConnection, ChangeFeedSequence.LastDrawn, cancellationToken))!;
            }

            Report.Progress($"base database ready in {seedSeconds:F0} s ({demoDossiers:N0} demo dossiers); generating {options.Rows:N0} dossiers");
            var generate = Stopwatch.StartNew();
            // The warm-up rows come first: synced (and COPYed) untimed, so that both measured writers start from the same table
            // and the server's code is compiled (a fresh process spends tens of seconds of a core in the JIT).
            var all = DossierGenerator.Generate(options.WarmupRows + options.Rows, options.Days, options.Agencies, options.BatchSize, reference);
            var warmupBatches = options.WarmupRows / options.BatchSize;
            var warmup = all with { Rows = [.. all.Rows.Take(options.WarmupRows)], Batches = [.. all.Batches.Take(warmupBatches)] };
            var data = all with { Rows = [.. all.Rows.Skip(options.WarmupRows)], Batches = [.. all.Batches.Skip(warmupBatches)] };
            Report.Progress($"generated and checked against the domain rules in {generate.Elapsed.TotalSeconds:F1} s: {data.Batches.Count:N0} batches after {warmupBatches} of warm-up, {data.DaysUsed} days x {options.Agencies} agencies, sequences up to {data.MaxSequence}");

            // A fresh server on a database: the warm-up rows synced through it, untimed; then where the change positions stand.
            async Task<(ServerHost Server, long CounterBase)> StartWarmAsync(string database)
            {
                var started = await ServerHost.StartAsync(serverDll, ServerSettings(database), TimeSpan.FromMinutes(2));
                if (options.WarmupRows > 0)
                {
                    await Phases.SyncAsync(warmup.Batches, 1, started.GrpcPort, syncKey, Connection(database), counterBase, options.WarmupRows, cancellationToken);
                    var waited = await ResourceSampler.WaitUntilIdleAsync(started.Pid, TimeSpan.FromMinutes(3), cancellationToken);
                    Report.Progress($"warm-up synced; the server was idle (under 5% of a core for 3 s) {waited.TotalSeconds:F0} s later");
                }

                await using var connection = new NpgsqlConnection(Connection(database));
                await connection.OpenAsync(cancellationToken);
                return (started, (long)(await Scalar(connection, ChangeFeedSequence.LastDrawn, cancellationToken))!);
            }

            // 2. Sync into a fresh clone, through the real server process.
            await Execute(adminConnection, $"CREATE DATABASE {SyncDatabase} TEMPLATE {BaseDatabase}", cancellationToken);
            await Execute(adminConnection, "CHECKPOINT", cancellationToken);
            Report.Progress($"starting the server on {SyncDatabase} and syncing {options.WarmupRows:N0} warm-up dossiers");
            var (server, syncBase) = await StartWarmAsync(SyncDatabase);
            using var serverLifetime = server;
            var startRss = ProcStatusMb(server.Pid, "VmRSS:");
            PhaseStats syncStats;
            SyncResult sync;
            var feeds = new List<(FeedResult Result, PhaseStats Stats)>();
            List<double> freshness = [];
            long peakKb, sampledMaxKb;
            await using (var sampler = new ResourceSampler(server.Pid, postmaster, admin.ConnectionString, SyncDatabase))
            {
                Report.Progress($"server pid {server.Pid} healthy (RSS {startRss} MB); syncing {options.Rows:N0} dossiers in batches of {options.BatchSize} over {options.Streams} stream(s)");
                sampler.BeginPhase("sync");
                try
                {
                    sync = await Phases.SyncAsync(data.Batches, options.Streams, server.GrpcPort, syncKey, Connection(SyncDatabase), syncBase, options.Rows, cancellationToken);
                }
                catch (Exception) when (!server.HasExited)
                {
                    Console.Error.WriteLine($"server output (last lines):\n{server.Tail}");
                    throw;
                }
                finally
                {
                    syncStats = sampler.EndPhase();
                }

                Report.Progress($"sync done: {options.Rows / sync.Elapsed.TotalSeconds:N0} rows/s ({sync.Elapsed.TotalSeconds:F1} s)");

                // 3. The change feed, read whole by a client without personal_data, after an untimed read of the
                // warm-up rows' worth (which compiles the feed's code, as the warm-up sync did the sync's).
                var feedTotal = options.WarmupRows + options.Rows + demoDossiers;
                if (options.WarmupRows > 0)
                {
                    await Phases.ReadFeedAsync(server.GrpcPort, feedKey, cancellationToken, stopAfter: options.WarmupRows);
                }

                for (var i = 0; i < options.FeedRepeats; i++)
                {
                    sampler.BeginPhase("feed");
                    var feed = await Phases.ReadFeedAsync(server.GrpcPort, feedKey, cancellationToken);
                    var stats = sampler.EndPhase();
                    if (feed.Changes != feedTotal)
                    {
                        throw new InvalidOperationException($"the feed sent {feed.Changes:N0} changes, not {feedTotal:N0}");
                    }

                    feeds.Add((feed, stats));
                    Report.Progress($"feed read {i + 1}: {feed.Changes:N0} changes in {feed.Elapsed.TotalSeconds:F1} s = {feed.Changes / feed.Elapsed.TotalSeconds:N0} records/s (first after {feed.FirstChange.TotalMilliseconds:N0} ms)");
                }

                // 3b. Freshness: one dossier at a time, until the scorecard counts it.
                if (options.FreshnessRepeats > 0)
                {
                    Report.Progress($"freshness: {options.FreshnessRepeats} dossier(s) synced one at a time, each until GetScorecard counts it");
                    freshness = await Phases.FreshnessAsync(server.GrpcPort, syncKey, scorecardKey, Connection(SyncDatabase), reference, options.FreshnessRepeats, cancellationToken);
                    Report.Progress($"freshness: {string.Join(", ", freshness.Select(f => $"{f:F1} s"))}");
                }

                peakKb = sampler.ServerPeakRssKb();
                sampledMaxKb = sampler.MaxServerRssKb;
            }

            await server.StopAsync();

            async Task CheckStoredAsync(string database)
            {
                await using var connection = new NpgsqlConnection(Connection(database));
                await connection.OpenAsync(cancellationToken);
                var stored = (long)(await Scalar(connection, $"SELECT count(*) FROM dossiers WHERE source_system = '{DossierGenerator.SourceSystem}'", cancellationToken))!;
                if (stored != options.WarmupRows + options.Rows)
                {
                    throw new InvalidOperationException($"{database} holds {stored:N0} benchmark dossiers, not {options.WarmupRows + options.Rows:N0}");
                }
            }

            await CheckStoredAsync(SyncDatabase);
            var syncSize = (await DatabaseSizes.ReadAsync(Connection(SyncDatabase), cancellationToken)).Dossiers;

            // 2b. The same rows again over several concurrent streams, into another fresh clone: writers
            // of different records do not wait for each other, so together they should go faster.
            SyncResult? streams = null;
            if (options.CompareStreams > 0)
            {
                await Execute(adminConnection, $"CREATE DATABASE {StreamsDatabase} TEMPLATE {BaseDatabase}", cancellationToken);
                await Execute(adminConnection, "CHECKPOINT", cancellationToken);
                var (again, streamsBase) = await StartWarmAsync(StreamsDatabase);
                using var againLifetime = again;
                Report.Progress($"syncing the same {options.Rows:N0} dossiers over {options.CompareStreams} streams into {StreamsDatabase}");
                streams = await Phases.SyncAsync(data.Batches, options.CompareStreams, again.GrpcPort, syncKey, Connection(StreamsDatabase), streamsBase, options.Rows, cancellationToken);
                await again.StopAsync();
                await CheckStoredAsync(StreamsDatabase);
                Report.Progress($"{options.CompareStreams} streams done: {options.Rows / streams.Elapsed.TotalSeconds:N0} rows/s ({streams.Elapsed.TotalSeconds:F1} s)");
            }

            // 4. The COPY baseline, each run into its own fresh clone of the same base database.
            var copies = new List<(CopyResult Result, PhaseStats Stats)>();
            string? copySize = null;
            for (var i = 0; i < options.CopyRepeats; i++)
            {
                await Execute(adminConnection, $"DROP DATABASE IF EXISTS {CopyDatabase} WITH (FORCE)", cancellationToken);
                await Execute(adminConnection, $"CREATE DATABASE {CopyDatabase} TEMPLATE {BaseDatabase}", cancellationToken);
                await Execute(adminConnection, "CHECKPOINT", cancellationToken);
                await using var sampler = new ResourceSampler(0, postmaster, admin.ConnectionString, CopyDatabase);
                await using var copyConnection = new NpgsqlConnection(Connection(CopyDatabase));
                await copyConnection.OpenAsync(cancellationToken);
                await Phases.CopyAsync(copyConnection, warmup.Rows, cancellationToken);
                sampler.BeginPhase("copy");
                var copy = await Phases.CopyAsync(copyConnection, data.Rows, cancellationToken);
                var stats = sampler.EndPhase();
                await copyConnection.CloseAsync();
                copies.Add((copy, stats));
                copySize = (await DatabaseSizes.ReadAsync(Connection(CopyDatabase), cancellationToken)).Dossiers;
                Report.Progress($"COPY {i + 1}: {copy.Rows:N0} rows in {copy.Elapsed.TotalSeconds:F1} s = {copy.Rows / copy.Elapsed.TotalSeconds:N0} rows/s");
            }

            foreach (var database in options.KeepDatabases ? [] : new[] { SyncDatabase, CopyDatabase, StreamsDatabase, BaseDatabase })
            {
                await Execute(adminConnection, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)", cancellationToken);
            }

            return Results(new RunFacts(options, pgVersion, pgSettings, serverDll, serverBuild, demoDossiers, seedSeconds, data, startRss,
                sync, syncStats, streams, feeds, freshness, copies, peakKb, sampledMaxKb, syncSize, copySize));
        }

        private sealed record RunFacts(
            BenchmarkOptions Options, string PgVersion, string PgSettings, string ServerDll, string ServerBuild, long DemoDossiers, double SeedSeconds,
            GeneratedDossiers Data, long StartRssMb, SyncResult Sync, PhaseStats SyncStats, SyncResult? Streams,
            List<(FeedResult Result, PhaseStats Stats)> Feeds, List<double> Freshness, List<(CopyResult Result, PhaseStats Stats)> Copies,
            long PeakKb, long SampledMaxKb, string SyncSize, string? CopySize);

        private static string Results(RunFacts f)
        {
            var o = f.Options;
            var syncRate = o.Rows / f.Sync.Elapsed.TotalSeconds;
            var copyRates = f.Copies.Select(c => c.Result.Rows / c.Result.Elapsed.TotalSeconds).ToList();
            var copyRate = Report.Median(copyRates);
            var feedRates = f.Feeds.Select(x => x.Result.Changes / x.Result.Elapsed.TotalSeconds).ToList();
            var feedRate = Report.Median(feedRates);
            var ratio = syncRate / copyRate;
            var streamsRate = f.Streams is null ? double.NaN : o.Rows / f.Streams.Elapsed.TotalSeconds;
            var streamsRatio = streamsRate / syncRate;
            var peakMb = f.PeakKb / 1024.0;
            var freshness = f.Freshness.Count == 0 ? double.NaN : f.Freshness.Max();
            static string Goal(bool? met) => met switch { true => "met", false => "NOT met", null => "n/a" };
            static string Runs(IEnumerable<double> rates) => string.Join(", ", rates.Select(Report.N));

            var text = new StringBuilder();
            text.AppendLine();
            text.AppendLine("FriendlyGov sync benchmark");
            text.AppendLine(CultureInfo.InvariantCulture, $"machine:    {Report.Machine()}");
            text.AppendLine(CultureInfo.InvariantCulture, $"PostgreSQL: {f.PgVersion}; {o.ClusterNote}");
            text.AppendLine(CultureInfo.InvariantCulture, $"            settings: {f.PgSettings}");
            text.AppendLine(CultureInfo.InvariantCulture, $"server:     {f.ServerDll} (separate process, Logging__LogLevel__Default=Warning{string.Concat(o.ServerEnvironment.Select(e => $", {e.Name}={e.Value}"))})");
            text.AppendLine(CultureInfo.InvariantCulture, $"            {f.ServerBuild}");
            text.AppendLine(CultureInfo.InvariantCulture, $"data:       {o.Rows:N0} generated valid dossiers (units 16999/16998, procedures 1.001193/2.000815, {f.Data.DaysUsed} days x {o.Agencies} agencies from 2025-07-01, ~5% with a supplement request, no applicant),");
            text.AppendLine(CultureInfo.InvariantCulture, $"            into a database already holding the {f.DemoDossiers:N0} demo dossiers of seed-demo ({f.SeedSeconds:F0} s); the sync and each COPY start from a clone of it,");
            text.AppendLine(CultureInfo.InvariantCulture, $"            into which {o.WarmupRows:N0} more were first synced (COPYed for the baseline) untimed, and the feed read that far untimed, and the server left until idle, so that its code is compiled");
            text.AppendLine(CultureInfo.InvariantCulture, $"sync:       DossierService.SyncDossiers, {o.Streams} concurrent stream(s), {f.Sync.Batches:N0} batches of {o.BatchSize}; applied {f.Sync.Totals.AppliedCount:N0}, rejected {f.Sync.Totals.RejectedCount}");
            text.AppendLine(CultureInfo.InvariantCulture, $"COPY:       NpgsqlBinaryImporter into dossiers (every column; change_positions advanced after), {f.Copies.Count} run(s), each into a fresh clone");
            text.AppendLine(CultureInfo.InvariantCulture, $"feed:       ChangeFeedService.WatchChanges (empty token, follow=false, DOSSIER) to the caught-up heartbeat, client without personal_data, {f.Feeds.Count} run(s), {f.Feeds.FirstOrDefault().Result?.Changes ?? 0:N0} records each (warm-up, benchmark and demo)");
            text.AppendLine();
            text.Append(Report.Table(
            [
                ["measure", "value", "goal"],
                ["nproc / memory / CPU", Report.Machine(), ""],
                ["PostgreSQL", f.PgVersion, ""],
                ["rows", o.Rows.ToString("N0", CultureInfo.InvariantCulture), ""],
                ["sync rows/s", $"{Report.N(syncRate)} ({f.Sync.Elapsed.TotalSeconds:F1} s, {o.Streams} stream(s))", ""],
                ["COPY rows/s", f.Copies.Count == 0 ? "skipped" : $"{Report.N(copyRate)} (median of {f.Copies.Count}: {Runs(copyRates)})", ""],
                ["sync rows/s, more streams", f.Streams is null ? "skipped" : $"{Report.N(streamsRate)} ({f.Streams.Elapsed.TotalSeconds:F1} s, {o.CompareStreams} streams)", ""],
                [$"ratio {o.CompareStreams} streams / {o.Streams}", f.Streams is null ? "n/a" : streamsRatio.ToString("F2", CultureInfo.InvariantCulture), $">= 1.5 (4 streams / 1): {Goal(f.Streams is null || o.Streams != 1 || o.CompareStreams != 4 ? null : streamsRatio >= 1.5)}"],
                ["ratio sync/COPY", f.Copies.Count == 0 ? "n/a" : ratio.ToString("F3", CultureInfo.InvariantCulture), $">= 0.5: {Goal(f.Copies.Count == 0 ? null : ratio >= 0.5)}"],
                ["server peak RSS MB (VmHWM)", peakMb.ToString("F0", CultureInfo.InvariantCulture), $"< 600: {Goal(peakMb < 600)}"],
                ["server max VmRSS MB (1 s samples)", $"{Report.Mb(f.SampledMaxKb)} (at start {f.StartRssMb}; sync {Report.Mb(f.SyncStats.MaxServerRssKb)}, feed {Report.Mb(f.Feeds.Select(x => x.Stats.MaxServerRssKb).DefaultIfEmpty(0).Max())})", ""],
                ["feed records/s", f.Feeds.Count == 0 ? "skipped" : $"{Report.N(feedRate)} (median of {f.Feeds.Count}: {Runs(feedRates)})", $">= 100,000: {Goal(f.Feeds.Count == 0 ? null : feedRate >= 100_000)}"],
                ["freshness s (synced to the scorecard)", f.Freshness.Count == 0 ? "skipped" : $"{freshness:F1} (worst of {f.Freshness.Count}: {string.Join(", ", f.Freshness.Select(x => x.ToString("F1", CultureInfo.InvariantCulture)))})", $"<= 60: {Goal(f.Freshness.Count == 0 ? null : freshness <= 60)}"],
            ]));

            text.AppendLine();
            var quarters = Report.QuarterRates(f.Sync.Progress, o.Rows);
            text.AppendLine(CultureInfo.InvariantCulture, $"sync rows/s by quarter of the load (change-counter samples every 5 s): {string.Join(" | ", quarters.Select(Report.N))}");
            if (f.Feeds.Count > 0)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"feed time to first change: {string.Join(", ", f.Feeds.Select(x => $"{x.Result.FirstChange.TotalMilliseconds:N0} ms"))}");
            }

            text.AppendLine(CultureInfo.InvariantCulture, $"dossiers table size (heap + indexes): after sync {f.SyncSize}; after COPY {f.CopySize ?? "n/a"}");
            text.AppendLine();
            text.AppendLine("CPU by phase (seconds of CPU; cores = CPU s / wall s; the machine has " + Environment.ProcessorCount + "):");
            text.AppendLine("  " + Report.Cpu(f.SyncStats));
            foreach (var (_, stats) in f.Feeds)
            {
                text.AppendLine("  " + Report.Cpu(stats));
            }

            foreach (var (_, stats) in f.Copies)
            {
                text.AppendLine("  " + Report.Cpu(stats) + " (no server)");
            }

            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"PostgreSQL backends of {SyncDatabase} during the sync (pg_stat_activity every 250 ms; average number of backends in each state):");
            text.Append(Report.Activity(f.SyncStats, 12));
            if (f.Feeds.Count > 0)
            {
                text.AppendLine("... during the first feed read:");
                text.Append(Report.Activity(f.Feeds[0].Stats, 6));
            }

            if (f.Copies.Count > 0)
            {
                text.AppendLine("... during the first COPY:");
                text.Append(Report.Activity(f.Copies[0].Stats, 4));
            }

            // The one line for scripts: numbers only (a skipped measure is nan), the server's VmHWM as the kernel counted it.
            static string Number(double value, string format) => double.IsNaN(value) ? "nan" : value.ToString(format, CultureInfo.InvariantCulture);
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"result sync_rows_per_s={Number(syncRate, "F0")} copy_rows_per_s={Number(copyRate, "F0")} sync_copy_ratio={Number(ratio, "F3")} feed_records_per_s={Number(feedRate, "F0")} server_peak_rss_mb={Number(peakMb, "F0")} streams_rows_per_s={Number(streamsRate, "F0")} streams_ratio={Number(streamsRatio, "F2")} freshness_s={Number(freshness, "F1")}");
            return text.ToString();
        }

        private static string Key(string output) =>
            output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("key: ", StringComparison.Ordinal))?["key: ".Length..]
            ?? throw new InvalidOperationException($"`clients add` printed no key:\n{output}");

        public static string DefaultServerDll()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "FriendlyGov.slnx")))
                {
                    return Path.Combine(directory.FullName, "src", "FriendlyGov.Server", "bin", "Release", "net10.0", "FriendlyGov.Server.dll");
                }
            }

            throw new IOException("cannot find the repository (FriendlyGov.slnx) above the benchmark: pass --server-dll");
        }

        private static async Task<object?> Scalar(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var value = await command.ExecuteScalarAsync(cancellationToken);
            return value is DBNull ? null : value;
        }

        private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        private static async Task<string> Settings(NpgsqlConnection connection, CancellationToken cancellationToken)
        {
            await using var command = new NpgsqlCommand(
                """
                SELECT string_agg(name || '=' || current_setting(name), ', ' ORDER BY name) FROM pg_settings
                WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers', 'max_wal_size', 'checkpoint_timeout', 'wal_level', 'autovacuum', 'work_mem', 'max_connections')
                """, connection);
            return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        private static long ProcStatusMb(int pid, string field)
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
        }
    }
}
