using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using FriendlyGov.Data.Demo;
using FriendlyGov.Data.Staff;
using FriendlyGov.Domain.Clients;
using Better = FriendlyGov.Domain.Indicators.Better;
using IndicatorUnit = FriendlyGov.Domain.Indicators.IndicatorUnit;
using FriendlyGov.Grpc.V1;
using FriendlyGov.Server.Admin;
using FriendlyGov.Server.Dashboard;
using IndicatorReads = FriendlyGov.Server.Indicators.IndicatorReads;
using Microsoft.EntityFrameworkCore;
using C = FriendlyGov.Domain.Indicators.IndicatorCatalogue;
using Period = FriendlyGov.Domain.Period;
using WirePeriod = FriendlyGov.Grpc.V1.Period;

namespace FriendlyGov.Server.Tests.Admin;

/// <summary>
/// The scorecard's views: comparisons with the previous period and the same period a year before,
/// the year view in years, small multiples of the units below, and every chart's table as .xlsx — each
/// against the gRPC reads of the same snapshots.
/// </summary>
public abstract partial class DashboardFacts<TServer>
{
    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    [Fact]
    public async Task CardsCompareWithThePreviousQuarterAndTheSameQuarterAYearBeforeAsGetScorecardGivesThem()
    {
        await _server.RollUpAsync(new Period(2024, 3), new Period(2024, 4));
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        var page = await client.PageAsync("/dashboard?unit=15958&year=2024&quarter=4");
        var indicators = await IndicatorsAsync(DemoData.DistrictCode);

        var compared = Changes(page, await ScorecardAsync(indicators, DemoData.HoangKimCode, 2024, 4),
            (await ScorecardAsync(indicators, DemoData.HoangKimCode, 2024, 3), 20243, "so với quý 3/2024"),
            (await ScorecardAsync(indicators, DemoData.HoangKimCode, 2023, 4), 20234, "so với cùng kỳ quý 4/2023"));
        Assert.True(compared > 20, $"only {compared} changes on Hoằng Kim's Q4 2024 cards");
    }

    [Fact]
    public async Task AYearIsComparedOnceWithTheYearBeforeAndAPeriodWithoutRecordsNotAtAll()
    {
        await _server.RollUpAsync(Period.OfYear(2024));
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        var indicators = await IndicatorsAsync(DemoData.DistrictCode);
        var page = await client.PageAsync("/dashboard?unit=15958&year=2024&quarter=0");
        var compared = Changes(page, await ScorecardAsync(indicators, DemoData.HoangKimCode, 2024, 0),
            (await ScorecardAsync(indicators, DemoData.HoangKimCode, 2023, 0), 20230, "so với năm 2023"));
        Assert.True(compared > 20, $"only {compared} changes on Hoằng Kim's 2024 cards");

        // 2022 was rolled up, but no record of it is kept here: its zeros are not compared with.
        var year2023 = await client.PageAsync("/dashboard?unit=15958&year=2023&quarter=0");
        Assert.Empty(year2023.QuerySelectorAll(".kpi-change"));
    }

    /// <summary>Hoằng Phú was formed on 01/07/2025 from four communes: before that, its comparisons add theirs up, as its trends do (GetSeries with predecessors).</summary>
    [Fact]
    public async Task ASuccessorIsComparedWithItsPredecessorsAddedUpAndSaysSo()
    {
        await _server.RollUpAsync(new Period(2024, 3));
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.ProvinceCode);
        var page = await client.PageAsync("/dashboard?unit=16999&year=2025&quarter=3");
        var indicators = await IndicatorsAsync(DemoData.ProvinceCode);
        Assert.Contains("biểu đồ xu hướng và so sánh với các kỳ trước ngày đó cộng số liệu", page.QuerySelector(".unit-predecessors")!.TextContent, StringComparison.Ordinal);

