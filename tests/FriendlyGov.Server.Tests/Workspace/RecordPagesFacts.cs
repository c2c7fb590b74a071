using System.Net;
using AngleSharp.Dom;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using FriendlyGov.Data.Demo;
using FriendlyGov.Data.Staff;
using FriendlyGov.Domain.Audit;
using FriendlyGov.Domain.Dialogues;
using FriendlyGov.Domain.Petitions;
using FriendlyGov.Domain.Receptions;
using FriendlyGov.Server.Tests.Admin;
using FriendlyGov.Server.Tests.Sync;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Tests.Workspace;

/// <summary>The officers' record pages (receptions, dialogues, petitions) over real HTTP with a signed-in user, on a real database.</summary>
public abstract class RecordPagesFacts<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GrpcServer
{
    // Hoằng Kim existed until 30/06/2025: its officer records days before that.
    private const string Day = "15/05/2025";

    [Theory]
    [InlineData("/receptions")]
    [InlineData("/receptions?from=01/01/2023&to=31/12/2023&role=Chairman&sort=citizens&desc=true&page=2")]
    [InlineData("/dialogues?follow_up=open")]
    [InlineData("/petitions?status=overdue&kind=Complaint")]
    [InlineData("/receptions/new")]
    [InlineData("/dialogues/new")]
    [InlineData("/petitions/new")]
    [InlineData("/receptions/import")]
    [InlineData("/dialogues/import")]
    [InlineData("/petitions/import")]
    public async Task EveryPageOpensForAnOfficerWithItsFormsAntiforgeryProtected(string url)
    {
        using var officer = await server.SignedInAsync(StaffRoles.Officer, DemoData.HoangKimCode);
        var page = await officer.PageAsync(url);
        Assert.DoesNotContain("field is required", page.DocumentElement.OuterHtml, StringComparison.OrdinalIgnoreCase);
        Assert.All(page.QuerySelectorAll("form[method=post]"), f => Assert.NotNull(f.QuerySelector("input[name=__RequestVerificationToken]")));
    }

    [Fact]
    public async Task EachDetailPageOfTheUnitsRecordsOpensForALeaderWithoutWriteButtons()
    {
        var (reception, dialogue, petition) = await DemoRecordsAsync(hoangKim: true);
        using var leader = await server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        foreach (var url in new[] { $"/receptions/{reception}", $"/dialogues/{dialogue}", $"/petitions/{petition}", "/receptions", "/dialogues", "/petitions" })
        {
            var page = await leader.PageAsync(url);
            Assert.Null(page.QuerySelector("a[href$='/edit']"));
            Assert.Null(page.QuerySelector("a[href$='/new']"));
        }
    }

