using System.Globalization;
using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using FriendlyGov.Data.Demo;
using FriendlyGov.Data.Staff;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Clients;
using FriendlyGov.Grpc.V1;
using FriendlyGov.Server.Tests.Sync;
using C = FriendlyGov.Domain.Indicators.IndicatorCatalogue;
using Period = FriendlyGov.Domain.Period;
using WirePeriod = FriendlyGov.Grpc.V1.Period;

namespace FriendlyGov.Server.Tests.Admin;

/// <summary>The leaders' scorecard against the snapshots, the gRPC scorecard and FACTS.md, and who may see what.</summary>
public abstract class DashboardFacts<TServer> : IClassFixture<TServer>, IAsyncLifetime
    where TServer : GrpcServer
{
    private const string HoangKim2023Q4 = "/dashboard?unit=15958&year=2023&quarter=4";
    private readonly TServer _server;

    protected DashboardFacts(TServer server) => _server = server;

    public Task InitializeAsync() => _server.RollUpAsync(new Period(2023, 3), new Period(2023, 4), Period.OfYear(2023), Period.OfYear(2022));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task EveryCardMatchesTheGrpcScorecardForTheSameUnitAndPeriod()
    {
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.DistrictCode);
        var page = await client.PageAsync(HoangKim2023Q4);
        var indicators = new IndicatorService.IndicatorServiceClient(await _server.ChannelForAsync(DemoData.DistrictCode, ClientScopes.IndicatorsRead));
        var scorecard = await indicators.GetScorecardAsync(
            new GetScorecardRequest { UnitCode = DemoData.HoangKimCode, Period = new WirePeriod { Year = 2023, Quarter = 4 } }, deadline: DateTime.UtcNow.AddSeconds(30));

        var cards = page.QuerySelectorAll("article.kpi").ToDictionary(c => c.GetAttribute("data-indicator")!);
        Assert.Equal(scorecard.Indicators.Select(i => i.IndicatorCode).Order(StringComparer.Ordinal), cards.Keys.Order(StringComparer.Ordinal));
        foreach (var wire in scorecard.Indicators)
        {
            var card = cards[wire.IndicatorCode];
            Assert.Equal(wire.HasValue ? wire.Value : null, Number(card, "data.kpi-actual"));
            Assert.Equal(wire.HasTarget ? wire.Target : null, Number(card, "data.kpi-target"));
            Assert.Equal(wire.TargetState switch { TargetState.Met => "met", TargetState.NotMet => "not-met", _ => "no-target" }, card.GetAttribute("data-state"));
            Assert.Equal(wire.TargetState switch { TargetState.Met => "Đạt", TargetState.NotMet => "Chưa đạt", _ => "Không có chỉ tiêu" }, StateWord(card));
        }
    }

    [Fact]
    public async Task HoangKim2023ShowsTheReportsFigures()
    {
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        var year = await client.PageAsync("/dashboard?unit=15958&year=2023&quarter=0");
        Assert.Equal("Xã Hoằng Kim", year.QuerySelector("h1")!.TextContent.Trim());
        var expected = new Dictionary<string, double>
        {
            [C.DossiersReceived] = 779, [C.DossiersReceivedPartlyOnline] = 397, [C.DossiersReceivedFullyOnline] = 203, [C.DossiersReceivedCounter] = 179,
            [C.OverdueCount] = 0, [C.OnTimeShare] = 100, [C.InterAgencyCount] = 47, [C.SurveyCount] = 48, [C.SatisfactionShare] = 100,
            [C.LettersMarriage] = 40, [C.LettersBirth] = 81, [C.LettersCondolence] = 45, [C.LettersApology] = 0,
        };
        foreach (var (code, value) in expected)
        {
            Assert.Equal(value, Number(year.QuerySelector($"article.kpi[data-indicator='{code}']")!, "data.kpi-actual"));
        }

        var card = year.QuerySelector($"article.kpi[data-indicator='{C.DossiersReceived}']")!;
        Assert.Equal("779", card.QuerySelector("data.kpi-actual")!.TextContent.Trim());
        var onTime = year.QuerySelector($"article.kpi[data-indicator='{C.OnTimeShare}']")!;
        Assert.Equal("met", onTime.GetAttribute("data-state"));
        Assert.Equal("Đạt", StateWord(onTime));

        // 8 chairman sessions in 12 months is below the rule of 4 a month: said in words, not colour alone.
        var chairman = year.QuerySelector($"article.kpi[data-indicator='{C.ChairmanReceptionsPerMonth}']")!;
        Assert.Equal("Chưa đạt", StateWord(chairman));
        Assert.Equal("0,67", chairman.QuerySelector("data.kpi-actual")!.TextContent.Trim());
    }

    [Fact]
    public async Task CardsCompareWithThePreviousPeriod()
    {
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        var page = await client.PageAsync(HoangKim2023Q4);
        var received = page.QuerySelector($"article.kpi[data-indicator='{C.DossiersReceived}'] .kpi-change")!.TextContent;
        Assert.Contains("so với quý 3/2023", received, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALeaderOfOneCommuneGetsNothingOfAnother()
    {
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        foreach (var url in new[]
                 {
                     "/dashboard?unit=16999&year=2026&quarter=1", "/dashboard?unit=388&year=2023&quarter=4", "/dashboard?unit=15955&year=2023&quarter=4",
                     "/dashboard/charts/targets.png?unit=16999&year=2026&quarter=1", "/dashboard/charts/on-time-ranking.svg?unit=388&year=2023&quarter=4",
                     "/dashboard/charts/channels.png?unit=15955&year=2023&quarter=4",
                 })
        {
            using var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url}: {(int)response.StatusCode}");
        }

        var own = await client.PageAsync(HoangKim2023Q4);
        Assert.Equal([DemoData.HoangKimCode], own.QuerySelectorAll("select[name=unit] option").Select(o => o.GetAttribute("value")));
        var links = own.QuerySelectorAll("a[href], img[src]").Select(e => e.GetAttribute("href") ?? e.GetAttribute("src")!).ToList();
        Assert.DoesNotContain(links, l => l.Contains("unit=", StringComparison.Ordinal) && !l.Contains("unit=15958", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AParentDrillsThroughTheRankingToEachChild()
    {
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.DistrictCode);
        var page = await client.PageAsync("/dashboard?unit=388&year=2023&quarter=4");
        var ranking = page.QuerySelector("#chart-on-time-ranking")!.ParentElement!;
        var drills = ranking.QuerySelectorAll("table a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Equal(8, drills.Count);
        Assert.Contains("/dashboard?unit=15958&year=2023&quarter=4", drills);
        foreach (var drill in drills)
        {
            await client.PageAsync(drill);
        }
    }

    [Fact]
    public async Task EveryChartIsAPngAndAnSvgOfTheRequestedSizeWithItsAltTextAndTable()
    {
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.DistrictCode);
        var page = await client.PageAsync("/dashboard?unit=388&year=2023&quarter=4");
        var images = page.QuerySelectorAll("img.chart").ToList();
        Assert.Equal(5, images.Count);
        foreach (var image in images)
        {
            Assert.False(string.IsNullOrWhiteSpace(image.GetAttribute("alt")));
            Assert.NotNull(image.ParentElement!.QuerySelector("table tbody tr"));
            var src = image.GetAttribute("src")!;
            using var png = await client.GetAsync(src.Replace("width=760", "width=640", StringComparison.Ordinal));
            Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
            var bytes = await png.Content.ReadAsByteArrayAsync();
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
            Assert.Equal(640, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));
            Assert.Equal(int.Parse(image.GetAttribute("height")!, CultureInfo.InvariantCulture), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));

            using var svg = await client.GetAsync(src.Replace(".png?", ".svg?", StringComparison.Ordinal));
            Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType!.MediaType);
            var xml = System.Xml.Linq.XDocument.Parse(await svg.Content.ReadAsStringAsync());
            Assert.Equal("760", xml.Root!.Attribute("width")!.Value.Replace("px", "", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task TheChartTitleInTheSvgIsTheVietnameseTitleInNfc()
    {
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        var svg = await client.GetStringAsync("/dashboard/charts/on-time-trend.svg?unit=15958&year=2023&quarter=4");
        Assert.Contains("Tỷ lệ hồ sơ giải quyết đúng hạn – 8 quý đến quý 4/2023".Normalize(), svg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/dashboard/charts/targets.png?unit=15958&year=2023&quarter=4&width=50", "width")]
    [InlineData("/dashboard/charts/targets.svg?unit=15958&year=2023&quarter=4&height=9000", "height")]
    [InlineData("/dashboard/charts/targets.png?unit=15958&year=2023&quarter=4&width=1601", "width")]
    [InlineData("/dashboard/charts/targets.png?unit=15958&year=2023&quarter=4&width=300%00", "width")]
    [InlineData("/dashboard/charts/targets.png?unit=15958&year=2023&quarter=4&width=300%20", "width")]
    [InlineData("/dashboard/charts/targets.png?unit=15958&year=2023&quarter=4&width=%20300", "width")]
    [InlineData("/dashboard/charts/targets.png?unit=15958&year=2023&quarter=4&width=%2B300", "width")]
    [InlineData("/dashboard/charts/targets.png?unit=15958&year=2023&quarter=4&height=300.0", "height")]
    [InlineData("/dashboard/charts/targets.png?unit=15958&year=2023&quarter=4&height=%D9%A3%D9%A0%D9%A0", "height")]
    [InlineData("/dashboard/charts/targets.png?unit=15958&year=2023&quarter=4&height=", "height")]
    [InlineData("/dashboard/charts/targets.png?unit=15958&year=1999&quarter=4", "year")]
    [InlineData("/dashboard/charts/targets.png?unit=15958&year=2023&quarter=7", "quarter")]
    public async Task AChartWithAWrongSlicerOrSizeIsABadRequestNamingTheField(string url, string field)
    {
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task AWrongQuarterOnThePageIsShownBesideTheSlicer()
    {
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        var page = await client.PageAsync("/dashboard?unit=15958&year=2023&quarter=9", HttpStatusCode.BadRequest);
        Assert.Contains("Quý phải từ 1 đến 4", page.QuerySelector("#quarter-error")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownChartsAreNotFound()
    {
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dashboard/charts/nothing.png?unit=15958")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dashboard/charts/targets.gif?unit=15958")).StatusCode);
    }

    [Fact]
    public async Task TheDashboardSpeaksEnglishWhenAsked()
    {
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        var page = await client.PageAsync(HoangKim2023Q4);
        (await client.PostFormAsync("/language", page, new() { ["culture"] = "en-GB", ["returnUrl"] = HoangKim2023Q4 })).Dispose();
        var english = await client.PageAsync(HoangKim2023Q4);
        Assert.Equal("Met", StateWord(english.QuerySelector($"article.kpi[data-indicator='{C.OnTimeShare}']")!));
        Assert.Contains("On-time share", english.QuerySelector("#chart-on-time-trend")!.TextContent, StringComparison.Ordinal);
    }

    private static double? Number(IElement card, string selector) =>
        card.QuerySelector(selector)?.GetAttribute("value") is { } value ? double.Parse(value, CultureInfo.InvariantCulture) : null;

    private static string StateWord(IElement card) =>
        card.QuerySelector(".kpi-state")!.ChildNodes.Where(n => n.NodeType == NodeType.Text).Select(n => n.TextContent.Trim()).Single(t => t.Length > 0);
}

public sealed class SqliteDashboardFacts(SqliteGrpcServer server) : DashboardFacts<SqliteGrpcServer>(server);

public sealed class PostgresDashboardFacts(PostgresGrpcServer server) : DashboardFacts<PostgresGrpcServer>(server);
