using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using FriendlyGov.Data.Demo;
using FriendlyGov.Data.Staff;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Clients;
using FriendlyGov.Grpc.V1;
using FriendlyGov.Server.Indicators;
using FriendlyGov.Server.Tests.Admin;
using FriendlyGov.Server.Tests.Indicators;
using FriendlyGov.Server.Tests.Sync;
using FriendlyGov.Server.Tests.Workspace;
using C = FriendlyGov.Domain.Indicators.IndicatorCatalogue;
using Period = FriendlyGov.Domain.Period;
using WirePeriod = FriendlyGov.Grpc.V1.Period;

namespace FriendlyGov.Server.Tests.Dashboard;

/// <summary>
/// From a card to exactly the dossiers behind its number, as the period was judged at its end: each
/// list's total — its own .xlsx export and the count it states — against gRPC's GetScorecard.
/// </summary>
public abstract class DrillThroughFacts<TServer>(TServer server) : IClassFixture<TServer>, IAsyncLifetime
    where TServer : GrpcServer
{
    public Task InitializeAsync() => server.RollUpAsync(new Period(2023, 1), new Period(2023, 2), new Period(2023, 3), new Period(2023, 4), Period.OfYear(2023));

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>
    /// Each family judged at the end or placed by the finished time: a share links to what it misses and
    /// to its whole; the set of its numerator (the same filter) counts the numerator. The district's
    /// Q4 2023 has late dossiers, with and without apologies; Hoằng Kim's 2023 has none.
    /// </summary>
    [Theory]
    [InlineData(C.OnTimeShare, DemoData.DistrictCode, 4, "on-time")]
    [InlineData(C.OnTimeShare, DemoData.HoangKimCode, 0, "on-time")]
    [InlineData(C.OverdueCount, DemoData.DistrictCode, 4, null)]
    [InlineData(C.ApologyCoverage, DemoData.DistrictCode, 4, "apologised")]
    [InlineData(C.ResultsPublishedShare, DemoData.DistrictCode, 4, "published")]
    [InlineData(C.ResultsDigitisedShare, DemoData.HoangKimCode, 0, "digitised")]
    [InlineData(C.ResultsElectronicShare, DemoData.DistrictCode, 4, "electronic")]
    [InlineData(C.PaidOnlineShare, DemoData.HoangKimCode, 0, "paid-online")]
    [InlineData(C.InterAgencyCount, DemoData.HoangKimCode, 0, null)]
    public async Task EveryDossierCardLinksToTheDossiersItCounts(string code, string unit, int quarter, string? numeratorSet)
    {
        using var client = await server.SignedInAsync(StaffRoles.Leader, DemoData.DistrictCode);
        var wire = await ScorecardEntryAsync(unit, new Period(2023, quarter), code);
        var (numerator, denominator) = ((int)wire.Numerator, (int)wire.Denominator);
        var links = await CardLinksAsync(client, unit, new Period(2023, quarter), code);
        Assert.All(links, l => Assert.Contains($"unit={unit}&year=2023{(quarter == 0 ? "" : $"&quarter={quarter}")}&set=", l, StringComparison.Ordinal));

        int[] expected = numeratorSet is null ? [numerator] : [denominator - numerator, denominator];
        Assert.Equal(expected, await Task.WhenAll(links.Select(l => CountedAsync(client, l))));
        if (numeratorSet is not null)
        {
            var whole = DossierSets.Name(DossierSets.Parse(links[1][(links[1].IndexOf("set=", StringComparison.Ordinal) + 4)..])!.Value);
            Assert.Equal(numerator, await CountedAsync(client, links[1].Replace("set=" + whole, "set=" + numeratorSet, StringComparison.Ordinal)));
        }

        Assert.True((numeratorSet is null ? numerator : denominator) > 0, $"{code}: there are dossiers to count");
        if (code is C.OverdueCount or C.ApologyCoverage)
        {
            Assert.True(numerator > 0 && (code != C.ApologyCoverage || numerator < denominator), $"{code}: the district's Q4 2023 has late dossiers, not all apologised");
        }
    }

    /// <summary>
    /// A closed quarter's late list holds the dossier open and past due at its end, not the one that went
    /// late after it (due in January); the next quarter holds both, finished late in it.
    /// </summary>
    [Fact]
    public async Task AClosedQuartersLateListLeavesOutADossierThatWentLateAfterItsEnd()
    {
        var lateAtTheEnd = await TestDossiers.AddAsync(server, DemoData.HoangKimCode, "2.000815", Utc(2023, 12, 1), d =>
        {
            d.DueAt = Utc(2023, 12, 8);
            TestDossiers.Finish(d, Utc(2024, 1, 15));
        });
        var lateAfterTheEnd = await TestDossiers.AddAsync(server, DemoData.HoangKimCode, "2.000815", Utc(2023, 12, 27), d =>
        {
            d.DueAt = Utc(2024, 1, 5);
            TestDossiers.Finish(d, Utc(2024, 1, 20));
        });
        await server.RollUpAsync(new Period(2023, 4), Period.OfYear(2023), new Period(2024, 1), Period.OfYear(2024));
        using var client = await server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);

        var q4 = (await CardLinksAsync(client, DemoData.HoangKimCode, new Period(2023, 4), C.OverdueCount)).Single();
        var codes = await ListedCodesAsync(client, q4);
        Assert.Contains(lateAtTheEnd.Code, codes);
        Assert.DoesNotContain(lateAfterTheEnd.Code, codes);
        Assert.Equal((int)(await ScorecardEntryAsync(DemoData.HoangKimCode, new Period(2023, 4), C.OverdueCount)).Numerator, await CountedAsync(client, q4));
        var page = await client.PageAsync(q4);
        Assert.Equal($"Hồ sơ trễ hạn của Xã Hoằng Kim trong quý 4/2023, tính đến hết ngày 31/12/2023 — {codes.Count} hồ sơ.", Text(page.QuerySelector(".judged-title")!));

        var q1 = (await CardLinksAsync(client, DemoData.HoangKimCode, new Period(2024, 1), C.OverdueCount)).Single();
        Assert.Superset(new HashSet<string> { lateAtTheEnd.Code, lateAfterTheEnd.Code }, (await ListedCodesAsync(client, q1)).ToHashSet());
        Assert.Equal((int)(await ScorecardEntryAsync(DemoData.HoangKimCode, new Period(2024, 1), C.OverdueCount)).Numerator, await CountedAsync(client, q1));
    }

    /// <summary>The running quarter is judged now, by the list as by a rollup run now: open dossiers late by now count.</summary>
    [Fact]
    public async Task TheRunningQuartersListsAreJudgedNow()
    {
        var now = DateTime.UtcNow;
        var running = Period.QuarterOf(now);
        await using (var db = server.CreateContext())
        {
            await new RollupService(db, new FixedClock(new DateTimeOffset(now))).FullAsync(null, running, null, CancellationToken.None);
        }

        using var client = await server.SignedInAsync(StaffRoles.Leader, DemoData.ProvinceCode);
        foreach (var code in new[] { C.OnTimeShare, C.ApologyCoverage })
        {
            var wire = await ScorecardEntryAsync(DemoData.ProvinceCode, running, code);
            var links = await CardLinksAsync(client, DemoData.ProvinceCode, running, code);
            Assert.Equal([(int)(wire.Denominator - wire.Numerator), (int)wire.Denominator], await Task.WhenAll(links.Select(l => CountedAsync(client, l))));
        }

        var late = (await CardLinksAsync(client, DemoData.ProvinceCode, running, C.OverdueCount)).Single();
        var page = await client.PageAsync(late);
        Assert.Contains("(kỳ chưa kết thúc)", page.QuerySelector(".judged-title")!.TextContent, StringComparison.Ordinal);
        Assert.True((await ScorecardEntryAsync(DemoData.ProvinceCode, running, C.OverdueCount)).Numerator > 0, "dossiers still open in the demo went late since");
    }

    [Fact]
    public async Task TheSetFilterIsShownInTheFormAndCanBeRemoved()
    {
        using var client = await server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        var page = await client.PageAsync("/dossiers?unit=15958&year=2023&quarter=4&set=finished");
        Assert.Equal("finished", page.QuerySelector("select#set option[selected]")!.GetAttribute("value"));
        Assert.Equal("2023", page.QuerySelector("input#year")!.GetAttribute("value"));
        Assert.Equal("4", page.QuerySelector("select#quarter option[selected]")!.GetAttribute("value"));
        Assert.Contains("Xếp vào kỳ theo ngày có kết quả", page.QuerySelector(".judged-placement")!.TextContent, StringComparison.Ordinal);
        var removed = await client.PageAsync(page.QuerySelector("a.remove-set")!.GetAttribute("href")!);
        Assert.Null(removed.QuerySelector(".judged-set"));
        Assert.Null(removed.QuerySelector("select#set option[selected]"));

        var wrong = await client.PageAsync("/dossiers?set=late&year=abc&quarter=4");
        Assert.Equal("Nhập năm từ 2020 đến " + DateTime.UtcNow.AddHours(7).Year + ".", wrong.QuerySelector("#year-error")!.TextContent.Trim());
        Assert.Null(wrong.QuerySelector(".judged-set"));
        var unknown = await client.PageAsync("/dossiers?set=whatever&year=2023");
        Assert.Equal("Chọn một nhóm hồ sơ trong danh sách.", unknown.QuerySelector("#set-error")!.TextContent.Trim());
    }

    /// <summary>The text as a browser shows it: white space collapsed.</summary>
    private static string Text(IElement element) => System.Text.RegularExpressions.Regex.Replace(element.TextContent, @"\s+", " ").Trim();

    /// <summary>
    /// Every bar, point and segment of the district's Q4 2023 charts is a named link laid over its image,
    /// at both sizes, and leads to a list whose total is the element's number: what a share misses (as
    /// GetScorecard counts it), or the count the segment shows. The data tables link each row the same way.
    /// </summary>
    [Fact]
    public async Task EveryChartElementLinksToTheRecordsOfItsNumber()
    {
        using var client = await server.SignedInAsync(StaffRoles.Leader, DemoData.DistrictCode);
        var page = await client.PageAsync("/dashboard?unit=388&year=2023&quarter=4");
        IElement Chart(string id) => page.QuerySelector($"#chart-{id}")!.Closest("section")!;
        List<(string Href, string Name)> Hits(string id, string size = "wide")
        {
            var svg = Chart(id).QuerySelector($"svg.chart-hits.{size}")!;
            var box = svg.GetAttribute("viewBox")!.Split(' ').Select(n => double.Parse(n, CultureInfo.InvariantCulture)).ToArray();
            var hits = svg.QuerySelectorAll("a").ToList();
            foreach (var rect in svg.QuerySelectorAll("rect"))
            {
                double At(string name) => double.Parse(rect.GetAttribute(name)!, CultureInfo.InvariantCulture);
                Assert.True(At("width") > 0 && At("height") > 0 && At("x") >= 0 && At("y") >= 0 && At("x") + At("width") <= box[2] + 0.1 && At("y") + At("height") <= box[3] + 0.1);
            }

            Assert.All(hits, a => Assert.Equal(a.GetAttribute("aria-label"), a.QuerySelector("title")!.TextContent));
            return [.. hits.Select(a => (a.GetAttribute("href")!, a.GetAttribute("aria-label")!))];
        }

        async Task<int> Missing(string unit, Period period, string code)
        {
            var wire = await ScorecardEntryAsync(unit, period, code);
            return (int)(wire.Denominator - wire.Numerator);
        }

        var bullet = Hits("targets");
        Assert.Equal(5, bullet.Count);
        Assert.StartsWith("Tỷ lệ hồ sơ giải quyết đúng hạn: ", bullet[0].Name, StringComparison.Ordinal);
        Assert.EndsWith(" — hồ sơ trễ hạn", bullet[0].Name, StringComparison.Ordinal);
        string[] bulletCodes = [C.OnTimeShare, C.OnlineShare, C.ResultsDigitisedShare, C.ApologyCoverage, C.SatisfactionShare];
        for (var i = 0; i < bulletCodes.Length; i++)
        {
            Assert.Equal(await Missing(DemoData.DistrictCode, new Period(2023, 4), bulletCodes[i]), await RowsAsync(client, bullet[i].Href));
        }

        var trend = Hits("on-time-trend");
        Assert.Equal(4, trend.Count);
        for (var q = 1; q <= 4; q++)
        {
            Assert.StartsWith($"Quý {q}/2023: ", trend[q - 1].Name, StringComparison.Ordinal);
            Assert.Contains($"&year=2023&quarter={q}&set=late", trend[q - 1].Href, StringComparison.Ordinal);
            Assert.Equal(await Missing(DemoData.DistrictCode, new Period(2023, q), C.OnTimeShare), await RowsAsync(client, trend[q - 1].Href));
        }

        var segments = Hits("channels");
        Assert.True(segments.Count >= 8, "two layers or more in each of the 4 quarters");
        foreach (var (href, name) in segments)
        {
            var shown = int.Parse(name[(name.IndexOf(": ", StringComparison.Ordinal) + 2)..name.IndexOf(" —", StringComparison.Ordinal)], NumberStyles.AllowThousands, CultureInfo.GetCultureInfo("vi-VN"));
            Assert.Equal(shown, await RowsAsync(client, href));
        }

        var ranking = Hits("on-time-ranking");
        Assert.Equal(8, ranking.Count);
        var rankingTable = Chart("on-time-ranking").QuerySelectorAll("tbody tr").ToList();
        for (var i = 0; i < ranking.Count; i++)
        {
            var child = rankingTable[i].QuerySelector("th a")!.GetAttribute("href")!.Split("unit=")[1].Split('&')[0];
            Assert.Contains($"/dossiers?unit={child}&year=2023&quarter=4&set=late", ranking[i].Href, StringComparison.Ordinal);
            Assert.Equal(ranking[i].Href, rankingTable[i].QuerySelector("td.drill a")!.GetAttribute("href"));
            Assert.Equal(await Missing(child, new Period(2023, 4), C.OnTimeShare), await RowsAsync(client, ranking[i].Href));
        }

        // The phone's image has its own layout, with the same links; each table row links to the records of its element.
        foreach (var id in new[] { "targets", "on-time-trend", "channels", "on-time-ranking" })
        {
            Assert.Equal(Hits(id).Select(h => h.Href), Hits(id, "phone").Select(h => h.Href));
        }

        Assert.Equal(bullet.Select(h => h.Href), Chart("targets").QuerySelectorAll("td.drill a").Select(a => a.GetAttribute("href")));
        Assert.Equal(trend.Select(h => h.Href), Chart("on-time-trend").QuerySelectorAll("td.drill a").Select(a => a.GetAttribute("href")).TakeLast(trend.Count));
        Assert.Subset(Chart("channels").QuerySelectorAll("td.num a").Select(a => a.GetAttribute("href")!).ToHashSet(), segments.Select(h => h.Href).ToHashSet());
    }

    private static async Task<int> RowsAsync(HttpClient client, string link) =>
        link.Contains("set=", StringComparison.Ordinal) ? await CountedAsync(client, link) : (await ExportAsync(client, link)).Count;

    private static DateTime Utc(int year, int month, int day) => new(year, month, day, 2, 0, 0, DateTimeKind.Utc);

    private async Task<IndicatorValue> ScorecardEntryAsync(string unit, Period period, string code)
    {
        var indicators = new FriendlyGov.Grpc.V1.IndicatorService.IndicatorServiceClient(await server.ChannelForAsync(DemoData.ProvinceCode, ClientScopes.IndicatorsRead));
        var scorecard = await indicators.GetScorecardAsync(
            new GetScorecardRequest { UnitCode = unit, Period = new WirePeriod { Year = period.Year, Quarter = period.Quarter } }, deadline: DateTime.UtcNow.AddSeconds(30));
        return scorecard.Indicators.Single(i => i.IndicatorCode == code);
    }

    private static async Task<List<string>> CardLinksAsync(HttpClient client, string unit, Period period, string code)
    {
        var page = await client.PageAsync($"/dashboard?unit={unit}&year={period.Year}&quarter={period.Quarter}");
        var links = page.QuerySelectorAll($"article.kpi[data-indicator='{code}'] .kpi-drill a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.NotEmpty(links);
        return links;
    }

    /// <summary>The rows of the list's .xlsx export, checked against the count the page states.</summary>
    private static async Task<int> CountedAsync(HttpClient client, string link)
    {
        var rows = (await ExportAsync(client, link)).Count;
        var page = await client.PageAsync(link);
        Assert.Equal(rows, int.Parse(page.QuerySelector("data.judged-count")!.GetAttribute("value")!, CultureInfo.InvariantCulture));
        return rows;
    }

    private static async Task<List<string>> ListedCodesAsync(HttpClient client, string link) => [.. (await ExportAsync(client, link)).Select(r => r[0])];

    /// <summary>The export's rows (without the header), each as its cells' texts.</summary>
    private static async Task<List<List<string>>> ExportAsync(HttpClient client, string link)
    {
        using var response = await client.GetAsync(link + "&handler=export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        return [.. document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().Skip(1)
            .Select(r => r.Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().Select(c => c.InnerText).ToList())];
    }
}

public sealed class SqliteDrillThroughFacts(SqliteGrpcServer server) : DrillThroughFacts<SqliteGrpcServer>(server);

public sealed class PostgresDrillThroughFacts(PostgresGrpcServer server) : DrillThroughFacts<PostgresGrpcServer>(server);