    [Theory]
    [InlineData("/receptions/new")]
    [InlineData("/dialogues/new")]
    [InlineData("/petitions/new")]
    [InlineData("/receptions/import")]
    public async Task ALeaderCannotWriteAndNothingIsWritten(string url)
    {
        using var leader = await server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        using var opened = await leader.GetAsync(url);
        Assert.Contains("/denied", opened.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);

        var before = await CountsAsync();
        var anyForm = await leader.PageAsync("/logout");
        using var posted = await leader.PostFormAsync(url, anyForm, new() { ["Form.HeldOn"] = Day, ["Form.ReceivedOn"] = Day, ["Form.HostName"] = "Nguyễn Văn A", ["Form.HostRole"] = "Chairman", ["Form.Topic"] = "x", ["Form.Subject"] = "x", ["Form.Kind"] = "Complaint" });
        Assert.Contains("/denied", posted.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task ARecordOfAUnitOutsideTheUsersSubtreeDoesNotExistForThem()
    {
        var (reception, dialogue, petition) = await DemoRecordsAsync(hoangKim: false);
        using var officer = await server.SignedInAsync(StaffRoles.Officer, DemoData.HoangKimCode);
        foreach (var url in new[]
                 {
                     $"/receptions/{reception}", $"/receptions/{reception}/edit", $"/receptions/{reception}/delete", $"/dialogues/{dialogue}", $"/dialogues/{dialogue}/edit",
                     $"/petitions/{petition}", $"/petitions/{petition}/edit", $"/petitions/{petition}/delete", $"/receptions?unit={DemoData.NewHoangPhuCode}",
                 })
        {
            using var response = await officer.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url}: {(int)response.StatusCode}");
        }

        var form = await officer.PageAsync("/receptions");
        using var deleted = await officer.PostFormAsync($"/receptions/{reception}/delete", form, []);
        Assert.Equal(HttpStatusCode.NotFound, deleted.StatusCode);
        await using var db = server.CreateContext();
        Assert.True(await db.ReceptionSessions.AnyAsync(r => r.Id == reception));
    }

    [Fact]
    public async Task AnOfficerRecordsAReceptionWithItsMattersAuditedAndMarkedForTheRollup()
    {
        using var officer = await server.SignedInAsync(StaffRoles.Officer, DemoData.HoangKimCode);
        var form = await officer.PageAsync("/receptions/new");
        using var created = await officer.PostFormAsync("/receptions/new", form, new()
        {
            ["Form.UnitCode"] = DemoData.HoangKimCode, ["Form.HeldOn"] = Day, ["Form.HostName"] = "Lê Văn Hùng", ["Form.HostRole"] = "Chairman",
            ["Form.CitizensReceived"] = "3", ["Form.Topic"] = "Tiếp công dân định kỳ tháng 5",
            ["Form.Matters[0].Content"] = "Đề nghị sửa đường thôn 3", ["Form.Matters[0].Handling"] = "AnsweredOnTheSpot", ["Form.Matters[0].Result"] = "Đã hướng dẫn",
            ["Form.Matters[1].Content"] = "", ["Form.Matters[2].Content"] = "Tranh chấp ranh giới đất", ["Form.Matters[2].Handling"] = "AcceptedForResolution",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = long.Parse(created.Headers.Location!.OriginalString.Split('/', '?')[2], System.Globalization.CultureInfo.InvariantCulture);

        await using (var db = server.CreateContext())
        {
            var session = await db.ReceptionSessions.Include(r => r.Matters).SingleAsync(r => r.Id == id);
            Assert.Equal(["Đề nghị sửa đường thôn 3", "Tranh chấp ranh giới đất"], session.Matters.OrderBy(m => m.Id).Select(m => m.Content));
            var entry = await db.AuditEntries.SingleAsync(a => a.RecordType == "reception" && a.RecordId == id);
            Assert.Equal(AuditAction.Created, entry.Action);
            Assert.Contains(entry.Changes, c => c.Field == "matters[1].content" && c.New == "Tranh chấp ranh giới đất");
            Assert.True(await db.RollupMarks.AnyAsync(m => m.UnitId == session.UnitId && m.FromQuarter == 20252));
        }

        var edit = await officer.PageAsync($"/receptions/{id}/edit");
        var fields = edit.QuerySelectorAll("input[name^='Form.'], select[name^='Form.'], textarea[name^='Form.']")
            .Where(e => e.GetAttribute("type") != "checkbox")
            .ToDictionary(e => e.GetAttribute("name")!, e => (e is AngleSharp.Html.Dom.IHtmlSelectElement s ? s.Value : e is AngleSharp.Html.Dom.IHtmlTextAreaElement t ? t.Value : e.GetAttribute("value")) ?? "");
        fields["Form.HostName"] = "Lê Thị Hoa";
        fields["Form.HostRole"] = "ViceChairman";
        using var changed = await officer.PostFormAsync($"/receptions/{id}/edit", edit, fields);
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        var detail = await officer.PageAsync($"/receptions/{id}");
        var history = detail.QuerySelector(".audit-list")!.TextContent;
        Assert.Contains("Người chủ trì: Lê Văn Hùng → Lê Thị Hoa", history, StringComparison.Ordinal);
        Assert.Contains("Chủ tịch UBND → Phó Chủ tịch UBND", history, StringComparison.Ordinal);
        Assert.Contains("Tạo mới", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadInputGetsVietnameseMessagesBesideTheFieldsAndWritesNothing()
    {
        using var officer = await server.SignedInAsync(StaffRoles.Officer, DemoData.HoangKimCode);
        var before = await CountsAsync();
        var form = await officer.PageAsync("/receptions/new");
        using var response = await officer.PostFormAsync("/receptions/new", form, new()
        {
            ["Form.HeldOn"] = "31/02/2025", ["Form.HostName"] = "", ["Form.HostRole"] = "Unspecified", ["Form.CitizensReceived"] = "ba", ["Form.Topic"] = "x",
            ["Form.Matters[0].Content"] = "", ["Form.Matters[1].Content"] = new string('x', 2001), ["Form.Matters[1].Handling"] = "AnsweredOnTheSpot",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = AdminSite.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("dd/MM/yyyy", Error(page, "Form_HeldOn"), StringComparison.Ordinal);
        Assert.Equal("Bắt buộc nhập.", Error(page, "Form_HostName"));
        Assert.Equal("Chọn một giá trị trong danh sách.", Error(page, "Form_HostRole"));
        Assert.Equal("«ba» không hợp lệ.", Error(page, "Form_CitizensReceived"));
        Assert.Equal("Tối đa 2000 ký tự.", Error(page, "Form_Matters_1__Content"));
        Assert.DoesNotContain("field is required", page.DocumentElement.OuterHtml, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await CountsAsync());

        var petition = await officer.PageAsync("/petitions/new");
        using var refused = await officer.PostFormAsync("/petitions/new", petition, new()
        {
            ["Form.ReceivedOn"] = Day, ["Form.Kind"] = "Complaint", ["Form.Subject"] = "Khiếu nại quyết định thu hồi đất", ["Form.Status"] = "Resolved",
            ["Form.Jurisdiction"] = "Own", ["Form.Complexity"] = "Normal", ["Form.AcceptedOn"] = "20/05/2025", ["Form.ResolvedOn"] = "10/05/2025",
        });
        var refusedPage = AdminSite.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Contains("Không được trước «Ngày nhận đơn».", Error(refusedPage, "Form_ResolvedOn"), StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task TheLoginFormSpeaksVietnameseWhenItsFieldsAreEmpty()
    {
        using var client = server.Anonymous();
        var form = await client.PageAsync("/login");
        using var response = await client.PostFormAsync("/login", form, new() { ["UserName"] = "", ["Password"] = "" });
        var page = AdminSite.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Nhập tên đăng nhập.", page.QuerySelector("#UserName-error")!.TextContent.Trim());
        Assert.Equal("Nhập mật khẩu.", page.QuerySelector("#Password-error")!.TextContent.Trim());
        Assert.DoesNotContain("field is required", page.DocumentElement.OuterHtml, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/receptions/new")]
    [InlineData("/dialogues/new")]
    [InlineData("/petitions/new")]
    [InlineData("/receptions/import?handler=Upload")]
    public async Task EveryWriteRefusesAPostWithoutItsAntiforgeryToken(string url)
    {
        using var officer = await server.SignedInAsync(StaffRoles.Officer, DemoData.HoangKimCode);
        using var response = await officer.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["Form.HeldOn"] = Day, ["Form.HostName"] = "x" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task APetitionGetsItsLegalDeadlineIsFlaggedWhenOverdueAndItsDeletionIsAudited()
    {
        using var officer = await server.SignedInAsync(StaffRoles.Officer, DemoData.HoangKimCode);
        var form = await officer.PageAsync("/petitions/new");
        using var created = await officer.PostFormAsync("/petitions/new", form, new()
        {
            ["Form.UnitCode"] = DemoData.HoangKimCode, ["Form.ReceivedOn"] = "02/06/2025", ["Form.Kind"] = "Denunciation", ["Form.Subject"] = "Tố cáo cán bộ địa chính",
            ["Form.Status"] = "Assigned", ["Form.Jurisdiction"] = "Own", ["Form.Complexity"] = "Complex", ["Form.AcceptedOn"] = "05/06/2025", ["Form.AssignedTo"] = "Chủ tịch UBND xã",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = long.Parse(created.Headers.Location!.OriginalString.Split('/', '?')[2], System.Globalization.CultureInfo.InvariantCulture);
        await using (var db = server.CreateContext())
        {
            // 30 days from acceptance, extended once by 30 for a complex case: 04/08/2025, a Monday.
            Assert.Equal(new DateOnly(2025, 8, 4), (await db.Petitions.SingleAsync(p => p.Id == id)).DueOn);
        }

        var overdue = await officer.PageAsync("/petitions?status=overdue&unit=" + DemoData.HoangKimCode);
        var row = overdue.QuerySelectorAll("table.records tbody tr").Single(r => r.QuerySelector($"a[href='/petitions/{id}']") is not null);
        Assert.Contains("Quá hạn", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("04/08/2025", row.TextContent, StringComparison.Ordinal);

        var confirm = await officer.PageAsync($"/petitions/{id}/delete");
        using var deleted = await officer.PostFormAsync($"/petitions/{id}/delete", confirm, []);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        await using var after = server.CreateContext();
        Assert.False(await after.Petitions.AnyAsync(p => p.Id == id));
        var audit = await after.AuditEntries.Where(a => a.RecordType == "petition" && a.RecordId == id).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal([AuditAction.Created, AuditAction.Deleted], audit.Select(a => a.Action));
        Assert.Contains(audit[1].Changes, c => c.Field == "subject" && c.Old == "Tố cáo cán bộ địa chính");
    }

    [Fact]
    public async Task AnOpenDialogueOpinionPastItsPromisedDayIsFlagged()
    {
        using var officer = await server.SignedInAsync(StaffRoles.Officer, DemoData.HoangKimCode);
        var form = await officer.PageAsync("/dialogues/new");
        using var created = await officer.PostFormAsync("/dialogues/new", form, new()
        {
            ["Form.HeldOn"] = Day, ["Form.HostName"] = "Lê Văn Hùng", ["Form.Participants"] = "80", ["Form.Topic"] = "Đối thoại về giải phóng mặt bằng",
            ["Form.Opinions[0].Content"] = "Chậm chi trả bồi thường", ["Form.Opinions[0].AssignedTo"] = "Địa chính xã", ["Form.Opinions[0].PromisedOn"] = "30/05/2025",
            ["Form.Opinions[1].Content"] = "Đường thôn 3 xuống cấp", ["Form.Opinions[1].FollowUp"] = "Đưa vào kế hoạch", ["Form.Opinions[1].AnsweredOn"] = "20/05/2025", ["Form.Opinions[1].Resolved"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var detail = await officer.PageAsync(created.Headers.Location!.OriginalString);
        var rows = detail.QuerySelectorAll("table.records tbody tr").ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains("Quá hẹn trả lời", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Đã kết thúc", rows[1].TextContent, StringComparison.Ordinal);

        var list = await officer.PageAsync("/dialogues?follow_up=overdue&from=15/05/2025&to=15/05/2025");
        Assert.Contains("1 quá hẹn", list.QuerySelector("table.records tbody")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheReceptionListShowsTheMonthAgainstTheRuleFromTheTargets()
    {
        using var leader = await server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        var page = await leader.PageAsync("/receptions?month=2023-03");
        var chairman = page.QuerySelector("[data-indicator='receptions.chairman_per_month']")!;
        Assert.Contains("/ 4", chairman.QuerySelector(".kpi-value")!.TextContent, StringComparison.Ordinal);
        await using var db = server.CreateContext();
        var sessions = await db.ReceptionSessions.CountAsync(r => r.Unit!.Code == DemoData.HoangKimCode && r.HeldOn >= new DateOnly(2023, 3, 1) && r.HeldOn < new DateOnly(2023, 4, 1)
            && (r.HostRole == HostRole.Chairman || r.HostRole == HostRole.ViceChairman));
        Assert.Equal(sessions.ToString(System.Globalization.CultureInfo.InvariantCulture), chairman.QuerySelector(".rule-count")!.TextContent.Trim());
        Assert.Contains("/ 2", page.QuerySelector("[data-indicator='receptions.party_secretary_per_month'] .kpi-value")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheExportHoldsTheFilteredRowsOfTheList()
    {
        using var leader = await server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        const string filters = "from=01/01/2023&to=31/12/2023&role=Chairman";
        var page = await leader.PageAsync("/receptions?" + filters);
        var total = page.QuerySelector(".pager span")!.TextContent;
        using var response = await leader.GetAsync("/receptions?handler=export&" + filters);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = SpreadsheetDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        var rows = document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Row>().ToList();
        Assert.Equal("Ngày tiếp", rows[0].Elements<Cell>().First().InnerText);
        Assert.Contains($" {rows.Count - 1} bản ghi", total, StringComparison.Ordinal);
        Assert.All(rows.Skip(1), r => Assert.Equal("Chủ tịch UBND", r.Elements<Cell>().ElementAt(3).InnerText));
    }

    private static string Error(IDocument page, string id) => page.QuerySelector($"#{id}-error")?.TextContent.Trim() ?? $"(no #{id}-error)";

    /// <summary>A demo record of each type of Hoằng Kim, or of any other unit.</summary>
    private async Task<(long Reception, long Dialogue, long Petition)> DemoRecordsAsync(bool hoangKim)
    {
        await using var db = server.CreateContext();
        return (await db.ReceptionSessions.Where(r => (r.Unit!.Code == DemoData.HoangKimCode) == hoangKim).Select(r => r.Id).FirstAsync(),
            await db.Dialogues.Where(r => (r.Unit!.Code == DemoData.HoangKimCode) == hoangKim).Select(r => r.Id).FirstAsync(),
            await db.Petitions.Where(r => (r.Unit!.Code == DemoData.HoangKimCode) == hoangKim).Select(r => r.Id).FirstAsync());
    }

    private async Task<(int, int, int, int)> CountsAsync()
    {
        await using var db = server.CreateContext();
        return (await db.ReceptionSessions.CountAsync(), await db.Dialogues.CountAsync(), await db.Petitions.CountAsync(), await db.AuditEntries.CountAsync());
    }
}

public sealed class SqliteRecordPagesFacts(SqliteGrpcServer server) : RecordPagesFacts<SqliteGrpcServer>(server);

public sealed class PostgresRecordPagesFacts(PostgresGrpcServer server) : RecordPagesFacts<PostgresGrpcServer>(server);
