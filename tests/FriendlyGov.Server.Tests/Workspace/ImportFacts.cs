using System.Net;
using System.Text;
using System.Text.Json;
using AngleSharp.Dom;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using FriendlyGov.Data.Demo;
using FriendlyGov.Data.Staff;
using FriendlyGov.Domain.Audit;
using FriendlyGov.Server.Tests.Admin;
using FriendlyGov.Server.Tests.Sync;
using FriendlyGov.Server.Workspace;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Tests.Workspace;

/// <summary>Imports of the reception book and the petition register: upload, background check, preview, confirm — all or nothing.</summary>
public abstract class ImportFacts<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GrpcServer
{
    private const string Header = "Mã đơn vị,Ngày tiếp,Người chủ trì,Chức vụ người chủ trì,Số công dân được tiếp,Nội dung buổi tiếp,Kết quả chung,Nội dung vụ việc,Cách xử lý,Kết quả xử lý";

    [Fact]
    public async Task AFileWithBadRowsNamesEachRowAndColumnInVietnameseAndWritesNothing()
    {
        using var officer = await server.SignedInAsync(StaffRoles.Officer, DemoData.HoangKimCode);
        var before = await CountsAsync();
        var csv = string.Join("\r\n",
            Header,
            "15958,12/05/2025,Lê Văn Hùng,Chủ tịch UBND,2,Tiếp công dân định kỳ,,Hỏi về đất,AnsweredOnTheSpot,",
            "15958,32/13/2025,Lê Văn Hùng,Chủ tịch UBND,1,Tiếp công dân định kỳ,,,,",
            "15958,13/05/2025,Nguyễn Văn Bình,Thủ tướng,1,Tiếp công dân định kỳ,,,,",
            "15958,14/05/2025,Lê Thị Hoa,Phó Chủ tịch UBND,1,Tiếp công dân định kỳ,,,\"Trả lời, hướng dẫn trực tiếp\",Đã trả lời");
        var page = await ImportAsync(officer, "/receptions", "so-tiep-cong-dan.csv", Encoding.UTF8.GetBytes(csv));

        var problems = page.QuerySelectorAll("tr.problem").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray()).ToList();
        Assert.Contains(problems, p => p[0] == "3" && p[1] == "Ngày tiếp" && p[2].Contains("dd/MM/yyyy", StringComparison.Ordinal));
        Assert.Contains(problems, p => p[0] == "4" && p[1] == "Chức vụ người chủ trì" && p[2].Contains("«Thủ tướng» không có trong danh sách", StringComparison.Ordinal));
        Assert.Contains(problems, p => p[0] == "5" && p[1] == "Nội dung vụ việc" && p[2] == "Bắt buộc nhập.");
        Assert.DoesNotContain(problems, p => p[0] == "2");
        Assert.Contains("Chưa ghi bản ghi nào", page.QuerySelector(".problems h2")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("form[action*='Confirm'], button.primary[type=submit]"));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task AGoodWorkbookIsPreviewedThenWrittenWithAuditEntriesAndRollupMarks()
    {
        using var officer = await server.SignedInAsync(StaffRoles.Officer, DemoData.HoangKimCode);
        var xlsx = Spreadsheets.WriteXlsx(("Sổ", Header.Split(','),
        [
            ["", (DateOnly?)new DateOnly(2025, 6, 2), "Lê Văn Hùng", "Chủ tịch UBND", 3, "Tiếp công dân định kỳ tháng 6", (string?)null, "Đề nghị cấp giấy chứng nhận", "Tiếp nhận đơn để giải quyết", (string?)null],
            ["", (DateOnly?)new DateOnly(2025, 6, 2), "Lê Văn Hùng", "Chủ tịch UBND", (string?)null, (string?)null, (string?)null, "Hỏi chế độ người có công", "AnsweredOnTheSpot", "Đã hướng dẫn"],
            ["15958", "03/06/2025", "Trịnh Văn Tâm", "Bí thư Đảng ủy", 0, "Tiếp công dân định kỳ", "Không có công dân đến", (string?)null, (string?)null, (string?)null],
        ]));
        var page = await ImportAsync(officer, "/receptions", "tiep-cong-dan-thang-6.xlsx", xlsx);
        Assert.Contains("2 bản ghi từ 3 dòng", page.QuerySelector(".panel h2")!.TextContent, StringComparison.Ordinal);
        var preview = page.QuerySelectorAll("table.records tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(3, preview.Count);
        Assert.Contains("02/06/2025", preview[0], StringComparison.Ordinal);
        Assert.Contains("Trả lời, hướng dẫn trực tiếp", preview[1], StringComparison.Ordinal);

        var location = page.BaseUri;
        var confirmForm = page.QuerySelectorAll("form").Single(f => f.GetAttribute("action")?.Contains("Confirm", StringComparison.OrdinalIgnoreCase) == true);
        using var confirmed = await officer.PostFormAsync(confirmForm.GetAttribute("action")!, page, []);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var done = await WaitAsync(officer, confirmed.Headers.Location!.OriginalString);
        Assert.Contains("Đã ghi 2 bản ghi", done.QuerySelector(".done h2")!.TextContent, StringComparison.Ordinal);

        await using var db = server.CreateContext();
        var sessions = await db.ReceptionSessions.Include(r => r.Matters).Where(r => r.HeldOn >= new DateOnly(2025, 6, 2) && r.HeldOn <= new DateOnly(2025, 6, 3) && r.Unit!.Code == DemoData.HoangKimCode
            && (r.HostName == "Lê Văn Hùng" || r.HostName == "Trịnh Văn Tâm")).OrderBy(r => r.HeldOn).ToListAsync();
        Assert.Equal(2, sessions.Count);
        Assert.Equal(2, sessions[0].Matters.Count);
        Assert.Empty(sessions[1].Matters);
        var ids = sessions.Select(s => s.Id).ToList();
        var audit = await db.AuditEntries.Where(a => a.RecordType == "reception" && ids.Contains(a.RecordId)).ToListAsync();
        Assert.Equal(2, audit.Count);
        Assert.All(audit, a => Assert.Equal(AuditAction.Created, a.Action));
        Assert.All(audit, a => Assert.Equal("import: tiep-cong-dan-thang-6.xlsx", a.Source));
        Assert.True(await db.RollupMarks.AnyAsync(m => m.UnitId == sessions[0].UnitId && m.FromQuarter == 20252));

        // Confirming again writes nothing more.
        using var again = await officer.PostFormAsync(confirmForm.GetAttribute("action")!, page, []);
        Assert.Equal(2, await db.ReceptionSessions.CountAsync(r => ids.Contains(r.Id) || (r.HostName == "Trịnh Văn Tâm" && r.HeldOn == new DateOnly(2025, 6, 3))));
    }

    [Fact]
    public async Task APetitionRegisterIsImportedWithEachPetitionsLegalDeadline()
    {
        using var officer = await server.SignedInAsync(StaffRoles.Officer, DemoData.HoangKimCode);
        var csv = "Loại đơn;Nội dung đơn;Ngày nhận đơn;Thẩm quyền;Trạng thái;Ngày thụ lý, giao giải quyết;Người được giao\r\n"
            + "Khiếu nại;Khiếu nại quyết định xử phạt;02/06/2025;Thuộc thẩm quyền;Đã tiếp nhận;;\r\n"
            + "Kiến nghị;Kiến nghị sửa cầu tràn;03/06/2025;Own;Đã thụ lý, đang giải quyết;04/06/2025;Địa chính xã\r\n";
        var page = await ImportAsync(officer, "/petitions", "don-thu.csv", Encoding.UTF8.GetBytes(csv));
        var confirmForm = page.QuerySelectorAll("form").Single(f => f.GetAttribute("action")?.Contains("Confirm", StringComparison.OrdinalIgnoreCase) == true);
        using var confirmed = await officer.PostFormAsync(confirmForm.GetAttribute("action")!, page, []);
        await WaitAsync(officer, confirmed.Headers.Location!.OriginalString);

        await using var db = server.CreateContext();
        var complaint = await db.Petitions.SingleAsync(p => p.Subject == "Khiếu nại quyết định xử phạt");
        Assert.Equal(new DateOnly(2025, 6, 16), complaint.DueOn); // accepted within 10 working days of 02/06/2025
        var recommendation = await db.Petitions.SingleAsync(p => p.Subject == "Kiến nghị sửa cầu tràn");
        Assert.Equal(new DateOnly(2025, 6, 17), recommendation.DueOn); // processed within 10 working days of 03/06/2025
    }

    [Theory]
    [InlineData("/receptions", "Ngày tiếp")]
    [InlineData("/dialogues", "Ngày đối thoại")]
    [InlineData("/petitions", "Ngày nhận đơn")]
    public async Task EachRecordTypeHasATemplateWithItsColumnsAndAGuide(string list, string column)
    {
        using var officer = await server.SignedInAsync(StaffRoles.Officer, DemoData.HoangKimCode);
        using var xlsx = await officer.GetAsync($"{list}/import?handler=template&format=xlsx");
        using var document = SpreadsheetDocument.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), false);
        var sheets = document.WorkbookPart!.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Select(s => s.Name!.Value).ToList();
        Assert.Equal("Hướng dẫn", sheets[1]);
        var header = ((WorksheetPart)document.WorkbookPart.GetPartById(document.WorkbookPart.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().First().Id!.Value!)).Worksheet.Descendants<Row>().First();
        Assert.Contains(column, header.Elements<Cell>().Select(c => c.InnerText));

