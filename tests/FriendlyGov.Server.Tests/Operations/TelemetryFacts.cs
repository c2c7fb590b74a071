using System.Net;
using System.Text.Json;
using FriendlyGov.Grpc.V1;
using FriendlyGov.Server.Tests.Sync;

namespace FriendlyGov.Server.Tests.Operations;

/// <summary>
/// The Prometheus scrape endpoint and JSON logs of the real server process on PostgreSQL, after a
/// real gRPC sync over loopback.
/// </summary>
public sealed class TelemetryFacts
{
    private const string Unit = "16999";

    [Fact]
    public async Task AfterASyncTheMetricsPortShowsTheRecordsSyncedAndNothingPersonal()
    {
        await using var deployment = await PostgresDeployment.CreateAsync();
        var metrics = new Uri($"http://127.0.0.1:{ServerProcess.FreePort()}");
        var server = await deployment.StartServerAsync(("Kestrel__Endpoints__Metrics__Url", metrics.ToString()), ("Telemetry__JsonLogs", "true"),
            ("Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics", "Information"));
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

        Assert.Equal(RollupState.Succeeded, (await server.RollupAsync(2026, 1)).State);

        var after = await http.GetStringAsync(new Uri(metrics, "/metrics"));

        Assert.DoesNotContain("friendlygov_sync_records", before, StringComparison.Ordinal);
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

    /// <summary>The value of the one sample line that starts with <paramref name="name"/> and holds every label given.</summary>
    private static double Sample(string exposition, string name, params string[] labels)
    {
        var line = exposition.Split('\n').Single(l => l.StartsWith(name, StringComparison.Ordinal) && labels.All(label => l.Contains(label, StringComparison.Ordinal)));
        return double.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
