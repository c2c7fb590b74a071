using System.Diagnostics;
using System.Globalization;
using FriendlyGov.Data;
using FriendlyGov.Data.Bulk;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Calendar;
using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Domain.Units;
using FriendlyGov.Server.Indicators;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace FriendlyGov.Benchmarks;

/// <summary>
/// The rollup benchmark (`--rollup`): a full rollup of 1,000,000 dossiers and 100,000 surveys over
/// 600 communes × 8 quarters on PostgreSQL in one call, against hand-written GROUP BYs computing the
/// same leaf figures per unit and quarter in the same run (<see cref="Baseline"/>); then the incremental
/// rollup after 1,000 changed dossiers, repeated for a median; at the end one `result` line for scripts. Runs the server's rollup code in process; then, if
/// asked, something else on the rolled-up database before it is dropped (the dashboard load).
/// </summary>
public static class RollupBenchmark
{
    /// <summary>The generated province (every commune is its child), its first commune, and the last quarter rolled up.</summary>
    public const string Province = "80";
    public const string FirstCommune = "80001";
    public static readonly Period LastQuarter = new(2025, 4);

    /// <summary>
    /// The hand-written baseline: every leaf figure of the rollup's 33 record indicators for every commune and
    /// quarter, one GROUP BY (unit, quarter) per kind of record and placing date — received, finished, finished
    /// late with an apology issued by the quarter's end, still open and late at each quarter's end (with its
    /// apology; only the dossiers that can be, through the two partial indexes of late dossiers: a join of every
    /// dossier with the ends took ten times as long), surveys with the six scores, letters by kind, receptions by
    /// role, dialogues, their opinions, petitions. The rollup also sums them up the unit tree, resolves targets and writes the snapshots.
    /// </summary>
    private static string Baseline(List<Period> quarters, DateTime asOfUtc)
    {
        var first = quarters[0].Key;
        var last = quarters[^1].Key;
        var ends = string.Join(", ", quarters.Select(q =>
            $"({q.Key}, '{(asOfUtc < q.EndUtc ? asOfUtc : q.EndUtc):yyyy-MM-dd HH:mm:ss}+00'::timestamptz)"));
        return $"""
            SELECT unit_id, received_quarter, count(*), count(*) FILTER (WHERE channel = 1), count(*) FILTER (WHERE channel = 3),
                count(*) FILTER (WHERE online_level = 2), count(*) FILTER (WHERE online_level = 3), count(*) FILTER (WHERE inter_agency),
                count(*) FILTER (WHERE paid_online AND channel = 2)
              FROM dossiers WHERE received_quarter BETWEEN {first} AND {last} GROUP BY unit_id, received_quarter;
            SELECT unit_id, finished_quarter, count(*), count(*) FILTER (WHERE finished_at <= effective_due_at AND supplement_count <= 1),
                count(*) FILTER (WHERE result_published), count(*) FILTER (WHERE digitised), count(*) FILTER (WHERE result_issued_electronically)
              FROM dossiers WHERE status IN (6, 7) AND finished_quarter BETWEEN {first} AND {last} GROUP BY unit_id, finished_quarter;
            SELECT d.unit_id, d.finished_quarter, count(*) FROM dossiers d
              JOIN letters l ON l.dossier_id = d.id AND l.kind = 4 AND l.state = 2 AND l.issued_quarter <= d.finished_quarter
              WHERE d.status IN (6, 7) AND d.finished_quarter BETWEEN {first} AND {last} AND NOT (d.finished_at <= d.effective_due_at AND d.supplement_count <= 1)
              GROUP BY d.unit_id, d.finished_quarter;
            SELECT d.unit_id, e.quarter, count(*), count(l.id) FROM (VALUES {ends}) e(quarter, end_at)
              JOIN (SELECT id, unit_id, received_at, late_at, finished_at FROM dossiers WHERE finished_at IS NULL AND late_at IS NOT NULL
                    UNION ALL SELECT id, unit_id, received_at, late_at, finished_at FROM dossiers WHERE late_at < finished_at) d
                ON d.late_at < e.end_at AND d.received_at < e.end_at AND (d.finished_at IS NULL OR d.finished_at >= e.end_at)
              LEFT JOIN letters l ON l.dossier_id = d.id AND l.kind = 4 AND l.state = 2 AND l.issued_at < e.end_at
              GROUP BY d.unit_id, e.quarter;
            SELECT unit_id, surveyed_quarter, count(*), count(*) FILTER (WHERE satisfied),
                sum(access_score), count(access_score), sum(procedure_score), count(procedure_score), sum(staff_attitude_score), count(staff_attitude_score),
                sum(timeliness_score), count(timeliness_score), sum(result_score), count(result_score), sum(feedback_handling_score), count(feedback_handling_score)
              FROM surveys WHERE surveyed_quarter BETWEEN {first} AND {last} GROUP BY unit_id, surveyed_quarter;
            SELECT unit_id, issued_quarter, kind, count(*) FROM letters WHERE state = 2 AND issued_quarter BETWEEN {first} AND {last} GROUP BY unit_id, issued_quarter, kind;
            SELECT unit_id, held_quarter, count(*), count(*) FILTER (WHERE host_role = 1), count(*) FILTER (WHERE host_role IN (2, 3))
              FROM reception_sessions WHERE held_quarter BETWEEN {first} AND {last} GROUP BY unit_id, held_quarter;
            SELECT unit_id, held_quarter, count(*) FROM dialogues WHERE held_quarter BETWEEN {first} AND {last} GROUP BY unit_id, held_quarter;
            SELECT d.unit_id, d.held_quarter, count(*) FROM dialogue_opinions o JOIN dialogues d ON d.id = o.dialogue_id
              WHERE d.held_quarter BETWEEN {first} AND {last} GROUP BY d.unit_id, d.held_quarter;
            SELECT unit_id, received_quarter, count(*), count(*) FILTER (WHERE status = 3) FROM petitions
              WHERE received_quarter BETWEEN {first} AND {last} GROUP BY unit_id, received_quarter;
            """;
    }

