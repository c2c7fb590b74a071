using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using FriendlyGov.Data;
using FriendlyGov.Domain;
using FriendlyGov.Server.Dashboard;
using FriendlyGov.Server.Indicators;
using FriendlyGov.Server.Staff;

namespace FriendlyGov.Benchmarks;

/// <summary>
/// The dashboard load (`--dashboard`, after the rollup benchmark on its database): the real server
/// process, a leader of the province signed in through /login, and an HttpClient on loopback
/// (HTTP/1.1 keep-alive) reading the province's and a commune's page and every chart of
/// charts/dashboard.json as PNG and SVG, sequentially and then with a few requests in parallel;
/// /healthz the same number of times as the floor of loopback and Kestrel. Then the Word report of
/// the last year (/dashboard/report.docx, quarter 0) of a commune and of the province, a few times
/// each, one at a time.
/// </summary>
public static partial class DashboardBenchmark
{
    private const double HtmlGoalMs = 150;
    private const double ChartGoalMs = 50;
    private const double CommuneReportGoalS = 2;
    private const double ProvinceReportGoalS = 5;
    private const int ReportRequests = 5;
    private static readonly string[] Formats = ["png", "svg"];

    private sealed record Endpoint(string Name, string Path, string Kind);

    public static async Task RunAsync(string serverDll, string adminConnection, string database, string connectionString, int requests, int concurrency)
    {
        var (province, commune, year, quarter) = (RollupBenchmark.Province, RollupBenchmark.FirstCommune, RollupBenchmark.LastQuarter.Year, RollupBenchmark.LastQuarter.Quarter);
        (string, string)[] settings = [("Database__Provider", "PostgreSql"), ("ConnectionStrings__FriendlyGov", connectionString)];
        var output = await ServerHost.RunCommandAsync(serverDll, settings, ["users", "add", "--role", "leader", "--unit", province, "--name", "bench-leader"], TimeSpan.FromMinutes(2));
        var password = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(UsersCommand.PasswordLinePrefix, StringComparison.Ordinal))?[UsersCommand.PasswordLinePrefix.Length..]
            ?? throw new InvalidOperationException($"`users add` printed no password:\n{output}");

        // The server's own layout, so that every chart it serves is measured.
        var layout = DashboardLayout.Load(Path.Combine(Path.GetDirectoryName(serverDll)!, "charts", "dashboard.json"));
        var slicers = $"year={year}&quarter={quarter}";
        List<Endpoint> endpoints =
        [
            new("/healthz (baseline)", "/healthz", "baseline"),
            new($"page, province {province}", $"/dashboard?unit={province}&{slicers}", "html"),
            new($"page, commune {commune}", $"/dashboard?unit={commune}&{slicers}", "html"),
            // Small multiples are an image per unit below (child=…), not measured here yet.
            .. layout.Charts.Where(c => c.Kind != ChartKind.SmallMultiples)
                .SelectMany(c => Formats.Select(f => new Endpoint($"chart {c.Id}.{f}", $"/dashboard/charts/{c.Id}.{f}?unit={province}&{slicers}", "chart"))),
        ];

        // The report is of a year: the rollup benchmark computed only its quarters.
        await using (var db = DatabaseSetup.CreateContext(new DatabaseOptions(DatabaseProvider.PostgreSql, connectionString)))
        {
            var watch = Stopwatch.StartNew();
            await new RollupService(db, TimeProvider.System).FullAsync(null, Period.OfYear(year), null, CancellationToken.None);
            Report.Progress($"rolled up the year {year} in {watch.Elapsed.TotalSeconds:F1} s");
        }

        List<(string Name, string Path, double GoalS)> reports =
        [
            ($"report, commune {commune}, year {year}", $"/dashboard/report.docx?unit={commune}&year={year}&quarter=0", CommuneReportGoalS),
            ($"report, province {province}, year {year}", $"/dashboard/report.docx?unit={province}&year={year}&quarter=0", ProvinceReportGoalS),
        ];

