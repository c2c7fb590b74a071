using System.Globalization;
using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using FriendlyGov.Data.Demo;
using FriendlyGov.Data.Staff;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Clients;
using FriendlyGov.Grpc.V1;
using FriendlyGov.Server.Reports;
using FriendlyGov.Server.Tests.Sync;
using C = FriendlyGov.Domain.Indicators.IndicatorCatalogue;
using Period = FriendlyGov.Domain.Period;
using WirePeriod = FriendlyGov.Grpc.V1.Period;

namespace FriendlyGov.Server.Tests.Admin;

/// <summary>The leaders' scorecard against the snapshots, the gRPC scorecard and FACTS.md, and who may see what.</summary>
public abstract partial class DashboardFacts<TServer> : IClassFixture<TServer>, IAsyncLifetime
    where TServer : GrpcServer
{
    private const string HoangKim2023Q4 = "/dashboard?unit=15958&year=2023&quarter=4";
    private readonly TServer _server;

    protected DashboardFacts(TServer server) => _server = server;

    // Q2 2025 is Hoằng Kim's last quarter (closed on 30/06/2025); Q3 2025 is rolled up too, empty for it.
    public Task InitializeAsync() => _server.RollUpAsync(new Period(2023, 3), new Period(2023, 4), Period.OfYear(2023), Period.OfYear(2022), new Period(2025, 2), new Period(2025, 3));

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Hoằng Kim's Q4 2023 page as the district's leader sees it, and the same scorecard through gRPC.</summary>
    private async Task<(IDocument Page, GetScorecardResponse Scorecard)> HoangKim2023Q4AsTheDistrictReadsItAsync()
    {
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.DistrictCode);
        var page = await client.PageAsync(HoangKim2023Q4);
        var indicators = new IndicatorService.IndicatorServiceClient(await _server.ChannelForAsync(DemoData.DistrictCode, ClientScopes.IndicatorsRead));
        var scorecard = await indicators.GetScorecardAsync(
            new GetScorecardRequest { UnitCode = DemoData.HoangKimCode, Period = new WirePeriod { Year = 2023, Quarter = 4 } }, deadline: DateTime.UtcNow.AddSeconds(30));
        return (page, scorecard);
    }

    [Fact]
    public async Task EveryCardMatchesTheGrpcScorecardForTheSameUnitAndPeriod()
    {
        var (page, scorecard) = await HoangKim2023Q4AsTheDistrictReadsItAsync();

        var cards = page.QuerySelectorAll("article.kpi").ToDictionary(c => c.GetAttribute("data-indicator")!);
        Assert.Equal(scorecard.Indicators.Select(i => i.IndicatorCode).Order(StringComparer.Ordinal), cards.Keys.Order(StringComparer.Ordinal));
        foreach (var wire in scorecard.Indicators)
        {
            var card = cards[wire.IndicatorCode];
            Assert.Equal(wire.HasValue ? wire.Value : null, Number(card, "data.kpi-actual"));
            Assert.Equal(wire.HasTarget ? wire.Target : null, Number(card, "data.kpi-target"));
            Assert.Equal(!wire.HasValue ? "no-value" : wire.TargetState switch { TargetState.Met => "met", TargetState.NotMet => "not-met", _ => "no-target" }, card.GetAttribute("data-state"));
            if (wire.HasValue && wire.TargetState != TargetState.NoTarget)
            {
                Assert.Equal(wire.TargetState == TargetState.Met ? "Đạt" : "Chưa đạt", StateWord(card));
            }
        }
    }

    [Fact]
    public async Task TheSummaryShowsTheDecision766IndexAsTheGrpcScorecardScoresIt()
    {
        var (page, scorecard) = await HoangKim2023Q4AsTheDistrictReadsItAsync();

        var shown = page.QuerySelectorAll(".summary .index766-groups li").ToDictionary(g => g.GetAttribute("data-group")!);
        Assert.Equal(scorecard.Decision766Groups.Select(g => g.Code), shown.Keys);
        var vi = CultureInfo.GetCultureInfo("vi-VN");
        foreach (var group in scorecard.Decision766Groups)
        {
            var points = shown[group.Code].QuerySelector(".group-points")?.TextContent;
            Assert.Equal(group.HasPoints ? $"{((decimal)group.Points).ToString("0.##", vi)}/{((decimal)group.MaxPoints).ToString("0.##", vi)}" : null, points);
            Assert.Equal(!group.HasPoints, shown[group.Code].QuerySelector(".group-missing")?.TextContent.StartsWith("không tính được", StringComparison.Ordinal) == true);
        }

        var scored = scorecard.Decision766Groups.Where(g => g.HasPoints).ToList();
        Assert.StartsWith($"{((decimal)scored.Sum(g => g.Points)).ToString("0.##", vi)}/{((decimal)scored.Sum(g => g.MaxPoints)).ToString("0.##", vi)} điểm ở {scored.Count}/5 nhóm",
            page.QuerySelector(".index766-total")!.TextContent.Trim(), StringComparison.Ordinal);
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
        var received = page.QuerySelector($"article.kpi[data-indicator='{C.DossiersReceived}'] .kpi-change[data-against='20233']")!.TextContent;
        Assert.Contains("so với quý 3/2023", received, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSummaryCountsTheTargetsMetThenShowsTheTargetsThenFoldsTheOtherFigures()
    {
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        var page = await client.PageAsync("/dashboard?unit=15958&year=2023&quarter=0");
        var targets = page.QuerySelectorAll("section.targets article.kpi").ToList();
        var met = targets.Count(c => c.GetAttribute("data-state") == "met");
        var judged = targets.Count(c => c.GetAttribute("data-state") is "met" or "not-met");
        Assert.Equal($"{met}/{judged}", page.QuerySelector(".summary .summary-count")!.TextContent.Trim());
        Assert.Contains("chỉ tiêu đạt", page.QuerySelector(".summary-verdict")!.TextContent, StringComparison.Ordinal);
        Assert.All(targets, c => Assert.NotNull(c.QuerySelector("data.kpi-target")));

        // The chairman's 0,67 sessions a month misses the rule of 4: named in the summary, and first among the targets.
        Assert.Equal("not-met", targets[0].GetAttribute("data-state"));
        Assert.Contains(page.QuerySelectorAll(".summary-missed a"), a => a.GetAttribute("href") == "#kpi-receptions-chairman_per_month");

        var folded = page.QuerySelectorAll("details.counts").ToList();
        Assert.NotEmpty(folded);
        Assert.All(folded, d => Assert.False(d.HasAttribute("open")));
        Assert.All(folded.SelectMany(d => d.QuerySelectorAll("article.kpi")), c => Assert.Null(c.QuerySelector("data.kpi-target")));
        Assert.NotNull(page.QuerySelector($"details.counts article.kpi[data-indicator='{C.LettersBirth}']"));
        Assert.True(page.QuerySelector(".summary")!.CompareDocumentPosition(page.QuerySelector("section.targets")!).HasFlag(DocumentPositions.Following));
        Assert.True(page.QuerySelector("section.targets")!.CompareDocumentPosition(folded[0]).HasFlag(DocumentPositions.Following));
    }

    [Fact]
    public async Task VolumesChangeWithoutBeingBetterOrWorseAndAMissingValueIsNotAMissingTarget()
    {
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        var page = await client.PageAsync(HoangKim2023Q4);
        foreach (var code in new[] { C.DossiersReceived, C.LettersBirth, C.LettersCondolence })
        {
            var change = page.QuerySelector($"article.kpi[data-indicator='{code}'] .kpi-change")!;
            Assert.Contains("same", change.ClassList);
            Assert.DoesNotContain("tốt hơn", change.TextContent, StringComparison.Ordinal);
            Assert.DoesNotContain("kém hơn", change.TextContent, StringComparison.Ordinal);
        }

        // No dossier went late in 2023: apology coverage has nothing to measure, against its target of 100%.
        var apology = page.QuerySelector($"article.kpi[data-indicator='{C.ApologyCoverage}']")!;
        Assert.Equal("no-value", apology.GetAttribute("data-state"));
        Assert.Equal("Không có hồ sơ trễ hạn", StateWord(apology));
        Assert.NotNull(apology.QuerySelector("data.kpi-target"));
        Assert.DoesNotContain("Không có chỉ tiêu", apology.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRunningQuarterIsShownToDateAndNotJudgedNorComparedWithACompleteQuarter()
    {
        await _server.RollUpAsync(new Period(2026, 3), new Period(2026, 4));
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.NewHoangPhuCode);
        var page = await client.PageAsync("/dashboard?unit=16999&year=2026&quarter=4");
        Assert.Matches(@"quý 4/2026 \(đến \d\d/\d\d/2026\)", page.QuerySelector(".eyebrow")!.TextContent);
        Assert.NotEmpty(page.QuerySelectorAll("article.kpi[data-state=running]"));
        Assert.Empty(page.QuerySelectorAll("article.kpi[data-state=met], article.kpi[data-state=not-met]"));
        Assert.Empty(page.QuerySelectorAll(".kpi-change"));
        Assert.Contains("Kỳ chưa kết thúc", page.QuerySelector(".summary-verdict")!.TextContent, StringComparison.Ordinal);

        // The province's ranking of its communes in the running quarter: neither coloured nor judged.
        using var province = await _server.SignedInAsync(StaffRoles.Leader, DemoData.ProvinceCode);
        var ranking = (await province.PageAsync("/dashboard?unit=38&year=2026&quarter=4")).QuerySelector("#chart-on-time-ranking")!.Closest("section")!;
        Assert.Null(ranking.QuerySelector(".shortfall"));
        Assert.Empty(ranking.QuerySelectorAll("td.state.met, td.state.not-met"));
        Assert.NotEmpty(ranking.QuerySelectorAll("tbody tr"));

        var closed = await client.PageAsync("/dashboard?unit=16999&year=2026&quarter=3");
        Assert.NotEmpty(closed.QuerySelectorAll("article.kpi[data-state=met], article.kpi[data-state=not-met]"));
        Assert.Null(closed.QuerySelector(".summary-verdict.running"));
    }

    /// <summary>
    /// Each family of indicators: the lists its card links to hold exactly the records of its number (by
    /// the lists' own .xlsx export, which holds every row the list's filters select). Hoằng Kim, 2023.
    /// </summary>
    [Theory]
    [InlineData(C.DossiersReceived)]
    [InlineData(C.DossiersReceivedCounter)]
    [InlineData(C.DossiersReceivedFullyOnline)]
    [InlineData(C.OnlineShare)]
    [InlineData(C.SatisfactionShare)]
    [InlineData(C.SurveyCount)]
    [InlineData(C.ReceptionSessions)]
    [InlineData(C.PartySecretaryReceptionsPerMonth)]
    [InlineData(C.ChairmanReceptionsPerMonth)]
    [InlineData(C.Dialogues)]
    [InlineData(C.DialogueOpinions)]
    [InlineData(C.PetitionsResolvedShare)]
    [InlineData(C.LettersBirth)]
    public async Task EveryDrillThroughListHoldsTheRecordsBehindItsCard(string code)
    {
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        var page = await client.PageAsync("/dashboard?unit=15958&year=2023&quarter=0");
        var indicators = new IndicatorService.IndicatorServiceClient(await _server.ChannelForAsync(DemoData.DistrictCode, ClientScopes.IndicatorsRead));
        var wire = (await indicators.GetScorecardAsync(
                new GetScorecardRequest { UnitCode = DemoData.HoangKimCode, Period = new WirePeriod { Year = 2023 } }, deadline: DateTime.UtcNow.AddSeconds(30)))
            .Indicators.Single(i => i.IndicatorCode == code);
        var links = page.QuerySelectorAll($"article.kpi[data-indicator='{code}'] .kpi-drill a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, l => Assert.Contains("unit=15958&from=01/01/2023&to=31/12/2023", l, StringComparison.Ordinal));

        // A share links to its complement (dissatisfied surveys, dossiers not online) or its numerator, then to what it is a share of.
        var (numerator, denominator) = ((int)wire.Numerator, (int)wire.Denominator);
        int[] expected = code switch
        {
            C.OnlineShare or C.SatisfactionShare => [denominator - numerator, denominator],
            C.PetitionsResolvedShare => [numerator, denominator],
            _ => [numerator],
        };
        Assert.Equal(expected, (await Task.WhenAll(links.Select(l => ExportedRowsAsync(client, l)))).Select(rows => rows.Count));
        Assert.True(numerator > 0 || code is C.PetitionsResolvedShare or C.PartySecretaryReceptionsPerMonth, $"{code}: Hoằng Kim's 2023 has records to count");
    }

    /// <summary>
    /// An average score's card leads to the surveys that scored its criterion low (1–2), then to all that
    /// scored it: as many as the average's denominator, their scores adding up to its numerator (read from
    /// the list's .xlsx, which writes every cell, by the criterion's column). The district's 2024; feedback handling is often unanswered.
    /// </summary>
    [Theory]
    [InlineData(C.ScoreStaffAttitude, 5)]
    [InlineData(C.ScoreFeedbackHandling, 8)]
    public async Task AnAverageScoresCardLeadsToTheSurveysThatScoredItsCriterion(string code, int column)
    {
        await _server.RollUpAsync(Period.OfYear(2024));
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.DistrictCode);
        var page = await client.PageAsync("/dashboard?unit=388&year=2024&quarter=0");
        var indicators = new IndicatorService.IndicatorServiceClient(await _server.ChannelForAsync(DemoData.DistrictCode, ClientScopes.IndicatorsRead));
        var wire = (await indicators.GetScorecardAsync(new GetScorecardRequest { UnitCode = DemoData.DistrictCode, Period = new WirePeriod { Year = 2024 } }, deadline: DateTime.UtcNow.AddSeconds(30)))
            .Indicators.Single(i => i.IndicatorCode == code);
        var links = page.QuerySelectorAll($"article.kpi[data-indicator='{code}'] .kpi-drill a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Equal(2, links.Count);

        async Task<List<int>> ScoresAsync(string link) => [.. (await ExportedRowsAsync(client, link)).Select(r => int.Parse(r[column], CultureInfo.InvariantCulture))];

        var (low, all) = (await ScoresAsync(links[0]), await ScoresAsync(links[1]));
        Assert.Equal(((int)wire.Numerator, (int)wire.Denominator), (all.Sum(), all.Count));
        Assert.Equal(all.Count(s => s <= 2), low.Count);
        Assert.All(low, s => Assert.InRange(s, 1, 2));
        Assert.True(low.Count > 0, $"{code}: the district's 2024 has low scores");
    }

    [Fact]
    public async Task ARedCardLeadsToItsRecords()
    {
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        var page = await client.PageAsync("/dashboard?unit=15958&year=2025&quarter=2");
        var online = page.QuerySelector($"article.kpi[data-indicator='{C.OnlineShare}']")!;
        Assert.Equal("not-met", online.GetAttribute("data-state"));
        var list = await client.PageAsync(online.QuerySelector(".kpi-drill a")!.GetAttribute("href")!);
        Assert.NotEmpty(list.QuerySelectorAll("table tbody tr"));
    }

    private static List<string> SvgTexts(string svg) =>
        [.. System.Xml.Linq.XDocument.Parse(svg).Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim())];

    /// <summary>The rows of a list's .xlsx export (without the header), each as its cells' texts (the export writes every cell).</summary>
    private static async Task<List<List<string>>> ExportedRowsAsync(HttpClient client, string link)
    {
        using var response = await client.GetAsync(link + "&handler=export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        return [.. document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().Skip(1)
            .Select(r => r.Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().Select(c => c.InnerText).ToList())];
    }

    [Fact]
    public async Task TheScorecardsXlsxHoldsWhatGetScorecardReturns()
    {
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.DistrictCode);
        var page = await client.PageAsync("/dashboard?unit=15958&year=2023&quarter=0");
        var link = page.QuerySelector(".summary-exports a")!.GetAttribute("href")!;
        using var response = await client.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        var rows = document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>()
            .Select(r => r.Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().Select(c => c.InnerText).ToList()).ToList();
        Assert.Equal(["Mã chỉ số", "Chỉ số", "Nhóm", "Thực hiện", "Chỉ tiêu", "Đánh giá", "Tử số", "Mẫu số", "Kỳ trước (năm 2022)"], rows[0]);
        var byCode = rows.Skip(1).Where(r => r.Count == 9).ToDictionary(r => r[0]);

        var indicators = new IndicatorService.IndicatorServiceClient(await _server.ChannelForAsync(DemoData.DistrictCode, ClientScopes.IndicatorsRead));
        var scorecard = await indicators.GetScorecardAsync(
            new GetScorecardRequest { UnitCode = DemoData.HoangKimCode, Period = new WirePeriod { Year = 2023 } }, deadline: DateTime.UtcNow.AddSeconds(30));
        Assert.Equal(scorecard.Indicators.Select(i => i.IndicatorCode).Order(StringComparer.Ordinal), byCode.Keys.Order(StringComparer.Ordinal));
        double? Cell(string text) => text.Length == 0 ? null : double.Parse(text, CultureInfo.InvariantCulture);
        foreach (var wire in scorecard.Indicators)
        {
            var row = byCode[wire.IndicatorCode];
            Assert.Equal(wire.HasValue ? wire.Value : null, Cell(row[3]));
            Assert.Equal(wire.HasTarget ? wire.Target : null, Cell(row[4]));
            Assert.Equal(wire.Numerator, Cell(row[6]));
            Assert.Equal(wire.Denominator, Cell(row[7]));
        }

        Assert.Equal("779", byCode[C.DossiersReceived][3]);
        Assert.Equal("Đạt", byCode[C.OnTimeShare][5]);
        Assert.Equal("Không có hồ sơ trễ hạn", byCode[C.ApologyCoverage][5]);
    }

    /// <summary>The report of Hoằng Kim's 2023, read back with OpenXml: the figures of shared/seed/FACTS.md, from the snapshots.</summary>
    [Fact]
    public async Task TheWordReportOfHoangKim2023HoldsTheFiguresOfTheSourceReport()
    {
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        var page = await client.PageAsync("/dashboard?unit=15958&year=2023&quarter=0");
        var link = page.QuerySelector(".summary-exports a.report")!.GetAttribute("href")!;
        Assert.Equal("/dashboard/report.docx?unit=15958&year=2023&quarter=0", link);
        using var response = await client.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", response.Content.Headers.ContentType!.MediaType);
        using var document = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        var paragraphs = document.MainDocumentPart!.Document!.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText).ToList();
        var text = string.Join("\n", paragraphs);

        foreach (var heading in new[] { "I. ĐẶC ĐIỂM TÌNH HÌNH", "II. KẾT QUẢ THỰC HIỆN", "III. ĐÁNH GIÁ CHUNG", "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI" })
        {
            Assert.Contains(heading, paragraphs);
        }

        Assert.Contains("tiếp nhận 779 hồ sơ thủ tục hành chính, trong đó: trực tuyến một phần (mức độ 3) 397 hồ sơ; trực tuyến toàn trình (mức độ 4) 203 hồ sơ; "
            + "trực tiếp tại Bộ phận một cửa 179 hồ sơ", text, StringComparison.Ordinal);
        Assert.Contains("Giải quyết theo cơ chế liên thông 47 hồ sơ.", text, StringComparison.Ordinal);
        Assert.Contains("Tỷ lệ hồ sơ giải quyết đúng hạn 100%; hồ sơ quá hạn 0.", text, StringComparison.Ordinal);
        Assert.Contains("Tỷ lệ công khai kết quả 100%", text, StringComparison.Ordinal);
        Assert.Contains("Thu 48 phiếu khảo sát, trong đó 48 phiếu hài lòng, đạt tỷ lệ 100%.", text, StringComparison.Ordinal);
        Assert.Contains("Thư chúc mừng, trao giấy đăng ký kết hôn: 40; thư chúc mừng đăng ký khai sinh: 81; thư chia buồn: 45; thư xin lỗi: 0;", text, StringComparison.Ordinal);
        Assert.Contains("Tổ chức 1 buổi đối thoại trực tiếp giữa người đứng đầu với Nhân dân, tiếp nhận 9 ý kiến.", text, StringComparison.Ordinal);
        Assert.Contains("- Tỷ lệ hồ sơ giải quyết đúng hạn: 100%, đạt chỉ tiêu 100%.", paragraphs);
        Assert.Contains(paragraphs, p => p.StartsWith("- Chủ tịch, Phó Chủ tịch tiếp công dân / tháng: 0,67, chưa đạt chỉ tiêu 4.", StringComparison.Ordinal));
        Assert.Contains(PeriodReport.Blank, text, StringComparison.Ordinal);
        Assert.Equal(4, document.MainDocumentPart.ImageParts.Count()); // the dashboard's charts; a commune has no ranking
        Assert.Equal(4, document.MainDocumentPart.Document.Body.Descendants<DocumentFormat.OpenXml.Wordprocessing.Drawing>().Count());

        var table = document.MainDocumentPart.Document.Body.Descendants<DocumentFormat.OpenXml.Wordprocessing.Table>().Last();
        var rows = table.Elements<DocumentFormat.OpenXml.Wordprocessing.TableRow>().Select(r => r.Elements<DocumentFormat.OpenXml.Wordprocessing.TableCell>().Select(c => c.InnerText).ToList()).ToList();
        Assert.Contains(["Tỷ lệ xin lỗi hồ sơ trễ hạn", "—", "≥ 100%", "Không có hồ sơ trễ hạn"], rows);
    }

    [Fact]
    public async Task ALeaderOfOneCommuneGetsNothingOfAnother()
    {
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        foreach (var url in new[]
                 {
                     "/dashboard?unit=16998&year=2026&quarter=1", "/dashboard?unit=388&year=2023&quarter=4", "/dashboard?unit=15955&year=2023&quarter=4",
                     "/dashboard/charts/targets.png?unit=16998&year=2026&quarter=1", "/dashboard/charts/on-time-ranking.svg?unit=388&year=2023&quarter=4",
                     "/dashboard/charts/channels.png?unit=15955&year=2023&quarter=4",
                 })
        {
            using var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url}: {(int)response.StatusCode}");
        }

        // Hoằng Kim's own unit, and Hoằng Phú, which took it over on 01/07/2025; not Hoằng Phú's other predecessors.
        var own = await client.PageAsync(HoangKim2023Q4);
        Assert.Equal([DemoData.HoangKimCode, DemoData.NewHoangPhuCode], own.QuerySelectorAll("select[name=unit] option").Select(o => o.GetAttribute("value")));
        var links = own.QuerySelectorAll("a[href], img[src]").Select(e => e.GetAttribute("href") ?? e.GetAttribute("src")!).ToList();
        Assert.DoesNotContain(links, l => l.Contains("unit=", StringComparison.Ordinal) && !l.Contains("unit=15958", StringComparison.Ordinal) && !l.Contains("unit=16999", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ALeaderLandsOnTheirUnitsLastQuarterWithRecordsNotOnTheEmptyQuartersAfterItClosed()
    {
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        var page = await client.PageAsync("/dashboard");
        Assert.Equal("Xã Hoằng Kim", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("2025", page.QuerySelector("select[name=year] option[selected]")!.GetAttribute("value"));
        Assert.Equal("2", page.QuerySelector("select[name=quarter] option[selected]")!.GetAttribute("value"));
        Assert.NotNull(page.QuerySelector($"article.kpi[data-indicator='{C.DossiersReceived}'] data.kpi-actual"));
    }

    [Fact]
    public async Task AClosedUnitLinksToItsSuccessorWhichItsLeaderMayRead()
    {
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        var page = await client.PageAsync("/dashboard?unit=15958&year=2025&quarter=2");
        var note = page.QuerySelector(".unit-closed")!;
        Assert.Contains("Đơn vị hoạt động đến 30/06/2025.", note.TextContent, StringComparison.Ordinal);
        var successor = note.QuerySelector("a.successor")!;
        Assert.Equal("Xã Hoằng Phú", successor.TextContent.Trim());
        Assert.Equal("/dashboard?unit=16999", successor.GetAttribute("href"));

        var phu = await client.PageAsync(successor.GetAttribute("href")!);
        Assert.Equal("Xã Hoằng Phú", phu.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("Xã Hoằng Kim", phu.QuerySelector(".unit-predecessors")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Thành lập ngày 01/07/2025", phu.QuerySelector(".unit-predecessors")!.TextContent, StringComparison.Ordinal);
        using var chart = await client.GetAsync("/dashboard/charts/on-time-trend.png?unit=16999&year=2025&quarter=3");
        Assert.Equal(HttpStatusCode.OK, chart.StatusCode);
    }

    [Fact]
    public async Task AQuarterAfterAUnitClosedShowsNoCardAndNoVerdict()
    {
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.DistrictCode);
        var page = await client.PageAsync("/dashboard?unit=15958&year=2025&quarter=3");
        Assert.Empty(page.QuerySelectorAll("article.kpi"));
        Assert.Empty(page.QuerySelectorAll("img.chart"));
        Assert.Contains("không còn hoạt động trong quý 3/2025", page.QuerySelector(".empty[role=status]")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/dashboard?unit=16998")]
    [InlineData("/no-such-page")]
    public async Task NotFoundIsAVietnamesePageInTheLayoutWithAWayBack(string url)
    {
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        var page = await client.PageAsync(url, HttpStatusCode.NotFound);
        Assert.Equal("Không tìm thấy trang", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("header.topbar nav"));
        Assert.NotNull(page.QuerySelector("main a[href='/dashboard']"));
        Assert.Equal("vi", page.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task AYearThatIsNotANumberIsAVietnameseMessageBesideTheSlicer()
    {
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        var page = await client.PageAsync("/dashboard?unit=15958&year=abc&quarter=4", HttpStatusCode.BadRequest);
        Assert.Equal("Năm phải là một số từ 2020 đến " + DateTime.UtcNow.AddHours(7).Year + ".", page.QuerySelector("#year-error")!.TextContent.Trim());
        Assert.Equal("Xã Hoằng Kim", page.QuerySelector("h1")!.TextContent.Trim());
    }

    [Fact]
    public async Task AParentDrillsThroughTheRankingToEachChild()
    {
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.DistrictCode);
        var page = await client.PageAsync("/dashboard?unit=388&year=2023&quarter=4");
        var ranking = page.QuerySelector("#chart-on-time-ranking")!.ParentElement!;
        var drills = ranking.QuerySelectorAll("table th a").Select(a => a.GetAttribute("href")!).ToList();
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
        var images = page.QuerySelectorAll("img.chart:not(.small)").ToList();
        Assert.Equal(5, images.Count);
        foreach (var image in images)
        {
            Assert.False(string.IsNullOrWhiteSpace(image.GetAttribute("alt")));
            Assert.NotNull(image.Closest("section")!.QuerySelector("table tbody tr"));
            var src = image.GetAttribute("src")!;
            using var png = await client.GetAsync(src.Replace("width=560", "width=640", StringComparison.Ordinal));
            Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
            var bytes = await png.Content.ReadAsByteArrayAsync();
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
            Assert.Equal(640, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));
            Assert.Equal(int.Parse(image.GetAttribute("height")!, CultureInfo.InvariantCulture), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));

            using var svg = await client.GetAsync(src.Replace(".png?", ".svg?", StringComparison.Ordinal));
            Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType!.MediaType);
            var xml = System.Xml.Linq.XDocument.Parse(await svg.Content.ReadAsStringAsync());
            Assert.Equal("560", xml.Root!.Attribute("width")!.Value.Replace("px", "", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task ChartImagesComeInThePagesLanguageAndNumberFormatWithoutRepeatingTheHeadingAndAtTheSizeShown()
    {
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.DistrictCode);
        var page = await client.PageAsync("/dashboard?unit=388&year=2023&quarter=4");
        var block = page.QuerySelector("#chart-channels")!.Closest("section")!;
        var image = block.QuerySelector("img.chart")!;
        var src = image.GetAttribute("src")!;
        Assert.Contains("lang=vi", src, StringComparison.Ordinal);
        Assert.Contains("embedded=true", src, StringComparison.Ordinal);
        Assert.Contains($"width={image.GetAttribute("width")}&", src, StringComparison.Ordinal);
        Assert.Matches(@"density=2&.* 2x$", image.GetAttribute("srcset"));
        Assert.Contains("(max-width: 640px)", block.QuerySelector("picture source")!.GetAttribute("media"), StringComparison.Ordinal);

        var vi = SvgTexts(await client.GetStringAsync(src.Replace(".png?", ".svg?", StringComparison.Ordinal)));
        Assert.DoesNotContain(vi, t => t.Contains("Hồ sơ theo kênh", StringComparison.Ordinal));
        Assert.Contains(vi, t => System.Text.RegularExpressions.Regex.IsMatch(t, @"^\d{1,3}\.\d{3}$"));
        Assert.DoesNotContain(vi, t => System.Text.RegularExpressions.Regex.IsMatch(t, @"^\d{1,3},\d{3}$"));

        var en = SvgTexts(await client.GetStringAsync(src.Replace(".png?", ".svg?", StringComparison.Ordinal).Replace("lang=vi", "lang=en", StringComparison.Ordinal)));
        Assert.Contains("Received at the counter", en);
        Assert.Contains(en, t => System.Text.RegularExpressions.Regex.IsMatch(t, @"^\d{1,3},\d{3}$"));

        var download = block.QuerySelector("a[download$='.svg']")!.GetAttribute("href")!;
        Assert.Contains("Hồ sơ theo kênh", await client.GetStringAsync(download), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRankingIsZoomedToTheDataAndColouredByTarget()
    {
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.DistrictCode);
        var texts = SvgTexts(await client.GetStringAsync("/dashboard/charts/on-time-ranking.svg?unit=388&year=2023&quarter=4&lang=vi&embedded=true"));
        Assert.DoesNotContain("0%", texts);
        Assert.Contains("100%", texts);
        Assert.Contains("Đạt chỉ tiêu", texts);
        Assert.Contains("Chưa đạt", texts);
    }

    [Fact]
    public async Task AChartIsDrawnOnceAndRevalidatedByATagThatChangesWithItsFiguresAndLanguage()
    {
        const string url = "/dashboard/charts/targets.png?unit=15958&year=2024&quarter=1";
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        await _server.RollUpAsync(new Period(2024, 1));
        using var first = await client.GetAsync(url);
        var tag = first.Headers.ETag!;
        Assert.True(first.Headers.CacheControl is { Private: true, NoCache: true });
        var image = await first.Content.ReadAsByteArrayAsync();
        using var again = await client.GetAsync(url);
        Assert.Equal(tag, again.Headers.ETag);
        Assert.Equal(image, await again.Content.ReadAsByteArrayAsync());

        using var revalidated = await client.SendAsync(Revalidation(url, tag));
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());
        using var english = await client.GetAsync(url + "&lang=en");
        Assert.NotEqual(tag, english.Headers.ETag);

        // A dossier finished late changes the quarter's on-time share: a new tag, a new image, not the one kept.
        await Workspace.TestDossiers.AddAsync(_server, DemoData.HoangKimCode, "2.000815", new DateTime(2024, 1, 10, 2, 0, 0, DateTimeKind.Utc),
            d => Workspace.TestDossiers.Finish(d, new DateTime(2024, 3, 20, 2, 0, 0, DateTimeKind.Utc)));
        await _server.RollUpAsync(new Period(2024, 1));
        using var changed = await client.SendAsync(Revalidation(url, tag));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(tag, changed.Headers.ETag);
        Assert.NotEqual(image, await changed.Content.ReadAsByteArrayAsync());

        static HttpRequestMessage Revalidation(string url, System.Net.Http.Headers.EntityTagHeaderValue tag)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.IfNoneMatch.Add(tag);
            return request;
        }
    }

    [Fact]
    public async Task TheChartTitleInTheSvgIsTheVietnameseTitleInNfc()
    {
        using var client = await _server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        var svg = await client.GetStringAsync("/dashboard/charts/on-time-trend.svg?unit=15958&year=2023&quarter=4");
        // The title counts the quarters drawn (from the first with records), not the 8 the layout looks back over.
        var drawn = SvgTexts(svg).Count(t => System.Text.RegularExpressions.Regex.IsMatch(t, @"^Q[1-4]/\d{4}$"));
        Assert.InRange(drawn, 1, 8);
        Assert.Contains($"Tỷ lệ hồ sơ giải quyết đúng hạn – {drawn} quý đến quý 4/2023".Normalize(), svg, StringComparison.Ordinal);
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
