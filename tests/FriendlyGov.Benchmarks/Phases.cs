using System.Diagnostics;
using System.Globalization;
using System.Text;
using FriendlyGov.Data;
using FriendlyGov.Grpc.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Npgsql;
using NpgsqlTypes;
using Model = FriendlyGov.Domain.Dossiers;

namespace FriendlyGov.Benchmarks;

public sealed record SyncResult(TimeSpan Elapsed, UpsertTotals Totals, int Batches, IReadOnlyList<(TimeSpan At, long Committed)> Progress);

public sealed record FeedResult(TimeSpan Elapsed, TimeSpan FirstChange, long Changes, long MaskedApplicants);

public sealed record CopyResult(TimeSpan Elapsed, long Rows);

/// <summary>The three measured phases: sync over gRPC, the change feed read, and the COPY baseline.</summary>
public static class Phases
{
    /// <summary>The columns the COPY baseline fills, in order: every column of dossiers but the identity id.</summary>
    public static readonly string[] CopyColumns =
    [
        "code", "unit_id", "procedure_id", "channel", "online_level", "inter_agency", "received_at", "due_at", "finished_at",
        "returned_at", "status", "result_published", "result_issued_electronically", "digitised", "paid_online", "applicant_name",
        "applicant_id_number", "applicant_phone", "source_system", "source_version", "updated_at", "change_sequence",
        "received_quarter", "finished_quarter", "supplement_count", "effective_due_at", "late_at", "derived_version", "content_hash", "supplements",
    ];

    /// <summary>
    /// Fails before anything is measured when the migrated dossiers table no longer matches the
    /// COPY baseline's columns (the schema changed: update <see cref="CopyAsync"/>).
    /// </summary>
    public static async Task CheckCopyColumnsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var columns = new List<string>();
        await using (var command = new NpgsqlCommand("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'dossiers' AND column_name <> 'id'", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                columns.Add(reader.GetString(0));
            }
        }