        var now = await ScorecardAsync(indicators, DemoData.NewHoangPhuCode, 2025, 3);
        var checkedChanges = 0;
        foreach (var (code, wire) in now.Where(w => w.Value.HasValue))
        {
            var before = await SeriesAsync(indicators, DemoData.NewHoangPhuCode, code, new Period(2025, 2), new Period(2025, 2));
            var yearBefore = await SeriesAsync(indicators, DemoData.NewHoangPhuCode, code, new Period(2024, 3), new Period(2024, 3));
            Assert.True(before[0].FromPredecessors && yearBefore[0].FromPredecessors, code);
            foreach (var (point, key) in new[] { (before[0], 20252), (yearBefore[0], 20243) })
            {
                var change = page.QuerySelector($"article.kpi[data-indicator='{code}'] .kpi-change[data-against='{key}']");
                Assert.Equal(point.HasValue, change is not null);
                if (change is not null)
                {
                    AssertChange(code, (decimal)wire.Value - (decimal)point.Value, change);
                    Assert.Contains("(cộng các đơn vị tiền thân)", change.TextContent, StringComparison.Ordinal);
                    checkedChanges++;
                }
            }
        }

        Assert.True(checkedChanges > 20, $"only {checkedChanges} changes on Hoằng Phú's Q3 2025 cards");
    }

    [Fact]
    public async Task TheScorecardsXlsxHasTheValuesOfThePeriodsTheCardsCompareWith()
    {
        await _server.RollUpAsync(new Period(2024, 3), new Period(2024, 4));
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.DistrictCode);
        var page = await client.PageAsync("/dashboard?unit=15958&year=2024&quarter=4");
        var rows = await XlsxAsync(client, page.QuerySelector(".summary-exports a")!.GetAttribute("href")!);
        Assert.Equal(["Mã chỉ số", "Chỉ số", "Nhóm", "Thực hiện", "Chỉ tiêu", "Đánh giá", "Tử số", "Mẫu số", "Kỳ trước (quý 3/2024)", "Cùng kỳ năm trước (quý 4/2023)"],
            rows[0].Select(c => c.Text));
        var byCode = rows.Skip(1).Where(r => r.Count == 10).ToDictionary(r => r[0].Text);

        var indicators = await IndicatorsAsync(DemoData.DistrictCode);
        var previous = await ScorecardAsync(indicators, DemoData.HoangKimCode, 2024, 3);
        var yearBefore = await ScorecardAsync(indicators, DemoData.HoangKimCode, 2023, 4);
        Assert.Equal(previous.Keys.Order(StringComparer.Ordinal), byCode.Keys.Order(StringComparer.Ordinal));
        foreach (var (code, row) in byCode)
        {
            Assert.Equal(previous[code].HasValue ? previous[code].Value : null, row[8].Number);
            Assert.Equal(yearBefore[code].HasValue ? yearBefore[code].Value : null, row[9].Number);
        }

        Assert.Contains(byCode.Values, r => r[9].Number is not null);
    }

    /// <summary>The whole year: trends in years (predecessors included, a year's target each), not the quarters of the year.</summary>
    [Fact]
    public async Task TheYearViewDrawsYearsReachingBackThroughThePredecessors()
    {
        await _server.RollUpAsync(Period.OfYear(2024), Period.OfYear(2025));
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.ProvinceCode);
        var page = await client.PageAsync("/dashboard?unit=16999&year=2025&quarter=0");
        var block = page.QuerySelector("#chart-on-time-trend")!.Closest("section")!;
        Assert.Equal("Tỷ lệ hồ sơ giải quyết đúng hạn – 3 năm đến năm 2025", block.QuerySelector("h2")!.TextContent.Trim());
        Assert.Equal("Năm", block.QuerySelector("thead th")!.TextContent.Trim());
        var rows = block.QuerySelectorAll("tbody tr").Select(r => r.Children.Select(c => c.TextContent.Trim()).ToList()).ToList();
        Assert.Equal(["2023", "2024", "2025"], rows.Select(r => r[0]));

        var series = await SeriesAsync(await IndicatorsAsync(DemoData.ProvinceCode), DemoData.NewHoangPhuCode, C.OnTimeShare, Period.OfYear(2023), Period.OfYear(2025));
        Assert.All(series, p => Assert.True(p.FromPredecessors)); // 2025: Hoằng Phú's half and its predecessors' half
        Assert.Equal(series.Select(p => Percent(p.HasValue ? p.Value : null)), rows.Select(r => r[1]));
        Assert.Equal(series.Select(p => Percent(p.HasTarget ? p.Target : null)), rows.Select(r => r[2]));

        var svg = SvgTexts(await client.GetStringAsync(block.QuerySelector("img.chart")!.GetAttribute("src")!.Replace(".png?", ".svg?", StringComparison.Ordinal)));
        Assert.Equal(["2023", "2024", "2025"], svg.Where(t => Regex.IsMatch(t, @"^\d{4}$")));
        Assert.DoesNotContain(svg, t => Regex.IsMatch(t, @"^Q\d"));
        Assert.Equal("Năm", page.QuerySelector("#chart-channels")!.Closest("section")!.QuerySelector("thead th")!.TextContent.Trim());
    }

    [Fact]
    public async Task AParentHasASmallTrendOfEachUnitBelowWorstFirstOnOneValueAxisEachLinkingToItsScorecard()
    {
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.DistrictCode);
        var page = await client.PageAsync("/dashboard?unit=388&year=2023&quarter=4");
        var ranking = (await (await IndicatorsAsync(DemoData.DistrictCode)).RankChildrenAsync(
            new RankChildrenRequest { UnitCode = DemoData.DistrictCode, IndicatorCode = C.OnTimeShare, Period = new WirePeriod { Year = 2023, Quarter = 4 } },
            deadline: DateTime.UtcNow.AddSeconds(30))).Units;
        var worstFirst = ranking.OrderBy(r => r.Indicator.Value).ThenBy(r => r.UnitCode, StringComparer.Ordinal).ToList();

        var block = page.QuerySelector("#chart-on-time-by-unit")!.Closest("section")!;
        var multiples = block.QuerySelectorAll("a.multiple").ToList();
        Assert.Equal(worstFirst.Select(r => r.UnitCode), multiples.Select(m => m.GetAttribute("data-unit")));
        Assert.Equal(worstFirst.Select(r => $"/dashboard?unit={r.UnitCode}&year=2023&quarter=4"), multiples.Select(m => m.GetAttribute("href")));
        Assert.Equal(worstFirst.Select(r => r.UnitName), multiples.Select(m => m.QuerySelector(".multiple-name")!.TextContent.Trim()));
        Assert.Equal(worstFirst.Select(r => r.Indicator.TargetState == TargetState.Met ? "Đạt" : "Chưa đạt"),
            multiples.Select(m => Regex.Match(m.QuerySelector(".multiple-value")!.TextContent, @"(Chưa đạt|Đạt)").Value));
        Assert.Contains(worstFirst, r => r.Indicator.TargetState == TargetState.Met);
        Assert.Contains(worstFirst, r => r.Indicator.TargetState == TargetState.NotMet);
        Assert.StartsWith("8 đơn vị trực thuộc, kém nhất trước.", block.QuerySelector(".multiples-note")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(8, block.QuerySelectorAll("tbody tr").Length);

        // One value axis for the grid: every unit's chart has the same percentages along its side.
        var axes = new List<List<string>>();
        foreach (var image in multiples.Select(m => m.QuerySelector("img.chart")!))
        {
            Assert.Equal(ChartSizes.MultipleWidth.ToString(CultureInfo.InvariantCulture), image.GetAttribute("width"));
            Assert.StartsWith(image.Closest("a")!.QuerySelector(".multiple-name")!.TextContent.Trim() + ".", image.GetAttribute("alt"), StringComparison.Ordinal);
            axes.Add([.. SvgTexts(await client.GetStringAsync(image.GetAttribute("src")!.Replace(".png?", ".svg?", StringComparison.Ordinal))).Where(t => Regex.IsMatch(t, @"^\d+%$")).Order(StringComparer.Ordinal)]);
        }

        Assert.NotEmpty(axes[0]);
        Assert.All(axes, a => Assert.Equal(axes[0], a));

        // A chart of the grid is of one unit below: without one, the image is asked wrongly; with another, it does not exist.
        var src = multiples[0].QuerySelector("img.chart")!.GetAttribute("src")!;
        using (var noChild = await client.GetAsync(Regex.Replace(src, "&child=[^&]*", "")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noChild.StatusCode);
        }

        using (var stranger = await client.GetAsync(Regex.Replace(src, "child=[^&]*", "child=16998")))
        {
            Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        }

        // A commune has no units below: no grid.
        Assert.Null((await client.PageAsync("/dashboard?unit=15958&year=2023&quarter=4")).QuerySelector("#chart-on-time-by-unit"));
    }

    /// <summary>With more units below than a grid draws (600 communes), the worst are drawn and the page says where the others are.</summary>
    [Fact]
    public async Task AGridDrawsAtMostItsMaxUnitsTheWorstAndSaysSoWhileItsTableHasEveryUnit()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = Lang.Vietnamese;
        await using var db = _server.CreateContext();
        var district = await db.Units.AsNoTracking().SingleAsync(u => u.Code == DemoData.DistrictCode);
        var grid = new ChartDefinition("on-time-by-unit", ChartKind.SmallMultiples, "Đúng hạn – {span} đến {period}", "On time – {span} to {period}", [C.OnTimeShare], MaxUnits: 3);

        var built = await new DashboardCharts(new IndicatorReads(db)).BuildAsync(grid, district, new Period(2023, 4), CancellationToken.None);

        Assert.Equal(8, built.Data.Categories.Count);
        Assert.Equal(built.UnitCodes!.Take(3), built.Multiples.Select(m => m.UnitCode));
        var values = built.Data.Series[^1].Values;
        Assert.Equal(values.Order(), values);
        Assert.All(built.Multiples, m => Assert.True(m.Value <= values[3]));
        Assert.Equal("Vẽ 3/8 đơn vị có tỷ lệ hồ sơ giải quyết đúng hạn kém nhất; 5 đơn vị còn lại ở bảng số liệu. Các biểu đồ cùng một trục tung để so sánh; bấm vào một đơn vị để xem bảng chỉ số của đơn vị đó.",
            built.MultiplesNote);
        Assert.All(built.Multiples, m => Assert.Equal(built.Multiples[0].Data.Extent, m.Data.Extent));

        // An image's request reads only the units drawn, and gets the very images the page asks for (the same tags).
        var image = await new DashboardCharts(new IndicatorReads(db)).BuildAsync(grid, district, new Period(2023, 4), CancellationToken.None, table: false);
        Assert.Equal(built.UnitCodes!.Take(3), image.UnitCodes!);
        Assert.Equal(built.Multiples.Select(m => ChartCache.Tag(m.Data, "png", 280, 180, 1)), image.Multiples.Select(m => ChartCache.Tag(m.Data, "png", 280, 180, 1)));
    }

    /// <summary>
    /// Every chart's data table as .xlsx, read back with OpenXml: the rows and columns of the page's table (not
    /// its links to the records), readable headings, numbers as numbers, and the same numbers as GetScorecard,
    /// GetSeries and RankChildren.
    /// </summary>
    [Fact]
    public async Task EveryChartsTableDownloadsAsAnXlsxWithTheNumbersOfTheGrpcReads()
    {
        await _server.RollUpAsync(new Period(2024, 3), new Period(2024, 4));
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.DistrictCode);
        var page = await client.PageAsync("/dashboard?unit=388&year=2024&quarter=4");
        var indicators = await IndicatorsAsync(DemoData.DistrictCode);
        var layout = DashboardLayout.Load(Path.Combine(AppContext.BaseDirectory, "charts", "dashboard.json"));
        var blocks = page.QuerySelectorAll("section.chart-block").ToList();
        Assert.Equal(layout.Charts.Select(c => c.Id), blocks.Select(b => b.GetAttribute("aria-labelledby")!["chart-".Length..]));

        foreach (var block in blocks)
        {
            var chart = layout.Chart(block.GetAttribute("aria-labelledby")!["chart-".Length..])!;
            var link = block.QuerySelector(".exports a.xlsx")!;
            Assert.Equal("Tải bảng số liệu (.xlsx)", link.TextContent.Trim());
            var rows = await XlsxAsync(client, link.GetAttribute("href")!);
            var header = rows[0].Select(c => c.Text).ToList();
            var body = rows.Skip(1).TakeWhile(r => r.Count > 1).ToList();
            var table = block.QuerySelectorAll("tbody tr").Select(r => r.Children[0].TextContent.Trim()).ToList();
            var units = chart.Kind is ChartKind.Ranking or ChartKind.SmallMultiples;
            Assert.Equal(table, body.Select(r => r[units ? 1 : 0].Text));
            Assert.Equal(block.QuerySelectorAll("thead th:not(.drill)").Length + (units ? 1 : 0), header.Count);
            var numbers = Enumerable.Range(units ? 2 : 1, header.Count - (units ? 2 : 1)).Where(i => header[i] != "Đánh giá").ToList();
            Assert.All(body.SelectMany(r => numbers.Select(i => r[i])), c => Assert.True(c.IsNumber || c.Text.Length == 0, $"{chart.Id}: '{c.Text}' is not a number"));
            Assert.EndsWith(" – Huyện Hoằng Hóa", rows[^1][0].Text, StringComparison.Ordinal);

            switch (chart.Kind)
            {
                case ChartKind.Bullet:
                {
                    Assert.Equal(["Chỉ số", "Thực hiện (%)", "Kỳ trước (quý 3/2024) (%)", "Cùng kỳ năm trước (quý 4/2023) (%)", "Chỉ tiêu (%)", "Đánh giá"], header);
                    var (now, before, yearBefore) = (await ScorecardAsync(indicators, "388", 2024, 4), await ScorecardAsync(indicators, "388", 2024, 3), await ScorecardAsync(indicators, "388", 2023, 4));
                    for (var i = 0; i < chart.Indicators.Count; i++)
                    {
                        var code = chart.Indicators[i];
                        Assert.Equal([Value(now[code]), Value(before[code]), Value(yearBefore[code]), now[code].HasTarget ? now[code].Target : null], body[i].Skip(1).Take(4).Select(c => c.Number));
                        Assert.Equal(now[code].TargetState switch { TargetState.Met => "Đạt", TargetState.NotMet => "Chưa đạt", _ => "" }, body[i][5].Text);
                    }

                    break;
                }

                case ChartKind.Trend or ChartKind.Stacked:
                {
                    Assert.Equal("Quý", header[0]);
                    var periods = body.Select(r => QuarterOf(r[0].Text)).ToList();
                    for (var s = 0; s < chart.Indicators.Count; s++)
                    {
                        var series = await SeriesAsync(indicators, "388", chart.Indicators[s], periods[0], periods[^1]);
                        Assert.Equal(series.Select(p => p.HasValue ? p.Value : (double?)null), body.Select(r => r[1 + s].Number));
                    }

                    if (chart.Kind == ChartKind.Trend)
                    {
                        Assert.Equal(["Quý", $"{IndicatorFormat.Name(C.Get(chart.Indicators[0]))} (%)", "Cùng kỳ năm trước (%)", "Chỉ tiêu (%)"], header);
                        var yearBefore = await SeriesAsync(indicators, "388", chart.Indicators[0], new Period(periods[0].Year - 1, periods[0].Quarter), new Period(periods[^1].Year - 1, periods[^1].Quarter));
                        Assert.Equal(yearBefore.Select(p => p.HasValue ? p.Value : (double?)null), body.Select(r => r[2].Number));
                    }

                    break;
                }

                case ChartKind.Ranking:
                {
                    Assert.Equal(["Mã đơn vị", "Đơn vị", "Tỷ lệ hồ sơ giải quyết đúng hạn (%)", "Chỉ tiêu (%)", "Đánh giá"], header);
                    var ranked = (await indicators.RankChildrenAsync(new RankChildrenRequest { UnitCode = "388", IndicatorCode = chart.Indicators[0], Period = new WirePeriod { Year = 2024, Quarter = 4 } },
                        deadline: DateTime.UtcNow.AddSeconds(30))).Units;
                    Assert.Equal(ranked.Select(r => r.UnitCode), body.Select(r => r[0].Text));
                    Assert.Equal(ranked.Select(r => Value(r.Indicator)), body.Select(r => r[2].Number));
                    break;
                }

                default:
                {
                    Assert.Equal(["Mã đơn vị", "Đơn vị"], header[..2]);
                    Assert.Equal(["Chỉ tiêu (%)", "Đánh giá"], header[^2..]);
                    var periods = header[2..^2].Select(h => QuarterOf(h[..^" (%)".Length])).ToList();
                    Assert.Equal(new Period(2024, 4), periods[^1]);
                    var ranked = (await indicators.RankChildrenAsync(new RankChildrenRequest { UnitCode = "388", IndicatorCode = chart.Indicators[0], Period = new WirePeriod { Year = 2024, Quarter = 4 } },
                        deadline: DateTime.UtcNow.AddSeconds(30))).Units.ToDictionary(r => r.UnitCode);
                    Assert.Equal(ranked.Keys.Order(StringComparer.Ordinal), body.Select(r => r[0].Text).Order(StringComparer.Ordinal));
                    foreach (var row in body)
                    {
                        var series = await SeriesAsync(indicators, row[0].Text, chart.Indicators[0], periods[0], periods[^1]);
                        Assert.Equal(series.Select(p => p.HasValue ? p.Value : (double?)null), row.Skip(2).Take(periods.Count).Select(c => c.Number));
                        Assert.Equal(Value(ranked[row[0].Text].Indicator), row[1 + periods.Count].Number);
                        Assert.Equal(ranked[row[0].Text].Indicator.HasTarget ? ranked[row[0].Text].Indicator.Target : null, row[^2].Number);
                        Assert.Equal(ranked[row[0].Text].Indicator.TargetState switch { TargetState.Met => "Đạt", TargetState.NotMet => "Chưa đạt", _ => "" }, row[^1].Text);
                    }

                    break;
                }
            }
        }

        static double? Value(IndicatorValue wire) => wire.HasValue ? wire.Value : null;
    }

    /// <summary>
    /// Checks every card's change against each compared period as GetScorecard gives it: the difference,
    /// the words, better or worse (never for a volume); a card without both values has none. Returns how many.
    /// </summary>
    private static int Changes(IDocument page, Dictionary<string, IndicatorValue> now, params (Dictionary<string, IndicatorValue> Then, int Key, string Words)[] compared)
    {
        var count = 0;
        foreach (var card in page.QuerySelectorAll("article.kpi"))
        {
            var code = card.GetAttribute("data-indicator")!;
            var both = compared.Where(c => now[code].HasValue && c.Then[code].HasValue).ToList();
            Assert.Equal(both.Count, card.QuerySelectorAll(".kpi-change").Length);
            foreach (var (then, key, words) in both)
            {
                var change = card.QuerySelector($".kpi-change[data-against='{key}']")!;
                AssertChange(code, (decimal)now[code].Value - (decimal)then[code].Value, change);
                Assert.Contains(words, Regex.Replace(change.TextContent, @"\s+", " "), StringComparison.Ordinal);
                count++;
            }
        }

        return count;
    }

    /// <summary>The change in the card's words: "+0,6 điểm %", "−7", "(tốt hơn)" only where the indicator has a better.</summary>
    private static void AssertChange(string code, decimal change, IElement shown)
    {
        var indicator = C.Get(code);
        var sign = change > 0 ? "+" : change < 0 ? "−" : "±";
        var size = Math.Abs(change);
        var expected = indicator.Unit switch
        {
            IndicatorUnit.Percent => $"{sign}{size.ToString("0.#", Vi)} điểm %",
            IndicatorUnit.Count => sign + size.ToString("N0", Vi),
            _ => sign + size.ToString("0.##", Vi),
        };
        var text = Regex.Replace(shown.TextContent, @"\s+", " ").Trim();
        Assert.Contains(expected + " so với", text, StringComparison.Ordinal);
        var better = change == 0 || indicator.Better == Better.Neutral ? (bool?)null : (change > 0) == (indicator.Better == Better.Higher);
        Assert.Contains(better switch { true => "better", false => "worse", null => "same" }, shown.ClassList);
        Assert.Equal(better == true, text.EndsWith("(tốt hơn)", StringComparison.Ordinal));
        Assert.Equal(better == false, text.EndsWith("(kém hơn)", StringComparison.Ordinal));
    }

    private async Task<IndicatorService.IndicatorServiceClient> IndicatorsAsync(string unitCode) =>
        new(await _server.ChannelForAsync(unitCode, ClientScopes.IndicatorsRead));

    private static async Task<Dictionary<string, IndicatorValue>> ScorecardAsync(IndicatorService.IndicatorServiceClient indicators, string unit, int year, int quarter) =>
        (await indicators.GetScorecardAsync(new GetScorecardRequest { UnitCode = unit, Period = new WirePeriod { Year = year, Quarter = quarter } }, deadline: DateTime.UtcNow.AddSeconds(30)))
            .Indicators.ToDictionary(i => i.IndicatorCode);

    private static async Task<IReadOnlyList<SeriesPoint>> SeriesAsync(IndicatorService.IndicatorServiceClient indicators, string unit, string code, Period first, Period last) =>
        (await indicators.GetSeriesAsync(new GetSeriesRequest
        {
            UnitCode = unit, IndicatorCode = code, IncludePredecessors = true,
            FirstPeriod = new WirePeriod { Year = first.Year, Quarter = first.Quarter }, LastPeriod = new WirePeriod { Year = last.Year, Quarter = last.Quarter },
        }, deadline: DateTime.UtcNow.AddSeconds(30))).Points;

    private static string Percent(double? value) => value is { } v ? v.ToString("0.#", Vi) + "%" : "—";

    private static Period QuarterOf(string label) => Regex.Match(label, @"^Q([1-4])/(\d{4})$") is { Success: true } m
        ? new Period(int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
        : throw new FormatException($"'{label}' is not a quarter");

    /// <summary>A cell read back: its text, and its number when Excel stores it as one.</summary>
    private sealed record XlsxCell(string Text, bool IsNumber)
    {
        public double? Number => IsNumber ? double.Parse(Text, CultureInfo.InvariantCulture) : Text.Length == 0 ? null : throw new FormatException($"'{Text}' is text, not a number");
    }

    private static async Task<List<List<XlsxCell>>> XlsxAsync(HttpClient client, string link)
    {
        using var response = await client.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);
        using var document = SpreadsheetDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        return [.. document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Row>()
            .Select(r => r.Elements<Cell>().Select(c => new XlsxCell(c.InnerText, c.DataType?.Value == CellValues.Number)).ToList())];
    }
}