    /// <param name="afterwards">Called with the database's name and connection string once the snapshots exist.</param>
    public static async Task<int> RunAsync(string adminConnection, int dossiers, int surveys, int communes, int repeats, Func<string, string, Task>? afterwards = null)
    {
        var database = $"fg_bench_rollup_{Guid.NewGuid():N}"[..30];
        await using (var admin = new NpgsqlConnection(adminConnection))
        {
            await admin.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {database}", admin).ExecuteNonQueryAsync();
        }

        var options = new DatabaseOptions(DatabaseProvider.PostgreSql, new NpgsqlConnectionStringBuilder(adminConnection) { Database = database, CommandTimeout = 600 }.ConnectionString);
        var quarters = Enumerable.Range(0, 8).Select(i => new Period(2024 + (i / 4), (i % 4) + 1)).ToList();
        var now = VietnamTime.ToUtc(new DateTime(2026, 1, 5, 9, 0, 0));
        var clock = new FixedClock(now);
        try
        {
            var load = Stopwatch.StartNew();
            await LoadAsync(options, dossiers, surveys, communes);
            Console.WriteLine($"loaded {dossiers:N0} dossiers, {surveys:N0} surveys, {communes} communes in {load.Elapsed.TotalSeconds:F0} s");
            var size = await DatabaseSizes.ReadAsync(options.ConnectionString);
            Console.WriteLine($"database {size.Database:F0} MB: dossiers and their indexes {size.Dossiers}, surveys with indexes {size.Surveys:F0} MB");

            async Task<double> BaselineAsync()
            {
                var watch = Stopwatch.StartNew();
                await using var raw = new NpgsqlConnection(options.ConnectionString);
                await raw.OpenAsync();
                await using var reader = await new NpgsqlCommand(Baseline(quarters, now), raw) { CommandTimeout = 600 }.ExecuteReaderAsync();
                do
                {
                    while (await reader.ReadAsync())
                    {
                    }
                }
                while (await reader.NextResultAsync());
                return watch.Elapsed.TotalSeconds;
            }

            async Task<double> FullAsync()
            {
                var watch = Stopwatch.StartNew();
                await using var db = DatabaseSetup.CreateContext(options);
                await new RollupService(db, clock).FullAsync(null, quarters, null, CancellationToken.None);
                return watch.Elapsed.TotalSeconds;
            }

            var random = new Random(7);
            async Task<(double Seconds, int Pairs)> IncrementalAsync()
            {
                await using (var raw = new NpgsqlConnection(options.ConnectionString))
                {
                    await raw.OpenAsync();
                    await new NpgsqlCommand("DELETE FROM rollup_marks", raw).ExecuteNonQueryAsync();

                    // 1,000 dossiers of the last quarter change (the portal's usual updates), and their
                    // units are marked as every write marks them.
                    var offset = random.Next(0, Math.Max(1, (dossiers / 8) - 1000));
                    var changed = $"SELECT id, unit_id, received_quarter FROM dossiers WHERE received_quarter = 20254 ORDER BY id OFFSET {offset} LIMIT 1000";
                    await new NpgsqlCommand($"""
                        UPDATE dossiers d SET result_published = NOT d.result_published FROM ({changed}) c WHERE d.id = c.id;
                        INSERT INTO rollup_marks (unit_id, from_quarter) SELECT unit_id, min(received_quarter) FROM ({changed}) c GROUP BY unit_id;
                        """, raw).ExecuteNonQueryAsync();
                }

                var watch = Stopwatch.StartNew();
                await using var db = DatabaseSetup.CreateContext(options);
                var recomputed = await new RollupService(db, clock).IncrementalAsync(null, CancellationToken.None);
                return (watch.Elapsed.TotalSeconds, recomputed.Count);
            }

            // Untimed first: a fresh process compiles and tiers up the rollup code over its first runs (its JIT took a
            // core for seconds), which a running server has done long before its rollups are timed.
            Console.WriteLine($"warm-up (untimed): full rollup {await FullAsync():F2} s, incremental {(await IncrementalAsync()).Seconds:F2} s");
            var full = new List<double>();
            var baseline = new List<double>();
            for (var r = 0; r < repeats; r++)
            {
                baseline.Add(await BaselineAsync());
                full.Add(await FullAsync());
                Console.WriteLine($"run {r + 1}: hand-written GROUP BY {baseline[^1]:F2} s, full rollup of 8 quarters {full[^1]:F2} s");
            }

            var incremental = new List<double>();
            for (var r = 0; r < repeats; r++)
            {
                var (seconds, pairs) = await IncrementalAsync();
                incremental.Add(seconds);
                Console.WriteLine($"incremental {r + 1}: {seconds:F2} s, {pairs} (unit, period) pairs");
            }

            var fullMedian = Median(full);
            var baselineMedian = Median(baseline);
            Console.WriteLine();
            Console.WriteLine($"| rows | hand-written GROUP BY (median) | full rollup, 8 quarters (median) | ratio | incremental after 1,000 changes (median) |");
            Console.WriteLine($"|---|---|---|---|---|");
            Console.WriteLine($"| {dossiers:N0} dossiers + {surveys:N0} surveys, {communes} communes | {baselineMedian:F2} s | {fullMedian:F2} s | {fullMedian / baselineMedian:F2}× | {Median(incremental):F2} s |");
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"result groupby_s={baselineMedian:F3} full_rollup_s={fullMedian:F3} rollup_groupby_ratio={fullMedian / baselineMedian:F2} incremental_s={Median(incremental):F3} database_mb={size.Database:F0}"));
            if (afterwards is not null)
            {
                await afterwards(database, options.ConnectionString);
            }