        // Plain HTTP on loopback: the sign-in and antiforgery cookies must not be Secure-only.
        using var server = await ServerHost.StartAsync(serverDll, [.. settings, ("Admin__SecureCookies", "false")], TimeSpan.FromMinutes(2));
        using var http = new HttpClient(new SocketsHttpHandler
        {
            CookieContainer = new CookieContainer(),
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = concurrency,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
        })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{server.WebPort}"),
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(60),
        };
        await SignInAsync(http, "bench-leader", password);

        // Every answer is checked once: a 404 or an empty scorecard would be measured as fast.
        foreach (var endpoint in endpoints)
        {
            using var response = await http.GetAsync(endpoint.Path);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK || (endpoint.Kind == "html" && !body.Contains("class=\"kpi ", StringComparison.Ordinal)))
            {
                throw new InvalidOperationException($"GET {endpoint.Path} answered {(int)response.StatusCode} (a page must show KPI cards):\n{server.Tail}");
            }
        }

        Report.Progress($"signed in as a leader of {province}; warming up (20 requests to each of {endpoints.Count} endpoints)");
        foreach (var endpoint in endpoints)
        {
            await TimeAsync(http, endpoint.Path, 20, 1);
        }

        List<string[]> rows = [["endpoint", "parallel", "requests", "median ms", "p95 ms", "p99 ms", "max ms", "requests/s", "goal (p95)"]];
        var phases = new List<PhaseStats>();
        int? postmaster;
        await using (var admin = new Npgsql.NpgsqlConnection(adminConnection))
        {
            await admin.OpenAsync();
            postmaster = await ResourceSampler.FindPostmasterAsync(admin);
        }

        await using var sampler = new ResourceSampler(server.Pid, postmaster, adminConnection, database);
        foreach (var parallel in new[] { 1, concurrency })
        {
            sampler.BeginPhase(parallel == 1 ? "dashboard, sequential" : $"dashboard, {parallel} in parallel");
            foreach (var endpoint in endpoints)
            {
                var (latencies, wall) = await TimeAsync(http, endpoint.Path, requests, parallel);
                latencies.Sort();
                var p95 = Percentile(latencies, 0.95);
                var goal = endpoint.Kind switch
                {
                    "html" => $"≤ {HtmlGoalMs:F0}: {(p95 <= HtmlGoalMs ? "met" : "NOT met")}",
                    "chart" => $"≤ {ChartGoalMs:F0}: {(p95 <= ChartGoalMs ? "met" : "NOT met")}",
                    _ => "",
                };
                rows.Add([endpoint.Name, parallel.ToString(CultureInfo.InvariantCulture), requests.ToString(CultureInfo.InvariantCulture),
                    Ms(Percentile(latencies, 0.5)), Ms(p95), Ms(Percentile(latencies, 0.99)), Ms(latencies[^1]),
                    (requests / wall.TotalSeconds).ToString("F1", CultureInfo.InvariantCulture), goal]);
                Report.Progress($"{endpoint.Name}, {parallel} in parallel: median {Ms(Percentile(latencies, 0.5))} ms, p95 {Ms(p95)} ms");
            }

            phases.Add(sampler.EndPhase());
        }

        // The reports: each checked once (a Word file whose text names the unit's figures), one warm-up, then timed one at a time.
        List<string[]> reportRows = [["report", "requests", "median s", "max s", "size KB", "goal (max)"]];
        var reportResults = new List<(double Median, double Max)>();
        sampler.BeginPhase("reports, sequential");
        foreach (var (name, path, goal) in reports)
        {
            var size = await CheckReportAsync(http, path, server);
            await TimeAsync(http, path, 1, 1);
            var (latencies, _) = await TimeAsync(http, path, ReportRequests, 1);
            var (median, max) = (Report.Median(latencies) / 1000, latencies.Max() / 1000);
            reportResults.Add((median, max));
            reportRows.Add([name, ReportRequests.ToString(CultureInfo.InvariantCulture), S(median), S(max), (size / 1024.0).ToString("F0", CultureInfo.InvariantCulture),
                $"≤ {goal:F0} s: {(max <= goal ? "met" : "NOT met")}"]);
            Report.Progress($"{name}: median {S(median)} s, max {S(max)} s");
        }

        phases.Add(sampler.EndPhase());
        await server.StopAsync();
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine("FriendlyGov dashboard load");
        text.AppendLine(CultureInfo.InvariantCulture, $"client:  HttpClient, HTTP/1.1 keep-alive on loopback, cookie sign-in as a leader of {province}; latency = send to last body byte; {requests} requests per endpoint and mode after 20 warm-up requests each");
        text.AppendLine(CultureInfo.InvariantCulture, $"slice:   year={year}, quarter={quarter}; charts for the province ({layout.Charts.Count} charts of charts/dashboard.json, default sizes)");
        text.AppendLine();
        text.Append(Report.Table(rows));
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Word report of the year {year} (quarter 0), {ReportRequests} requests each after one warm-up, one at a time; latency = send to last body byte:");
        text.Append(Report.Table(reportRows));
        text.AppendLine();
        text.AppendLine("CPU by phase (seconds of CPU; cores = CPU s / wall s; the machine has " + Environment.ProcessorCount + "):");
        foreach (var phase in phases)
        {
            text.AppendLine("  " + Report.Cpu(phase));
        }

        text.AppendLine();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"result report_commune_year_median_s={reportResults[0].Median:F3} report_commune_year_max_s={reportResults[0].Max:F3} report_province_year_median_s={reportResults[1].Median:F3} report_province_year_max_s={reportResults[1].Max:F3}"));
        Console.Write(text);
    }

    /// <summary>GETs a report once and reads it back as Word: a 404, an error page or an empty report would be measured as fast. Its size in bytes.</summary>
    private static async Task<long> CheckReportAsync(HttpClient http, string path, ServerHost server)
    {
        using var response = await http.GetAsync(path);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        string text;
        try
        {
            using var document = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(bytes), false);
            text = document.MainDocumentPart?.Document?.Body?.InnerText ?? "";
        }
        catch (Exception e) when (e is DocumentFormat.OpenXml.Packaging.OpenXmlPackageException or InvalidDataException or FileFormatException)
        {
            text = "";
        }

        if (response.StatusCode != HttpStatusCode.OK || !text.Contains("tiếp nhận", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}, not a report with its figures:\n{server.Tail}");
        }

        return bytes.Length;
    }

    private static string S(double seconds) => seconds.ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>GET /login for the antiforgery token and cookie, then POST the form; the sign-in cookie lands in the client's container.</summary>
    internal static async Task SignInAsync(HttpClient http, string userName, string password)
    {
        var form = await http.GetStringAsync("/login");
        var token = AntiforgeryToken().Match(form) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException("the /login page has no __RequestVerificationToken input");
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName,
            ["Password"] = password,
            ["__RequestVerificationToken"] = token,
        });
        using var response = await http.PostAsync("/login", content);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"POST /login answered {(int)response.StatusCode}, not 302: the benchmark user could not sign in");
        }
    }

    /// <summary><paramref name="count"/> GETs by <paramref name="parallel"/> workers: each one's latency in ms, and the wall time of all.</summary>
    internal static async Task<(List<double> Latencies, TimeSpan Wall)> TimeAsync(HttpClient http, string path, int count, int parallel)
    {
        var latencies = new double[count];
        var next = -1;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                var watch = Stopwatch.StartNew();
                using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
                await response.Content.CopyToAsync(Stream.Null);
                latencies[i] = watch.Elapsed.TotalMilliseconds;
                response.EnsureSuccessStatusCode();
            }
        })));
        return ([.. latencies], wall.Elapsed);
    }

    /// <summary>Nearest rank on sorted values.</summary>
    internal static double Percentile(List<double> sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];

    internal static string Ms(double value) => value.ToString(value < 10 ? "F2" : "F1", CultureInfo.InvariantCulture);

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    internal static partial Regex AntiforgeryToken();
}
