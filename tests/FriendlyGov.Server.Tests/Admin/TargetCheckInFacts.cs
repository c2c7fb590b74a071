using System.Net;
using FriendlyGov.Data.Demo;
using FriendlyGov.Data.Staff;
using FriendlyGov.Domain.Indicators;
using FriendlyGov.Server.Reports;
using FriendlyGov.Server.Tests.Sync;
using Microsoft.EntityFrameworkCore;
using C = FriendlyGov.Domain.Indicators.IndicatorCatalogue;
using Period = FriendlyGov.Domain.Period;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace FriendlyGov.Server.Tests.Admin;

/// <summary>Targets as metrics: statuses on the cards, owners, check-ins with their history, who may write and read them, and the report's section III.</summary>
public abstract class TargetCheckInFacts<TServer> : IClassFixture<TServer>, IAsyncLifetime
    where TServer : GrpcServer
{
    private const string Chairman = "/targets/check-in?unit=15958&indicator=receptions.chairman_per_month&year=2023&quarter=4";
    private const string ChairmanQ3 = "/targets/check-in?unit=15958&indicator=receptions.chairman_per_month&year=2023&quarter=3";
    private const string OnTime = "/targets/check-in?unit=15958&indicator=dossiers.on_time_share&year=2023&quarter=4";
    private static readonly string[] ClosedStatuses = ["met", "not-met"];
    private static readonly string[] RunningStatuses = ["met", "on-track", "at-risk", "behind"];
    private static readonly string[] RunningWords = ["Đạt", "Đúng hướng", "Có nguy cơ", "Chậm"];
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
        Assert.Equal("Nguyễn Văn Nam – Phó Chủ tịch UBND xã", (await db.TargetOwners.AsNoTracking().SingleAsync(o => o.IndicatorCode == C.OnTimeShare)).Name);
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.RecordType == "target_owner"));
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