            return 0;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(adminConnection);
            await admin.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin).ExecuteNonQueryAsync();
        }
    }

    /// <summary>Migrates the database and loads the generated province, its communes, the dossiers (by the server's bulk writer) and the surveys (COPY).</summary>
    internal static async Task LoadAsync(DatabaseOptions options, int dossiers, int surveys, int communes)
    {
        await using var db = DatabaseSetup.CreateContext(options);
        await DatabaseInitializer.MigrateAsync(db);
        var calendar = await Data.Calendar.HolidayTable.LoadAsync(db);
        var province = AdministrativeUnit.Create(Province, "Tỉnh Đo Tải", UnitLevel.Province, null, new DateOnly(2000, 1, 1));
        db.Units.Add(province);
        await db.SaveChangesAsync();
        var units = Enumerable.Range(1, communes).Select(i => AdministrativeUnit.Create($"8{i:0000}", $"Xã {i}", UnitLevel.Commune, province, new DateOnly(2000, 1, 1))).ToList();
        db.Units.AddRange(units);
        var procedure = new Procedure { Code = "8.000001", Name = "Thủ tục đo tải", Field = "Thử", ProcessingWorkingDays = 3, OnlineCapability = OnlineCapability.FullyOnline };
        db.Procedures.Add(procedure);
        await db.SaveChangesAsync();

        var random = new Random(2024);
        var start = new DateTime(2024, 1, 1, 1, 0, 0, DateTimeKind.Utc);
        var span = (new DateTime(2025, 12, 31, 9, 0, 0, DateTimeKind.Utc) - start).TotalMinutes;
        for (var batch = 0; batch < dossiers; batch += 10_000)
        {
            var records = new List<Dossier>();
            for (var i = batch; i < Math.Min(dossiers, batch + 10_000); i++)
            {
                var unit = units[i % communes];
                var received = start.AddMinutes(random.NextDouble() * span);
                var level = (OnlineLevel)random.Next(1, 4);
                var due = calendar.DueTimeUtc(received, 3);
                var late = random.NextDouble() < 0.05;
                var finished = late ? due.AddHours(random.Next(1, 72)) : received + ((due - received) * random.NextDouble());
                var dossier = new Dossier
                {
                    Code = $"000.00.{unit.Code}.H56-{VietnamTime.LocalDate(received):yyMMdd}-{i:000000}",
                    UnitId = unit.Id,
                    ProcedureId = procedure.Id,
                    Channel = level == OnlineLevel.NotOnline ? DossierChannel.Counter : DossierChannel.Online,
                    OnlineLevel = level,
                    ReceivedAt = received,
                    DueAt = due,
                    FinishedAt = finished,
                    ReturnedAt = finished,
                    Status = DossierStatus.Returned,
                    ResultPublished = true,
                    Digitised = random.NextDouble() < 0.7,
                    SourceSystem = "BENCH",
                    SourceVersion = 1,
                    UpdatedAt = finished,
                };
                dossier.RefreshDerived();
                records.Add(dossier);
            }

            await using var transaction = await db.Database.BeginTransactionAsync();
            await DossierBulkWriter.UpsertAsync(db, records, [], CancellationToken.None);
            db.ChangeTracker.Clear();
            await transaction.CommitAsync();
        }

        await using (var raw = new NpgsqlConnection(options.ConnectionString))
        {
            await raw.OpenAsync();
            await using (var importer = await raw.BeginBinaryImportAsync(
                "COPY surveys (key, unit_id, surveyed_at, channel, staff_attitude_score, satisfied, source_system, source_version, updated_at, surveyed_quarter, change_sequence, content_hash) FROM STDIN (FORMAT BINARY)"))
            {
                for (var i = 0; i < surveys; i++)
                {
                    var at = start.AddMinutes(random.NextDouble() * span);
                    await importer.StartRowAsync();
                    await importer.WriteAsync($"B-{i}", NpgsqlDbType.Varchar);
                    await importer.WriteAsync(units[i % communes].Id, NpgsqlDbType.Integer);
                    await importer.WriteAsync(at, NpgsqlDbType.TimestampTz);
                    await importer.WriteAsync(1, NpgsqlDbType.Integer);
                    await importer.WriteAsync(random.Next(1, 6), NpgsqlDbType.Integer);
                    await importer.WriteAsync(random.NextDouble() < 0.95, NpgsqlDbType.Boolean);
                    await importer.WriteAsync("BENCH", NpgsqlDbType.Varchar);
                    await importer.WriteAsync(1L, NpgsqlDbType.Bigint);
                    await importer.WriteAsync(at, NpgsqlDbType.TimestampTz);
                    await importer.WriteAsync(Period.QuarterKey(at), NpgsqlDbType.Integer);
                    await importer.WriteAsync(10_000_000L + i, NpgsqlDbType.Bigint);
                    await importer.WriteAsync("-", NpgsqlDbType.Varchar);
                }

                await importer.CompleteAsync();
            }

            // As autovacuum leaves a table some time after a bulk load: statistics, and the visibility map the index-only counts rely on.
            await new NpgsqlCommand("DELETE FROM rollup_marks", raw).ExecuteNonQueryAsync();
            await new NpgsqlCommand("VACUUM (ANALYZE)", raw).ExecuteNonQueryAsync();
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private sealed class FixedClock(DateTime utc) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(utc);
    }
}
