using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using FriendlyGov.Grpc.V1;
using FriendlyGov.Server.Tests.Admin;
using FriendlyGov.Server.Tests.Sync;
using Grpc.Core;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace FriendlyGov.Server.Tests.Operations;

/// <summary>
/// The Prometheus scrape endpoint, JSON logs and OTLP export of the real server process on
/// PostgreSQL, after real work: a gRPC sync over loopback, a change-feed read, a rollup, a job that
/// fails, a chart drawn for a signed-in leader.
/// </summary>
public sealed class TelemetryFacts
{
    private const string Unit = "16999";

    [Fact]
    public async Task AfterASyncAFeedReadARollupAFailedJobAndAChartTheMetricsPortShowsEachMovedAndNothingPersonal()
    {
        await using var deployment = await PostgresDeployment.CreateAsync();
        var metrics = new Uri($"http://127.0.0.1:{ServerProcess.FreePort()}");
        var server = await deployment.StartServerAsync(("Kestrel__Endpoints__Metrics__Url", metrics.ToString()), ("Telemetry__JsonLogs", "true"),
            ("Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics", "Information"), ("Admin__SecureCookies", "false"));
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var before = await http.GetStringAsync(new Uri(metrics, "/metrics"));

        var records = Enumerable.Range(1, 3).Select(i => WireDossiers.New(Unit, "61", i)).ToList();
        records[0].Applicant = new Applicant { Name = "Lê Thị Hoa", Phone = "0912345678" };
        using var sync = new DossierService.DossierServiceClient(server.Channel()).SyncDossiers(deadline: DateTime.UtcNow.AddSeconds(60));
        await sync.RequestStream.WriteAsync(new SyncDossiersRequest { Records = { records } });
        await sync.RequestStream.WriteAsync(new SyncDossiersRequest { Records = { records[0] } });
        await sync.RequestStream.CompleteAsync();
        var totals = (await sync.ResponseAsync).Totals;
        Assert.Equal((3, 1), (totals.AppliedCount, totals.UnchangedCount));

        // The change feed read to its end: each page it sends is measured by its lag.
        using (var feed = new ChangeFeedService.ChangeFeedServiceClient(server.Channel()).WatchChanges(new WatchChangesRequest(), deadline: DateTime.UtcNow.AddSeconds(60)))
        {
            await foreach (var message in feed.ResponseStream.ReadAllAsync())
            {
                if (message.Heartbeat is { CaughtUp: true })
                {
                    break;
                }
            }
        }

        Assert.Equal(RollupState.Succeeded, (await server.RollupAsync(2026, 1)).State);

        // A job that fails in the server's worker: a rollup run whose record does not exist (deleted, say), enqueued as
        // another replica would, through Hangfire's storage.
        var options = new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = false };
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(deployment.Database.ConnectionString, options), options);
        new BackgroundJobClient(storage).Enqueue<FriendlyGov.Server.Indicators.RollupJobs>(j => j.RunAsync(999_999_999, CancellationToken.None));

        // A chart drawn for a leader of the province, signed in on the web port.
        var password = await deployment.AddUserAsync("leader", "38", "lanhdao.tinh");
        using var leader = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = server.Web };
        Assert.Equal(HttpStatusCode.Redirect, (await leader.LogInAsync("lanhdao.tinh", password)).StatusCode);
        using var chart = await leader.GetAsync(new Uri("/dashboard/charts/targets.png?unit=38&year=2026&quarter=1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, chart.StatusCode);

        var after = await Indicators.RollupCrashFacts.WaitUntilAsync(
            () => http.GetStringAsync(new Uri(metrics, "/metrics")),
            text => text.Contains("friendlygov_jobs_failures_total{", StringComparison.Ordinal), TimeSpan.FromMinutes(1), "the failed job was not counted within a minute");

        Assert.DoesNotContain("friendlygov_sync_records", before, StringComparison.Ordinal);
        // Hangfire retries a failed job 15–45 s later: on a loaded machine that retry may have failed (and counted) too.
        Assert.InRange(Sample(after, "friendlygov_jobs_failures_total{", "job=\"RollupJobs.RunAsync\""), 1, 2);
        Assert.True(Sample(after, "friendlygov_change_feed_lag_seconds_count") >= 1);
        Assert.Equal(1, Sample(after, "friendlygov_chart_render_duration_seconds_count{", "chart=\"targets\"", "format=\"png\""));
        Assert.Equal(3, Sample(after, "friendlygov_sync_records_total{", "outcome=\"applied\"", "record_type=\"dossier\""));
        Assert.Equal(1, Sample(after, "friendlygov_sync_records_total{", "outcome=\"unchanged\"", "record_type=\"dossier\""));
        Assert.Equal(2, Sample(after, "friendlygov_sync_batch_duration_seconds_count{", "record_type=\"dossier\""));
        Assert.True(Sample(after, "friendlygov_rollup_duration_seconds_count{", "kind=\"full\"", "outcome=\"succeeded\"") >= 1);
        Assert.True(Sample(after, "friendlygov_rollup_units_sum{", "kind=\"full\"") >= 1);
        Assert.Contains("http_server_request_duration_seconds_count{", after, StringComparison.Ordinal);
        Assert.Contains("db_client_", after, StringComparison.Ordinal); // Npgsql's own meter
        foreach (var secret in new[] { server.Key, server.Key[..12], "Lê Thị Hoa", "0912345678", records[0].Code, "portal" })
        {
            Assert.DoesNotContain(secret, after, StringComparison.Ordinal);
        }

        // The metrics port serves /metrics only; the web port does not serve it.
        using var other = await http.GetAsync(new Uri(metrics, "/healthz"));
        using var onWeb = await http.GetAsync(new Uri(server.Web, "/metrics"));
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, onWeb.StatusCode);

        // JSON log lines; with request logging on, the sync call's lines carry its trace id.
        var lines = server.Process.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var json = lines.Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.True(json.Count > 0 && lines.Count(l => l.StartsWith('{')) == lines.Length, "lines that are not JSON:\n" + string.Join('\n', lines.Where(l => !l.StartsWith('{'))));
        Assert.Contains(json, line => line.GetProperty("Message").GetString()!.Contains("/friendlygov.v1.DossierService/SyncDossiers", StringComparison.Ordinal)
            && line.GetProperty("Scopes").EnumerateArray().Any(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("TraceId", out var id) && id.GetString()!.Length == 32));
    }

    [Fact]
    public async Task WithAnOtlpEndpointSetTheTracesAndMetricsOfASyncArriveThere()
    {
        using var collector = new OtlpCollector();
        await using var deployment = await PostgresDeployment.CreateAsync();

        // The SDK's standard variables: OTLP over HTTP with protobuf, metrics every second, spans sent within 200 ms.
        var server = await deployment.StartServerAsync(("OTEL_EXPORTER_OTLP_ENDPOINT", collector.Address.ToString()), ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
            ("OTEL_METRIC_EXPORT_INTERVAL", "1000"), ("OTEL_BSP_SCHEDULE_DELAY", "200"));
        var upserted = await new DossierService.DossierServiceClient(server.Channel()).UpsertDossiersAsync(
            new UpsertDossiersRequest { Records = { WireDossiers.New(Unit, "62", 1) } }, deadline: DateTime.UtcNow.AddSeconds(60));
        Assert.Equal(UpsertOutcome.Applied, Assert.Single(upserted.Results).Outcome);

        // Protobuf carries names as UTF-8: the gRPC call's server span, and the product's counter.
        await collector.WaitForAsync("/v1/traces", "/friendlygov.v1.DossierService/UpsertDossiers");
        await collector.WaitForAsync("/v1/metrics", "friendlygov.sync.records");
        Assert.All(collector.ContentTypes, type => Assert.Equal("application/x-protobuf", type));
    }

    /// <summary>The value of the one sample line that starts with <paramref name="name"/> and holds every label given.</summary>
    private static double Sample(string exposition, string name, params string[] labels)
    {
        var line = exposition.Split('\n').Single(l => l.StartsWith(name, StringComparison.Ordinal) && labels.All(label => l.Contains(label, StringComparison.Ordinal)));
        return double.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// An OTLP/HTTP receiver on loopback: it answers every export with 200 and an empty (valid) protobuf
/// response and keeps each request's path and body, as a collector would receive them.
/// </summary>
internal sealed class OtlpCollector : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();
    private readonly ConcurrentQueue<string> _contentTypes = new();

    public OtlpCollector()
    {
        Address = new Uri($"http://127.0.0.1:{ServerProcess.FreePort()}/");
        _listener.Prefixes.Add(Address.ToString());
        _listener.Start();
        _ = Task.Run(ReceiveAsync);
    }

    public Uri Address { get; }

    public IEnumerable<string> ContentTypes => _contentTypes;

    /// <summary>Waits (up to a minute) for an export to <paramref name="path"/> whose body holds <paramref name="text"/>.</summary>
    public async Task WaitForAsync(string path, string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!_received.Any(r => r.Path == path && r.Body.AsSpan().IndexOf(bytes) >= 0))
        {
            Assert.True(DateTime.UtcNow < deadline, $"nothing holding '{text}' reached {path} within a minute; received: {string.Join(", ", _received.Select(r => $"{r.Path} ({r.Body.Length} bytes)"))}");
            await Task.Delay(200);
        }
    }

    public void Dispose() => _listener.Close();

    private async Task ReceiveAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            _received.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
            _contentTypes.Enqueue(context.Request.ContentType ?? "");
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }
}