        var unfilled = columns.Except(CopyColumns).ToList();
        var unknown = CopyColumns.Except(columns).ToList();
        if (unfilled.Count > 0 || unknown.Count > 0)
        {
            throw new InvalidOperationException(
                $"the dossiers table changed: the COPY baseline does not fill [{string.Join(", ", unfilled)}] and fills missing [{string.Join(", ", unknown)}]; update Phases.CopyAsync in tests/FriendlyGov.Benchmarks");
        }
    }

    public static GrpcChannel Channel(int grpcPort) => GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}", new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
        MaxReceiveMessageSize = 64 * 1024 * 1024,
        MaxSendMessageSize = 64 * 1024 * 1024,
    });

    /// <summary>
    /// Streams every batch over <paramref name="streams"/> concurrent SyncDossiers calls (batch b on
    /// stream b mod streams), each on its own HTTP/2 connection; the time runs from the first write
    /// to the last response, i.e. until every batch is committed. Progress is the last change position drawn.
    /// </summary>
    public static async Task<SyncResult> SyncAsync(IReadOnlyList<SyncDossiersRequest> batches, int streams, int grpcPort, string key,
        string databaseConnection, long counterBase, long expected, CancellationToken cancellationToken)
    {
        var headers = new Metadata { { "authorization", $"Bearer {key}" } };
        var channels = Enumerable.Range(0, streams).Select(_ => Channel(grpcPort)).ToList();
        var progress = new List<(TimeSpan, long)> { (TimeSpan.Zero, 0) };
        using var stopProgress = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watch = Stopwatch.StartNew();
        var progressLoop = Task.Run(() => ProgressAsync(databaseConnection, counterBase, expected, watch, progress, stopProgress.Token), CancellationToken.None);
        try
        {
            var calls = channels.Select((channel, s) => Task.Run(async () =>
            {
                var client = new DossierService.DossierServiceClient(channel);
                using var call = client.SyncDossiers(headers, cancellationToken: cancellationToken);
                for (var b = s; b < batches.Count; b += streams)
                {
                    await call.RequestStream.WriteAsync(batches[b], cancellationToken);
                }

                await call.RequestStream.CompleteAsync();
                return await call.ResponseAsync;
            }, cancellationToken)).ToList();
            var responses = await Task.WhenAll(calls);
            var elapsed = watch.Elapsed;
            await stopProgress.CancelAsync();
            await progressLoop;
            lock (progress)
            {
                progress.Add((elapsed, expected));
            }

            var totals = new UpsertTotals();
            foreach (var response in responses)
            {
                totals.AppliedCount += response.Totals.AppliedCount;
                totals.UnchangedCount += response.Totals.UnchangedCount;
                totals.SkippedStaleCount += response.Totals.SkippedStaleCount;
                totals.RejectedCount += response.Totals.RejectedCount;
            }

            if (totals.AppliedCount != expected)
            {
                var first = responses.SelectMany(r => r.Results).Take(5)
                    .Select(r => $"batch {r.BatchIndex} record {r.Index} {r.Code}: {r.Outcome} {r.Reason} {string.Join("; ", r.FieldViolations.Select(v => $"{v.Field}: {v.Description}"))}");
                throw new InvalidOperationException($"the sync applied {totals.AppliedCount} of {expected} dossiers ({totals}):\n  {string.Join("\n  ", first)}");
            }

            return new SyncResult(elapsed, totals, responses.Sum(r => r.BatchCount), [.. progress]);
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    /// <summary>
    /// How long a record synced takes to reach the scorecard, through the server's own scheduled incremental
    /// rollup: once the server has rolled up everything marked (no mark left, no rollup queued or running),
    /// the first unit's "received" count of the running quarter is read over GetScorecard, one new dossier is
    /// sent with UpsertDossiers, and the time runs from its response until GetScorecard (asked every 250 ms)
    /// counts it. Repeated <paramref name="repeats"/> times, at whatever moment of the cron each falls.
    /// </summary>
    public static async Task<List<double>> FreshnessAsync(int grpcPort, string syncKey, string readKey, string databaseConnection, ReferenceData reference,
        int repeats, CancellationToken cancellationToken)
    {
        using var channel = Channel(grpcPort);
        var dossiers = new DossierService.DossierServiceClient(channel);
        var indicators = new IndicatorService.IndicatorServiceClient(channel);
        var (write, read) = (new Metadata { { "authorization", $"Bearer {syncKey}" } }, new Metadata { { "authorization", $"Bearer {readKey}" } });
        async Task<double> ReceivedAsync(Period period)
        {
            var card = await indicators.GetScorecardAsync(new GetScorecardRequest { UnitCode = reference.UnitCodes[0], Period = period }, read, cancellationToken: cancellationToken);
            return card.Indicators.Single(i => i.IndicatorCode == Domain.Indicators.IndicatorCatalogue.DossiersReceived).Numerator;
        }

        var seconds = new List<double>();
        for (var n = 1; n <= repeats; n++)
        {
            await WaitUntilRolledUpAsync(databaseConnection, TimeSpan.FromMinutes(10), cancellationToken);
            var now = DateTime.UtcNow;
            var quarter = Domain.Period.QuarterOf(now);
            var period = new Period { Year = quarter.Year, Quarter = quarter.Quarter };
            var before = await ReceivedAsync(period);
            await dossiers.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { DossierGenerator.Fresh(n, now.AddSeconds(-1), reference) } }, write, cancellationToken: cancellationToken);
            var watch = Stopwatch.StartNew();
            while (await ReceivedAsync(period) < before + 1)
            {
                if (watch.Elapsed > TimeSpan.FromMinutes(5))
                {
                    throw new TimeoutException("the scorecard did not count the synced dossier within 5 minutes: is the incremental rollup scheduled?");
                }

                await Task.Delay(250, cancellationToken);
            }

            seconds.Add(watch.Elapsed.TotalSeconds);
        }

        return seconds;
    }

    private static async Task WaitUntilRolledUpAsync(string databaseConnection, TimeSpan limit, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(databaseConnection);
        await connection.OpenAsync(cancellationToken);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            await using var command = new NpgsqlCommand(
                "SELECT NOT EXISTS (SELECT 1 FROM rollup_marks) AND NOT EXISTS (SELECT 1 FROM rollup_runs WHERE state IN (1, 2))", connection);
            if (await command.ExecuteScalarAsync(cancellationToken) is true)
            {
                return;
            }

            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"the server's incremental rollup had not caught up after {limit.TotalMinutes:0} minutes");
            }

            await Task.Delay(500, cancellationToken);
        }
    }

    /// <summary>
    /// Reads the whole change feed once (empty resume token, follow = false, dossiers only) until
    /// the caught-up heartbeat, as a client without the personal_data scope; or only its first
    /// <paramref name="stopAfter"/> changes (then the call is cancelled and the result says nothing).
    /// </summary>
    public static async Task<FeedResult> ReadFeedAsync(int grpcPort, string key, CancellationToken cancellationToken, long? stopAfter = null)
    {
        using var channel = Channel(grpcPort);
        var client = new ChangeFeedService.ChangeFeedServiceClient(channel);
        var headers = new Metadata { { "authorization", $"Bearer {key}" } };
        var request = new WatchChangesRequest { ResumeToken = "", Follow = false };
        request.RecordTypes.Add(RecordType.Dossier);

        var watch = Stopwatch.StartNew();
        using var call = client.WatchChanges(request, headers, cancellationToken: cancellationToken);
        long changes = 0, masked = 0;
        TimeSpan? first = null, caughtUp = null;
        var lastPrint = (At: TimeSpan.Zero, Changes: 0L);
        await foreach (var message in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            if (message.EventCase == WatchChangesResponse.EventOneofCase.Change)
            {
                first ??= watch.Elapsed;
                changes++;
                if (changes == stopAfter)
                {
                    return new FeedResult(watch.Elapsed, first.Value, changes, masked);
                }

                if (changes % 1000 == 0 && watch.Elapsed - lastPrint.At >= TimeSpan.FromSeconds(30))
                {
                    var at = watch.Elapsed;
                    Report.Progress($"feed: {changes:N0} changes after {at.TotalSeconds:N0} s; {(changes - lastPrint.Changes) / (at - lastPrint.At).TotalSeconds:N0} records/s over the last {(at - lastPrint.At).TotalSeconds:N0} s");
                    lastPrint = (at, changes);
                }

                var dossier = message.Change.Dossier ?? throw new InvalidOperationException("the feed sent a change without a dossier");
                if (dossier.Applicant is { } applicant)
                {
                    masked += applicant.Masked ? 1 : throw new InvalidOperationException($"the feed sent {dossier.Code}'s applicant unmasked to a client without personal_data");
                }
            }
            else if (message.Heartbeat is { CaughtUp: true })
            {
                caughtUp = watch.Elapsed; // the stream ends right after (follow = false)
            }
        }

        return new FeedResult(caughtUp ?? throw new InvalidOperationException("the feed ended without a caught-up heartbeat"), first ?? TimeSpan.Zero, changes, masked);
    }

    /// <summary>
    /// The baseline: the same dossiers written with one binary COPY (NpgsqlBinaryImporter) into the
    /// dossiers table of a fresh clone of the seeded database, every column the server fills
    /// (derived ones as the domain computes them, change positions after the sequence's last, which is
    /// then advanced as a writer would). Time runs from the COPY command to the sequence update. The
    /// connection is the caller's, open, so that its backend's CPU can be read before it exits.
    /// </summary>
    public static async Task<CopyResult> CopyAsync(NpgsqlConnection connection, IReadOnlyList<Model.Dossier> rows, CancellationToken cancellationToken)
    {
        long next;
        await using (var counter = new NpgsqlCommand(ChangeFeedSequence.LastDrawn, connection))
        {
            next = (long)(await counter.ExecuteScalarAsync(cancellationToken))! + 1;
        }

        var now = DateTime.UtcNow;
        var json = new StringBuilder();
        var watch = Stopwatch.StartNew();
        ulong written;
        using (var importer = connection.BeginBinaryImport($"COPY dossiers ({string.Join(", ", CopyColumns)}) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var d in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                importer.StartRow();
                importer.Write(d.Code, NpgsqlDbType.Varchar);
                importer.Write(d.UnitId, NpgsqlDbType.Integer);
                importer.Write(d.ProcedureId, NpgsqlDbType.Integer);
                importer.Write((int)d.Channel, NpgsqlDbType.Integer);
                importer.Write((int)d.OnlineLevel, NpgsqlDbType.Integer);
                importer.Write(d.InterAgency, NpgsqlDbType.Boolean);
                importer.Write(d.ReceivedAt, NpgsqlDbType.TimestampTz);
                importer.Write(d.DueAt, NpgsqlDbType.TimestampTz);
                WriteNullable(importer, d.FinishedAt);
                WriteNullable(importer, d.ReturnedAt);
                importer.Write((int)d.Status, NpgsqlDbType.Integer);
                importer.Write(d.ResultPublished, NpgsqlDbType.Boolean);
                importer.Write(d.ResultIssuedElectronically, NpgsqlDbType.Boolean);
                importer.Write(d.Digitised, NpgsqlDbType.Boolean);
                importer.Write(d.PaidOnline, NpgsqlDbType.Boolean);
                importer.WriteNull(); // applicant: the sync client has no personal_data scope either
                importer.WriteNull();
                importer.WriteNull();
                importer.Write(d.SourceSystem, NpgsqlDbType.Varchar);
                importer.Write(d.SourceVersion, NpgsqlDbType.Bigint);
                importer.Write(now, NpgsqlDbType.TimestampTz);
                importer.Write(next++, NpgsqlDbType.Bigint);
                importer.Write(d.ReceivedQuarter, NpgsqlDbType.Integer);
                if (d.FinishedQuarter is { } quarter)
                {
                    importer.Write(quarter, NpgsqlDbType.Integer);
                }
                else
                {
                    importer.WriteNull();
                }

                importer.Write(d.SupplementCount, NpgsqlDbType.Integer);
                importer.Write(d.EffectiveDueAt, NpgsqlDbType.TimestampTz);
                WriteNullable(importer, d.LateAt);
                importer.Write(d.DerivedVersion, NpgsqlDbType.Integer);
                importer.Write(d.ContentHash, NpgsqlDbType.Varchar);
                importer.Write(SupplementsJson(d, json), NpgsqlDbType.Jsonb);
            }

            written = importer.Complete();
        }

        await using (var advance = new NpgsqlCommand("SELECT setval('change_positions', @last)", connection))
        {
            advance.Parameters.AddWithValue("last", next - 1);
            await advance.ExecuteNonQueryAsync(cancellationToken);
        }

        return new CopyResult(watch.Elapsed, (long)written);
    }

    private static void WriteNullable(NpgsqlBinaryImporter importer, DateTime? value)
    {
        if (value is { } time)
        {
            importer.Write(time, NpgsqlDbType.TimestampTz);
        }
        else
        {
            importer.WriteNull();
        }
    }

    /// <summary>The supplements column as EF Core writes it (`[]`, or objects with RequestedAt and ResumedAt in ISO 8601 UTC).</summary>
    private static string SupplementsJson(Model.Dossier d, StringBuilder json)
    {
        if (d.Supplements.Count == 0)
        {
            return "[]";
        }

        json.Clear().Append('[');
        foreach (var s in d.Supplements)
        {
            json.Append(json.Length > 1 ? ",{" : "{").Append("\"RequestedAt\":\"").Append(Iso(s.RequestedAt)).Append("\",\"ResumedAt\":");
            json.Append(s.ResumedAt is { } resumed ? $"\"{Iso(resumed)}\"" : "null").Append('}');
        }

        return json.Append(']').ToString();
    }

    private static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static async Task ProgressAsync(string databaseConnection, long counterBase, long expected, Stopwatch watch, List<(TimeSpan, long)> progress, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(databaseConnection);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(ChangeFeedSequence.LastDrawn, connection);
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
            var lastPrint = (At: TimeSpan.Zero, Rows: 0L);
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var committed = (long)(await command.ExecuteScalarAsync(cancellationToken))! - counterBase;
                var at = watch.Elapsed;
                lock (progress)
                {
                    progress.Add((at, committed));
                }

                if (at - lastPrint.At >= TimeSpan.FromSeconds(30) || committed >= expected)
                {
                    Report.Progress($"sync: {committed:N0} / {expected:N0} committed after {at.TotalSeconds:N0} s; {(committed - lastPrint.Rows) / (at - lastPrint.At).TotalSeconds:N0} rows/s over the last {(at - lastPrint.At).TotalSeconds:N0} s");
                    lastPrint = (at, committed);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
