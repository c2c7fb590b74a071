using System.Globalization;
using System.Net;
using FriendlyGov.Data.Demo;
using FriendlyGov.Data.Staff;
using FriendlyGov.Domain.Clients;
using FriendlyGov.Domain.Indicators;
using FriendlyGov.Server.Reports;
using FriendlyGov.Server.Targets;
using FriendlyGov.Server.Tests.Sync;
using Google.Rpc;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using C = FriendlyGov.Domain.Indicators.IndicatorCatalogue;
using G = FriendlyGov.Grpc.V1;
using Period = FriendlyGov.Domain.Period;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace FriendlyGov.Server.Tests.Admin;

/// <summary>Targets as metrics: statuses on the cards, owners, check-ins with their history, who may write and read them, the report's section III, and the same over gRPC.</summary>
public abstract class TargetCheckInFacts<TServer> : IClassFixture<TServer>, IAsyncLifetime
    where TServer : GrpcServer
{
    private const string Chairman = "/targets/check-in?unit=15958&indicator=receptions.chairman_per_month&year=2023&quarter=4";
    private const string ChairmanQ3 = "/targets/check-in?unit=15958&indicator=receptions.chairman_per_month&year=2023&quarter=3";
    private const string OnTime = "/targets/check-in?unit=15958&indicator=dossiers.on_time_share&year=2023&quarter=4";
    private static readonly string[] ClosedStatuses = ["met", "not-met"];
    private static readonly string[] RunningStatuses = ["met", "on-track", "at-risk", "behind"];
    private static readonly string[] RunningWords = ["Đạt", "Đúng hướng", "Có nguy cơ", "Chậm"];
    private static readonly G.TargetStatus[] ClosedWireStatuses = [G.TargetStatus.Met, G.TargetStatus.NotMet, G.TargetStatus.NoValue];
    private static readonly G.TargetStatus[] RunningWireStatuses = [G.TargetStatus.Met, G.TargetStatus.OnTrack, G.TargetStatus.AtRisk, G.TargetStatus.Behind, G.TargetStatus.NoValue];
    private readonly TServer _server;

    protected TargetCheckInFacts(TServer server) => _server = server;

    public Task InitializeAsync() => _server.RollUpAsync(new Period(2023, 3), new Period(2023, 4), Period.OfYear(2023));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task CheckInsAreAddedToTheHistoryNeverOverwrittenAndAudited()
    {
        using var leader = await _server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        var page = await leader.PageAsync(ChairmanQ3);
        Assert.Contains(page.QuerySelector("section.metric")!.GetAttribute("data-status"), ClosedStatuses);
        // A closed quarter is judged met or not met, nothing in between.
        Assert.Equal(["Met", "NotMet"], page.QuerySelectorAll("#Form_Status option").Select(o => o.GetAttribute("value")!));

        await WriteAsync(leader, ChairmanQ3, "Chủ tịch đi công tác tháng 11, tiếp công dân 1 buổi.", "NotMet");
        using var officer = await _server.SignedInAsync(StaffRoles.Officer, DemoData.HoangKimCode);
        await WriteAsync(officer, ChairmanQ3, "Bổ sung: lịch tiếp tháng 12 đã đăng ký đủ 4 buổi.", "NotMet");

        var history = (await leader.PageAsync(ChairmanQ3)).QuerySelectorAll(".check-in-list li").ToList();
        Assert.Equal(2, history.Count);
        Assert.Equal("Bổ sung: lịch tiếp tháng 12 đã đăng ký đủ 4 buổi.", history[0].QuerySelector(".check-in-note")!.TextContent);
        Assert.Equal("Chủ tịch đi công tác tháng 11, tiếp công dân 1 buổi.", history[1].QuerySelector(".check-in-note")!.TextContent);
        Assert.Contains("Chưa đạt", history[1].QuerySelector(".check-in-status")!.TextContent, StringComparison.Ordinal);
        Assert.StartsWith("leader.", history[1].QuerySelector(".check-in-author")!.TextContent, StringComparison.Ordinal);

        await using var db = _server.CreateContext();
        var stored = await db.TargetCheckIns.AsNoTracking().Where(c => c.IndicatorCode == C.ChairmanReceptionsPerMonth && c.PeriodKey == 20233).ToListAsync();
        Assert.Equal(2, stored.Count);
        Assert.All(stored, c => Assert.Equal(TargetStatus.NotMet, c.Status));
        var audit = await db.AuditEntries.AsNoTracking().Where(a => a.RecordType == "target_check_in").ToListAsync();
        Assert.All(stored, c => Assert.Single(audit, a => a.RecordId == c.Id));
        Assert.Contains(audit.SelectMany(a => a.Changes), c => c.Field == "note" && c.New == "Chủ tịch đi công tác tháng 11, tiếp công dân 1 buổi.");
    }

    [Fact]
    public async Task TheCardShowsItsStatusInWordsItsOwnerAndLeadsToItsCheckIns()
    {
        using var leader = await _server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        var page = await leader.PageAsync(OnTime);
        using (var response = await leader.PostFormAsync(OnTime + "&handler=Owner", page, new() { ["OwnerName"] = "Lê Thị Hoa – Công chức Văn phòng - Thống kê" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        Assert.Equal("Lê Thị Hoa – Công chức Văn phòng - Thống kê", (await leader.PageAsync(OnTime)).QuerySelector(".metric-owner")!.TextContent.Trim());
        var dashboard = await leader.PageAsync("/dashboard?unit=15958&year=2023&quarter=4");
        var card = dashboard.QuerySelector($"section.targets article.kpi[data-indicator='{C.OnTimeShare}']")!;
        Assert.Equal("met", card.GetAttribute("data-status"));
        Assert.Contains("Đạt", card.QuerySelector(".kpi-state")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Lê Thị Hoa – Công chức Văn phòng - Thống kê", card.QuerySelector(".kpi-owner")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(OnTime, card.QuerySelector(".kpi-check-in a")!.GetAttribute("href"));

        var chairman = dashboard.QuerySelector($"section.targets article.kpi[data-indicator='{C.ChairmanReceptionsPerMonth}']")!;
        Assert.Equal("not-met", chairman.GetAttribute("data-status"));
        Assert.Contains("chưa giao", chairman.QuerySelector(".kpi-owner")!.TextContent, StringComparison.Ordinal);

        // An owner is named once per unit and indicator: naming another replaces it, and the audit keeps both.
        page = await leader.PageAsync(OnTime);
        (await leader.PostFormAsync(OnTime + "&handler=Owner", page, new() { ["OwnerName"] = "Nguyễn Văn Nam – Phó Chủ tịch UBND xã" })).Dispose();
        await using var db = _server.CreateContext();
        var owner = await db.TargetOwners.AsNoTracking().SingleAsync(o => o.IndicatorCode == C.OnTimeShare && o.Unit!.Code == DemoData.HoangKimCode);
        Assert.Equal("Nguyễn Văn Nam – Phó Chủ tịch UBND xã", owner.Name);
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.RecordType == "target_owner" && a.RecordId == owner.Id));
    }

    [Theory]
    [InlineData("", "NotMet", "Form.Note", "Nhập nội dung ghi nhận")]
    [InlineData("   ", "NotMet", "Form.Note", "Nhập nội dung ghi nhận")]
    [InlineData("Ghi chú\u0007", "NotMet", "Form.Note", "ký tự điều khiển")]
    [InlineData("Đúng hướng trong một quý đã khóa sổ", "OnTrack", "Form.Status", "Kỳ đã khóa sổ")]
    [InlineData("Tình trạng không có", "Sideways", "Form.Status", "Kỳ đã khóa sổ")]
    public async Task BadInputIsShownBesideItsFieldInVietnameseAndWritesNothing(string note, string status, string field, string message)
    {
        using var leader = await _server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        await using var before = _server.CreateContext();
        var count = await before.TargetCheckIns.CountAsync();
        var page = await leader.PageAsync(Chairman);

        using var response = await leader.PostFormAsync(Chairman + "&handler=CheckIn", page, new() { ["Form.Note"] = note, ["Form.Status"] = status });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = AdminSite.Parse(await response.Content.ReadAsStringAsync()).QuerySelector($"#{field.Replace('.', '_')}-error")!;
        Assert.Contains(message, error.TextContent, StringComparison.Ordinal);
        await using var after = _server.CreateContext();
        Assert.Equal(count, await after.TargetCheckIns.CountAsync());
    }

    [Fact]
    public async Task ATooLongNoteOrAnEmptyOwnerIsRefused()
    {
        using var leader = await _server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        var page = await leader.PageAsync(OnTime);
        using var longNote = await leader.PostFormAsync(OnTime + "&handler=CheckIn", page, new() { ["Form.Note"] = new string('a', TargetCheckIn.NoteLength + 1), ["Form.Status"] = "Met" });
        Assert.Equal(HttpStatusCode.BadRequest, longNote.StatusCode);
        Assert.Contains("tối đa 2.000 ký tự", AdminSite.Parse(await longNote.Content.ReadAsStringAsync()).QuerySelector("#Form_Note-error")!.TextContent, StringComparison.Ordinal);

        using var noOwner = await leader.PostFormAsync(OnTime + "&handler=Owner", page, new() { ["OwnerName"] = " " });
        Assert.Equal(HttpStatusCode.BadRequest, noOwner.StatusCode);
        Assert.Contains("Nhập họ tên và chức vụ", AdminSite.Parse(await noOwner.Content.ReadAsStringAsync()).QuerySelector("#OwnerName-error")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutsideTheSubtreeTheCheckInsAreNotFoundAndReadersWhoMayNotWriteSeeNoForm()
    {
        using var outsider = await _server.SignedInAsync(StaffRoles.Leader, DemoData.NewHoangGiangCode);
        await outsider.PageAsync(Chairman, HttpStatusCode.NotFound);
        using (var post = await outsider.PostAsync(Chairman + "&handler=CheckIn", new FormUrlEncodedContent(new Dictionary<string, string> { ["Form.Note"] = "x", ["Form.Status"] = "Met" })))
        {
            Assert.NotEqual(HttpStatusCode.Redirect, post.StatusCode);
        }

        // No target, no check-in: the number of dossiers received has none.
        using var leader = await _server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        await leader.PageAsync("/targets/check-in?unit=15958&indicator=dossiers.received&year=2023&quarter=4", HttpStatusCode.NotFound);
        await leader.PageAsync("/targets/check-in?unit=15958&indicator=nothing&year=2023&quarter=4", HttpStatusCode.NotFound);

        // The district reads its communes' check-ins; an admin reads them but writes none, and names the owner.
        using var district = await _server.SignedInAsync(StaffRoles.Leader, DemoData.DistrictCode);
        Assert.NotNull((await district.PageAsync(Chairman)).QuerySelector("form textarea"));
        using var admin = await _server.SignedInAsync(StaffRoles.Admin, DemoData.HoangKimCode);
        var page = await admin.PageAsync(Chairman);
        Assert.Null(page.QuerySelector("form textarea"));
        Assert.NotNull(page.QuerySelector("#OwnerName"));
        using var officer = await _server.SignedInAsync(StaffRoles.Officer, DemoData.HoangKimCode);
        Assert.Null((await officer.PageAsync(Chairman)).QuerySelector("#OwnerName"));

        await using var db = _server.CreateContext();
        Assert.Equal(0, await db.TargetCheckIns.CountAsync(c => c.Note == "x"));
    }

    [Fact]
    public async Task TheReportListsEachTargetsCheckInsInSectionThreeOrAMarkedBlank()
    {
        using var leader = await _server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        await WriteAsync(leader, Chairman, "Lịch tiếp công dân của Chủ tịch chưa đủ 4 buổi/tháng do họp huyện.", "NotMet");

        using var response = await leader.GetAsync("/dashboard/report.docx?unit=15958&year=2023&quarter=4");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        var paragraphs = document.MainDocumentPart!.Document!.Body!.Descendants<W.Paragraph>().Select(p => p.InnerText).ToList();
        var third = paragraphs.IndexOf("III. ĐÁNH GIÁ CHUNG");
        var fourth = paragraphs.IndexOf("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI");
        var section = paragraphs[third..fourth];
        var notes = section.IndexOf("3. Ghi nhận theo từng chỉ tiêu");
        Assert.True(notes > 0);

        var chairman = section.FindIndex(notes, p => p.StartsWith("- Chủ tịch, Phó Chủ tịch tiếp công dân / tháng (phụ trách: chưa giao): chưa đạt.", StringComparison.Ordinal));
        Assert.True(chairman > 0, string.Join("\n", section));
        Assert.Matches(@"^\+ \d\d/\d\d/\d{4}, leader\.\S+ \(chưa đạt\): Lịch tiếp công dân của Chủ tịch chưa đủ 4 buổi/tháng do họp huyện\.$", section[chairman + 1]);
        Assert.Contains(section, p => p.StartsWith("- Chủ tịch, Phó Chủ tịch tiếp công dân / tháng: ", StringComparison.Ordinal) && p.EndsWith("Nguyên nhân: xem ghi nhận tại mục 3.", StringComparison.Ordinal));

        // A target nobody wrote about is a marked blank for the unit to fill in.
        var satisfaction = section.FindIndex(notes, p => p.StartsWith("- Tỷ lệ hài lòng (phụ trách:", StringComparison.Ordinal));
        Assert.Equal($"+ {PeriodReport.Blank}", section[satisfaction + 1]);
    }

    [Fact]
    public async Task ARunningQuartersTargetsAreProjectedNotJudged()
    {
        await _server.RollUpAsync(new Period(2026, 4));
        using var leader = await _server.SignedInAsync(StaffRoles.Leader, DemoData.NewHoangPhuCode);
        var page = await leader.PageAsync("/dashboard?unit=16999&year=2026&quarter=4");
        var targeted = page.QuerySelectorAll("section.targets article.kpi[data-state=running]").ToList();
        Assert.NotEmpty(targeted);
        Assert.All(targeted, c => Assert.Contains(c.GetAttribute("data-status"), RunningStatuses));
        Assert.All(targeted, c => Assert.Contains(c.QuerySelector(".kpi-state")!.TextContent.Trim()[2..], RunningWords));
        Assert.NotEmpty(page.QuerySelectorAll(".summary-statuses li"));

        var link = targeted[0].QuerySelector(".kpi-check-in a")!.GetAttribute("href")!;
        var checkIn = await leader.PageAsync(link);
        Assert.Equal(["Met", "OnTrack", "AtRisk", "Behind"], checkIn.QuerySelectorAll("#Form_Status option").Select(o => o.GetAttribute("value")!));
        Assert.Equal(targeted[0].GetAttribute("data-status"), checkIn.QuerySelector("section.metric")!.GetAttribute("data-status"));
    }

    [Theory]
    [InlineData(DemoData.HoangKimCode, 2023, 4, C.SatisfactionShare)]
    [InlineData(DemoData.NewHoangPhuCode, 2026, 4, null)]
    public async Task TheGrpcScorecardGivesEachTargetTheStatusProjectionOwnerAndCheckInsOfItsCard(string unitCode, int year, int quarter, string? ownedIndicator)
    {
        var period = new Period(year, quarter);
        await _server.RollUpAsync(period);
        var dashboard = $"/dashboard?unit={unitCode}&year={year}&quarter={quarter}";
        using var leader = await _server.SignedInAsync(StaffRoles.Leader, unitCode);

        // An owner named on the check-in page (and, in the running quarter, a check-in written there), read back both ways.
        var first = (await leader.PageAsync(dashboard)).QuerySelector("section.targets article.kpi")!;
        var checkIn = TargetMetrics.CheckInUrl(unitCode, ownedIndicator ?? first.GetAttribute("data-indicator")!, period);
        var form = await leader.PageAsync(checkIn);
        (await leader.PostFormAsync(checkIn + "&handler=Owner", form, new() { ["OwnerName"] = "Trần Văn Bình – Phó Chủ tịch UBND xã" })).Dispose();
        if (period.Year == 2026)
        {
            await WriteAsync(leader, checkIn, "Đã nhắc các bộ phận cập nhật hồ sơ trong tháng 12.", first.GetAttribute("data-status") == "behind" ? "Behind" : "OnTrack");
        }

        var page = await leader.PageAsync(dashboard);
        var scorecard = await ScorecardAsync(unitCode, period);
        var cards = page.QuerySelectorAll("section.targets article.kpi").ToDictionary(c => c.GetAttribute("data-indicator")!);
        var targeted = scorecard.Indicators.Where(i => i.Metric is not null).ToDictionary(i => i.IndicatorCode);
        Assert.Equal(cards.Keys.Order(StringComparer.Ordinal), targeted.Keys.Order(StringComparer.Ordinal));
        Assert.All(scorecard.Indicators.Where(i => i.Metric is null), i => Assert.False(i.HasTarget));
        foreach (var (code, wire) in targeted)
        {
            var card = cards[code];
            var metric = wire.Metric;
            Assert.Equal(card.GetAttribute("data-status"), Css(metric.Status));
            Assert.Equal(card.QuerySelector(".kpi-owner")!.TextContent.Trim(), $"Phụ trách: {(metric.Owner.Length > 0 ? metric.Owner : "chưa giao")}");
            Assert.Equal(card.QuerySelector("data.kpi-projected")?.GetAttribute("value") is { } shown ? double.Parse(shown, CultureInfo.InvariantCulture) : (double?)null,
                metric.HasProjectedValue ? metric.ProjectedValue : null);
            Assert.Equal($"Ghi nhận ({metric.CheckInCount})", card.QuerySelector(".kpi-check-in a")!.FirstChild!.TextContent.Trim());
            Assert.Equal(wire.Direction == G.IndicatorDirection.LowerIsBetter ? G.TargetComparison.AtMost : G.TargetComparison.AtLeast, metric.Comparison);
        }

        Assert.Equal("Trần Văn Bình – Phó Chủ tịch UBND xã", targeted[ownedIndicator ?? first.GetAttribute("data-indicator")!].Metric.Owner);
        if (period.Year == 2023)
        {
            // Closed: judged met or not met as it stood at its end, nothing projected.
            Assert.Null(scorecard.DataThroughDate);
            Assert.All(targeted.Values, i => Assert.Contains(i.Metric.Status, ClosedWireStatuses));
            Assert.All(targeted.Values, i => Assert.Equal(G.ProjectionMethod.Unspecified, i.Metric.ProjectionMethod));
            Assert.Equal(G.TargetStatus.NotMet, targeted[C.ChairmanReceptionsPerMonth].Metric.Status);
            return;
        }

        // Running: projected from the day of the last rollup, as the contract says how.
        Assert.Equal(new G.Date { Year = 2026, Month = 11, Day = 20 }, scorecard.DataThroughDate);
        Assert.Equal(1, targeted[first.GetAttribute("data-indicator")!].Metric.CheckInCount);
        var projected = targeted.Values.Where(i => i.Metric.HasProjectedValue).ToList();
        Assert.NotEmpty(projected);
        Assert.All(targeted.Values, i => Assert.Contains(i.Metric.Status, RunningWireStatuses));
        foreach (var i in projected)
        {
            var linear = i.Unit is G.IndicatorUnit.Count or G.IndicatorUnit.PerMonth;
            Assert.Equal(linear ? G.ProjectionMethod.LinearInDays : G.ProjectionMethod.ValueToDate, i.Metric.ProjectionMethod);
            // Q4: 92 days; 01/10 to 20/11, that day counted: 51.
            Assert.Equal(linear ? Math.Round((decimal)i.Value * 92 / 51, 2) : (decimal)i.Value, (decimal)i.Metric.ProjectedValue);
        }
    }

    [Fact]
    public async Task EveryIndicatorSaysItsDirectionAndVolumesAreNeutral()
    {
        var scorecard = await ScorecardAsync(DemoData.HoangKimCode, new Period(2023, 4));
        foreach (var wire in scorecard.Indicators)
        {
            var better = C.Get(wire.IndicatorCode).Better;
            Assert.Equal(better switch { Better.Higher => G.IndicatorDirection.HigherIsBetter, Better.Lower => G.IndicatorDirection.LowerIsBetter, _ => G.IndicatorDirection.Neutral }, wire.Direction);
#pragma warning disable CS0612 // The deprecated field is still filled as before.
            Assert.Equal(better == Better.Lower, wire.LowerIsBetter);
#pragma warning restore CS0612
        }

        Assert.Equal(G.IndicatorDirection.Neutral, scorecard.Indicators.Single(i => i.IndicatorCode == C.DossiersReceived).Direction);
        Assert.Equal(G.IndicatorDirection.LowerIsBetter, scorecard.Indicators.Single(i => i.IndicatorCode == C.OverdueCount).Direction);
    }

    [Fact]
    public async Task CheckInsWrittenOnThePageAreListedOverGrpcOldestFirstPagedAndScoped()
    {
        const string Q3 = "/targets/check-in?unit=15958&indicator=surveys.satisfaction_share&year=2023&quarter=3";
        const string Year = "/targets/check-in?unit=15958&indicator=surveys.satisfaction_share&year=2023&quarter=0";
        using var leader = await _server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        using var officer = await _server.SignedInAsync(StaffRoles.Officer, DemoData.HoangKimCode);
        await WriteAsync(leader, Q3, "Quý 3: 2 phiếu chưa hài lòng về thời gian chờ.", "NotMet");
        await WriteAsync(officer, Q3, "Đã bố trí thêm ghế chờ tại Bộ phận một cửa.\nTheo dõi tiếp quý 4.", "NotMet");
        await WriteAsync(leader, Year, "Cả năm đạt 100% phiếu hài lòng.", "Met");
        var authors = (await leader.PageAsync(Year)).QuerySelectorAll(".check-in-list li").Reverse()
            .Select(li => (Note: li.QuerySelector(".check-in-note")!.TextContent, Author: li.QuerySelector(".check-in-author")!.TextContent)).ToList();

        var district = new G.IndicatorService.IndicatorServiceClient(await _server.ChannelForAsync(DemoData.DistrictCode, ClientScopes.IndicatorsRead));
        var request = new G.ListCheckInsRequest { UnitCode = DemoData.HoangKimCode, IndicatorCode = C.SatisfactionShare, Period = new G.Period { Year = 2023 }, PageSize = 2 };
        var first = await district.ListCheckInsAsync(request, deadline: Soon());
        Assert.Equal(2, first.CheckIns.Count);
        Assert.NotEmpty(first.NextPageToken);
        var second = await district.ListCheckInsAsync(new G.ListCheckInsRequest(request) { PageToken = first.NextPageToken }, deadline: Soon());
        Assert.Empty(second.NextPageToken);
        var listed = first.CheckIns.Concat(second.CheckIns).ToList();

        // The year's list holds its quarters' check-ins, in the order they were written, as the page shows them.
        Assert.Equal(authors.Select(a => a.Note), listed.Select(c => c.Note));
        Assert.Equal(authors.Select(a => a.Author), listed.Select(c => c.Author));
        Assert.Equal([(3, G.TargetStatus.NotMet), (3, G.TargetStatus.NotMet), (0, G.TargetStatus.Met)], listed.Select(c => (c.Period.Quarter, c.Status)).ToList());
        Assert.True(listed.Zip(listed.Skip(1)).All(p => p.First.CreateTime <= p.Second.CreateTime));
        Assert.Contains('\n', listed[1].Note);

        // Each with the value the scorecard showed when it was written, and counted on the scorecard's metric.
        var q3 = (await ScorecardAsync(DemoData.HoangKimCode, new Period(2023, 3))).Indicators.Single(i => i.IndicatorCode == C.SatisfactionShare);
        var year = (await ScorecardAsync(DemoData.HoangKimCode, Period.OfYear(2023))).Indicators.Single(i => i.IndicatorCode == C.SatisfactionShare);
        Assert.All(listed, c => Assert.True(c.HasValue));
        Assert.Equal([q3.Value, q3.Value, year.Value], listed.Select(c => c.Value).ToList());
        Assert.Equal(3, year.Metric.CheckInCount);
        Assert.Equal(2, q3.Metric.CheckInCount);

        var quarter = await district.ListCheckInsAsync(new G.ListCheckInsRequest(request) { Period = new G.Period { Year = 2023, Quarter = 3 }, PageSize = 0 }, deadline: Soon());
        Assert.Equal(listed.Take(2), quarter.CheckIns);
        Assert.Empty(quarter.NextPageToken);

        // A page token of the year's list is not one of the quarter's.
        var other = await Assert.ThrowsAsync<RpcException>(() => district.ListCheckInsAsync(new G.ListCheckInsRequest(request) { Period = new G.Period { Year = 2023, Quarter = 3 }, PageToken = first.NextPageToken }, deadline: Soon()).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, other.StatusCode);
        Assert.Equal("page_token", Assert.Single(other.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations).Field);

        // The commune's own key reads them; another commune's is refused, as for its scorecard; a key without the scope too.
        var own = new G.IndicatorService.IndicatorServiceClient(await _server.ChannelForAsync(DemoData.HoangKimCode, ClientScopes.IndicatorsRead));
        Assert.Equal(3, (await own.ListCheckInsAsync(new G.ListCheckInsRequest(request) { UnitCode = "", PageSize = 10 }, deadline: Soon())).CheckIns.Count);
        var outsider = new G.IndicatorService.IndicatorServiceClient(await _server.ChannelForAsync(DemoData.NewHoangGiangCode, ClientScopes.IndicatorsRead));
        var refused = await Assert.ThrowsAsync<RpcException>(() => outsider.ListCheckInsAsync(request, deadline: Soon()).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.DoesNotContain("hài lòng", refused.Status.Detail, StringComparison.Ordinal);
        var unscoped = new G.IndicatorService.IndicatorServiceClient(await _server.ChannelForAsync(DemoData.HoangKimCode, ClientScopes.DossiersRead));
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => unscoped.ListCheckInsAsync(request, deadline: Soon()).ResponseAsync)).StatusCode);

        // An indicator nobody wrote about, or without a target, lists nothing.
        Assert.Empty((await district.ListCheckInsAsync(new G.ListCheckInsRequest(request) { IndicatorCode = C.DossiersReceived }, deadline: Soon())).CheckIns);
    }

    private async Task<G.GetScorecardResponse> ScorecardAsync(string unitCode, Period period)
    {
        var client = new G.IndicatorService.IndicatorServiceClient(await _server.ChannelForAsync(unitCode, ClientScopes.IndicatorsRead));
        return await client.GetScorecardAsync(new G.GetScorecardRequest { UnitCode = unitCode, Period = new G.Period { Year = period.Year, Quarter = period.Quarter } }, deadline: Soon());
    }

    /// <summary>The card's data-status for a status on the wire (TargetMetrics.Css).</summary>
    private static string Css(G.TargetStatus status) => status switch
    {
        G.TargetStatus.Met => "met",
        G.TargetStatus.OnTrack => "on-track",
        G.TargetStatus.AtRisk => "at-risk",
        G.TargetStatus.Behind => "behind",
        G.TargetStatus.NotMet => "not-met",
        _ => "",
    };

    private static DateTime Soon() => DateTime.UtcNow.AddSeconds(30);

    private static async Task WriteAsync(HttpClient client, string url, string note, string status)
    {
        var page = await client.PageAsync(url);
        using var response = await client.PostFormAsync(url + "&handler=CheckIn", page, new() { ["Form.Note"] = note, ["Form.Status"] = status });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await client.PageAsync(response.Headers.Location!.OriginalString);
        Assert.Equal("Đã lưu ghi nhận.", after.QuerySelector(".saved")!.TextContent.Trim());
    }
}

public sealed class SqliteTargetCheckInFacts(SqliteGrpcServer server) : TargetCheckInFacts<SqliteGrpcServer>(server);

public sealed class PostgresTargetCheckInFacts(PostgresGrpcServer server) : TargetCheckInFacts<PostgresGrpcServer>(server);