        using var csv = await officer.GetAsync($"{list}/import?handler=template&format=csv");
        Assert.Contains(column, Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherUserCannotSeeSomeoneElsesImport()
    {
        using var officer = await server.SignedInAsync(StaffRoles.Officer, DemoData.HoangKimCode);
        var page = await ImportAsync(officer, "/receptions", "rong.csv", Encoding.UTF8.GetBytes(Header + "\r\n"));
        using var other = await server.SignedInAsync(StaffRoles.Officer, DemoData.HoangKimCode);
        using var response = await other.GetAsync(new Uri(page.BaseUri).PathAndQuery);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>Uploads a file through the import page and returns the page once the background check is over.</summary>
    internal static async Task<IDocument> ImportAsync(HttpClient client, string list, string fileName, byte[] content)
    {
        var form = await client.PageAsync($"{list}/import");
        using var body = new MultipartFormDataContent
        {
            { new StringContent(form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!), "__RequestVerificationToken" },
            { new ByteArrayContent(content), "Upload", fileName },
        };
        using var uploaded = await client.PostAsync($"{list}/import?handler=Upload", body);
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        return await WaitAsync(client, uploaded.Headers.Location!.OriginalString);
    }

    /// <summary>Reads the run's progress, as the page's script does, until it is neither checking nor writing.</summary>
    internal static async Task<IDocument> WaitAsync(HttpClient client, string runUrl)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            using var progress = await client.GetAsync(runUrl + "?handler=progress");
            var state = JsonDocument.Parse(await progress.Content.ReadAsStringAsync()).RootElement.GetProperty("state").GetString();
            if (state is not ("checking" or "writing"))
            {
                var page = await client.PageAsync(runUrl);
                return page;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{runUrl} did not finish.");
    }

    private async Task<(int, int, int)> CountsAsync()
    {
        await using var db = server.CreateContext();
        return (await db.ReceptionSessions.CountAsync(), await db.AuditEntries.CountAsync(), await db.RollupMarks.CountAsync());
    }
}

public sealed class SqliteImportFacts(SqliteGrpcServer server) : ImportFacts<SqliteGrpcServer>(server);

public sealed class PostgresImportFacts(PostgresGrpcServer server) : ImportFacts<PostgresGrpcServer>(server);
