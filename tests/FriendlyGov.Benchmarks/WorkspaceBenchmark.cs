using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using FriendlyGov.Data;
using FriendlyGov.Server.Staff;
using Npgsql;

namespace FriendlyGov.Benchmarks;

/// <summary>
/// The records workspace under load (`--workspace`): the rollup benchmark's data (1,000,000 dossiers and
/// 100,000 surveys over 600 communes, no rollup), the real server process, and an HttpClient on loopback
/// signed in as a leader of the province and as an officer of a commune, timing each list page (first
/// page and a keyset page further on, with filters), a dossier's page and the worklist; then an officer
/// imports 10,000 paper survey forms from a .csv through the import page (check, preview, confirm,
/// write), timed from the upload to the written records.
/// </summary>
public static class WorkspaceBenchmark
{
    private const double ListGoalMs = 150;
    private const double ImportGoalSeconds = 10;
    private const int ImportRows = 10_000;

    public static async Task<int> RunAsync(string serverDll, string adminConnection, int dossiers, int requests)
    {
        var database = $"fg_bench_workspace_{Guid.NewGuid():N}"[..30];
        await using (var admin = new NpgsqlConnection(adminConnection))
        {
            await admin.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {database}", admin).ExecuteNonQueryAsync();
        }

        var connection = new NpgsqlConnectionStringBuilder(adminConnection) { Database = database, CommandTimeout = 600 }.ConnectionString;
        try
        {
            var load = Stopwatch.StartNew();
            await RollupBenchmark.LoadAsync(new DatabaseOptions(DatabaseProvider.PostgreSql, connection), dossiers, dossiers / 10, 600);
            Report.Progress($"loaded {dossiers:N0} dossiers and {dossiers / 10:N0} surveys over 600 communes in {load.Elapsed.TotalSeconds:F0} s");
            (string, string)[] settings = [("Database__Provider", "PostgreSql"), ("ConnectionStrings__FriendlyGov", connection)];
            var passwords = new Dictionary<string, string>();
            foreach (var (name, role, unit) in new[] { ("bench-leader", "leader", RollupBenchmark.Province), ("bench-officer", "officer", RollupBenchmark.FirstCommune) })
            {
                var output = await ServerHost.RunCommandAsync(serverDll, settings, ["users", "add", "--role", role, "--unit", unit, "--name", name], TimeSpan.FromMinutes(2));
                passwords[name] = output.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith(UsersCommand.PasswordLinePrefix, StringComparison.Ordinal))[UsersCommand.PasswordLinePrefix.Length..];
            }

            // No recurring jobs: the start-up rollup of a million dossiers would share the two cores with the pages measured.
            using var server = await ServerHost.StartAsync(serverDll, [.. settings, ("Admin__SecureCookies", "false"), ("Jobs__Schedule", "false")], TimeSpan.FromMinutes(2));
            using var leader = await ClientAsync(server, "bench-leader", passwords["bench-leader"]);
            using var officer = await ClientAsync(server, "bench-officer", passwords["bench-officer"]);

            string code;
            await using (var raw = new NpgsqlConnection(connection))
            {
                await raw.OpenAsync();
                code = (string)(await new NpgsqlCommand("SELECT code FROM dossiers ORDER BY received_at DESC, id DESC OFFSET 12345 LIMIT 1", raw).ExecuteScalarAsync())!;
            }

            var deep = await NextPageAsync(leader, "/dossiers", pages: 20);
            List<(string Name, HttpClient Client, string Path)> endpoints =
            [
                ("/healthz (floor)", leader, "/healthz"),
                ($"dossiers, province ({dossiers:N0})", leader, "/dossiers"),
                ("dossiers, province, page 21 (keyset)", leader, deep),
                ("dossiers, province, received in Q4 2025", leader, "/dossiers?from=01/10/2025&to=31/12/2025"),
                ("dossiers, province, late", leader, "/dossiers?late=late"),
                ("dossiers, province, still open (none)", leader, "/dossiers?status=open"),
                ("dossiers, province, online, fully online, procedure", leader, "/dossiers?channel=Online&level=FullyOnline&procedure=8.000001"),
                ("dossiers, one commune", officer, "/dossiers"),
                ("dossiers, one commune, late", officer, "/dossiers?late=late"),
                ("a dossier's page", leader, $"/dossiers/{code}"),
                ($"surveys, province ({dossiers / 10:N0})", leader, "/surveys"),
                ("surveys, province, not satisfied", leader, "/surveys?satisfied=no"),
                ("letters, province", leader, "/letters"),
                ("worklist, one commune", officer, "/worklist"),
            ];

            foreach (var (name, client, path) in endpoints)
            {
                using var response = await client.GetAsync(path);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"GET {path} ({name}) answered {(int)response.StatusCode}:\n{server.Tail}");
                }
            }

            Report.Progress($"warming up (20 requests to each of {endpoints.Count} endpoints)");
            foreach (var (_, client, path) in endpoints)
            {
                await DashboardBenchmark.TimeAsync(client, path, 20, 1);
            }

            List<string[]> rows = [["page", "requests", "median ms", "p95 ms", "p99 ms", "max ms", "goal (p95)"]];
            foreach (var (name, client, path) in endpoints)
            {
                var (latencies, _) = await DashboardBenchmark.TimeAsync(client, path, requests, 1);
                latencies.Sort();
                var p95 = DashboardBenchmark.Percentile(latencies, 0.95);
                rows.Add([name, requests.ToString(CultureInfo.InvariantCulture), DashboardBenchmark.Ms(DashboardBenchmark.Percentile(latencies, 0.5)), DashboardBenchmark.Ms(p95),
                    DashboardBenchmark.Ms(DashboardBenchmark.Percentile(latencies, 0.99)), DashboardBenchmark.Ms(latencies[^1]),
                    path == "/healthz" ? "" : $"≤ {ListGoalMs:F0}: {(p95 <= ListGoalMs ? "met" : "NOT met")}"]);
                Report.Progress($"{name}: median {DashboardBenchmark.Ms(DashboardBenchmark.Percentile(latencies, 0.5))} ms, p95 {DashboardBenchmark.Ms(p95)} ms");
            }

            var (check, write) = await ImportAsync(officer, connection);
            await server.StopAsync();

            var text = new StringBuilder();
            text.AppendLine();
            text.AppendLine("FriendlyGov records workspace load");
            text.AppendLine(CultureInfo.InvariantCulture, $"data:    {dossiers:N0} dossiers, {dossiers / 10:N0} surveys, 600 communes of province {RollupBenchmark.Province} (the rollup benchmark's), no recurring job running");
            text.AppendLine(CultureInfo.InvariantCulture, $"client:  HttpClient, HTTP/1.1 keep-alive on loopback, signed in as a leader of {RollupBenchmark.Province} and an officer of {RollupBenchmark.FirstCommune}; {requests} requests one at a time per page after 20 warm-up requests; latency = send to last body byte");
            text.AppendLine();
            text.Append(Report.Table(rows));
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"import of {ImportRows:N0} paper survey forms (.csv, {RollupBenchmark.FirstCommune}): upload to checked preview {check.TotalSeconds:F1} s, confirm to written {write.TotalSeconds:F1} s, in all {(check + write).TotalSeconds:F1} s (goal ≤ {ImportGoalSeconds:F0} s: {((check + write).TotalSeconds <= ImportGoalSeconds ? "met" : "NOT met")})");
            Console.Write(text);
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

    private static async Task<HttpClient> ClientAsync(ServerHost server, string userName, string password)
    {
        var http = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{server.WebPort}"),
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromMinutes(5),
        };
        await DashboardBenchmark.SignInAsync(http, userName, password);
        return http;
    }

    /// <summary>Follows the list's "next" link <paramref name="pages"/> times; the keyset URL of the page reached.</summary>
    private static async Task<string> NextPageAsync(HttpClient http, string path, int pages)
    {
        for (var i = 0; i < pages; i++)
        {
            var html = await http.GetStringAsync(path);
            var at = html.IndexOf("rel=\"next\"", StringComparison.Ordinal);
            var href = html.LastIndexOf("href=\"", at, StringComparison.Ordinal);
            path = WebUtility.HtmlDecode(html[(href + 6)..html.IndexOf('"', href + 6)]);
        }

        return path;
    }

    /// <summary>Uploads 10,000 rows, waits for the check, confirms, waits for the write: the two durations.</summary>
    private static async Task<(TimeSpan Check, TimeSpan Write)> ImportAsync(HttpClient http, string connection)
    {
        var csv = new StringBuilder("Ngày khảo sát,Tiếp cận dịch vụ,Thủ tục hành chính,Thái độ công chức,Thời gian giải quyết,Kết quả giải quyết,\"Tiếp nhận, xử lý góp ý\",Hài lòng chung,Ý kiến khác\r\n");
        for (var i = 0; i < ImportRows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{1 + (i % 28):00}/11/2025,{1 + (i % 5)},{1 + ((i + 1) % 5)},5,4,5,{(i % 7 == 0 ? "" : "4")},{(i % 10 == 0 ? "Không hài lòng" : "Hài lòng")},Phiếu số {i + 1}\r\n");
        }

        var form = await http.GetStringAsync("/surveys/import");
        var token = WebUtility.HtmlDecode(DashboardBenchmark.AntiforgeryToken().Match(form).Groups[1].Value);
        var watch = Stopwatch.StartNew();
        using var body = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString())), "Upload", "phieu-giay-10000.csv" },
        };
        using var uploaded = await http.PostAsync("/surveys/import?handler=Upload", body);
        var run = uploaded.Headers.Location?.OriginalString ?? throw new InvalidOperationException($"the upload answered {(int)uploaded.StatusCode}");
        await WaitAsync(http, run, "checked");
        var check = watch.Elapsed;

        var preview = await http.GetStringAsync(run);
        var confirmToken = WebUtility.HtmlDecode(DashboardBenchmark.AntiforgeryToken().Match(preview).Groups[1].Value);
        watch.Restart();
        using var confirmed = await http.PostAsync($"{run}?handler=Confirm", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = confirmToken }));
        await WaitAsync(http, run, "done");
        var write = watch.Elapsed;

        await using var raw = new NpgsqlConnection(connection);
        await raw.OpenAsync();
        var written = (long)(await new NpgsqlCommand("SELECT count(*) FROM surveys WHERE source_system = 'paper'", raw).ExecuteScalarAsync())!;
        if (written != ImportRows)
        {
            throw new InvalidOperationException($"the import wrote {written:N0} surveys, not {ImportRows:N0}");
        }

        return (check, write);
    }

    private static async Task WaitAsync(HttpClient http, string run, string state)
    {
        for (var t0 = Stopwatch.StartNew(); t0.Elapsed < TimeSpan.FromMinutes(10); await Task.Delay(100))
        {
            var progress = JsonDocument.Parse(await http.GetStringAsync($"{run}?handler=progress")).RootElement.GetProperty("state").GetString();
            if (progress == state)
            {
                return;
            }

            if (progress is not ("checking" or "checked" or "writing"))
            {
                throw new InvalidOperationException($"the import of {run} ended as {progress}, not {state}");
            }
        }

        throw new TimeoutException($"the import of {run} was not {state} within 10 minutes");
    }
}
