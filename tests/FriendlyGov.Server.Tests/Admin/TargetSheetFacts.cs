using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Dom;
using FriendlyGov.Data.Demo;
using FriendlyGov.Data.Staff;
using FriendlyGov.Domain.Indicators;
using FriendlyGov.Server.Targets;
using FriendlyGov.Server.Tests.Sync;
using FriendlyGov.Server.Workspace;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Tests.Admin;

/// <summary>
/// /admin/targets as .xlsx: a real workbook exported, read back and imported again changes nothing; an edited one
/// sets its targets audited and marked for the rollup; a file with any broken rule names each by row and column and
/// writes nothing.
/// </summary>
public abstract class TargetSheetFacts<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GrpcServer
{
    private const int Year = 2040;

    [Fact]
    public async Task AnExportedWorkbookImportedAgainChangesNothingAndWritesNoHistory()
    {
        using var province = await server.SignedInAsync(StaffRoles.Admin, DemoData.ProvinceCode);
        using var district = await server.SignedInAsync(StaffRoles.Admin, DemoData.DistrictCode);
        await SetAsync(province, DemoData.ProvinceCode, IndicatorCatalogue.SatisfactionShare, "", "98,5");
        await SetAsync(district, DemoData.DistrictCode, IndicatorCatalogue.SurveyCount, "", "40");
        await SetAsync(district, DemoData.HoangKimCode, IndicatorCatalogue.SurveyCount, "3", "12");

        var workbook = await ExportAsync(district, DemoData.DistrictCode, Year);
        var sheet = Spreadsheets.Read("chi-tieu.xlsx", workbook);
        Assert.Equal(TargetSheet.Header, sheet.Header);
        var rows = sheet.Rows.Select(r => string.Join('|', r.Cells.Select(c => c.ToString()))).ToList();
        await using (var db = server.CreateContext())
        {
            var names = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Code, u => u.Name);
            Assert.Equal(
                [
                    $"{DemoData.DistrictCode}|{names[DemoData.DistrictCode]}|{IndicatorCatalogue.SurveyCount}|Phiếu khảo sát|{Year}|Cả năm|≥|40|Đặt tại đây",
                    $"{DemoData.HoangKimCode}|{names[DemoData.HoangKimCode]}|{IndicatorCatalogue.SurveyCount}|Phiếu khảo sát|{Year}|3|≥|12|Đặt tại đây",
                    $"{DemoData.ProvinceCode}|{names[DemoData.ProvinceCode]}|{IndicatorCatalogue.SatisfactionShare}|Tỷ lệ hài lòng|{Year}|Cả năm|≥|98.5|Kế thừa từ {names[DemoData.ProvinceCode]}",
                ],
                rows);
        }

        var (audit, marks, targets) = await CountsAsync();
        var page = await ImportAsync(district, DemoData.DistrictCode, Year, workbook);
        Assert.Contains("Đã nhập 2 chỉ tiêu từ chi-tieu.xlsx: 0 thay đổi, 2 giữ nguyên", page.QuerySelector(".saved")!.TextContent, StringComparison.Ordinal);
        Assert.Equal((audit, marks, targets), await CountsAsync());
    }

    [Fact]
    public async Task AnEditedWorkbookSetsItsTargetsAuditedAndMarkedForTheRollupInOneGo()
    {
        using var district = await server.SignedInAsync(StaffRoles.Admin, DemoData.DistrictCode);
        await SetAsync(district, DemoData.HoangKimCode, IndicatorCatalogue.OnTimeShare, "", "95", Year + 1);
        var file = Workbook(
            [DemoData.HoangKimCode, "", IndicatorCatalogue.OnTimeShare, "", Year + 1, "Cả năm", "≥", N(97), ""],
            [DemoData.HoangKimCode, "", IndicatorCatalogue.OnTimeShare, "", Year + 1, 2, "≥", "99,5", "Đặt tại đây"],
            [DemoData.DistrictCode, "", IndicatorCatalogue.OverdueCount, "", Year + 1, "", "≤", N(0), ""]);

        await using (var before = server.CreateContext())
        {
            await before.RollupMarks.ExecuteDeleteAsync();
        }

        var page = await ImportAsync(district, DemoData.DistrictCode, Year + 1, file);
        Assert.Contains("Đã nhập 3 chỉ tiêu", page.QuerySelector(".saved")!.TextContent, StringComparison.Ordinal);

        await using var db = server.CreateContext();
        var set = await db.Targets.AsNoTracking().Where(t => t.Year == Year + 1).Include(t => t.Unit).ToListAsync();
        Assert.Equal(
            [(DemoData.HoangKimCode, IndicatorCatalogue.OnTimeShare, (int?)null, 97m, TargetDirection.AtLeast), (DemoData.HoangKimCode, IndicatorCatalogue.OnTimeShare, 2, 99.5m, TargetDirection.AtLeast), (DemoData.DistrictCode, IndicatorCatalogue.OverdueCount, null, 0m, TargetDirection.AtMost)],
            set.Select(t => (t.Unit!.Code, t.IndicatorCode, t.Quarter, t.Value, t.Direction)).OrderBy(t => t.Code, StringComparer.Ordinal).ThenBy(t => t.Quarter ?? 0).ToList());
        var history = await db.AuditEntries.AsNoTracking().Where(a => a.RecordType == TargetChanges.RecordType && a.Source == "import: chi-tieu.xlsx").ToListAsync();
        Assert.Equal(3, history.Count);
        var marked = await db.RollupMarks.AsNoTracking().Join(db.Units, m => m.UnitId, u => u.Id, (m, u) => new { u.Code, m.FromQuarter }).ToListAsync();
        Assert.Contains(marked, m => m.Code == DemoData.HoangKimCode && m.FromQuarter == ((Year + 1) * 10) + 1);
        Assert.Contains(marked, m => m.Code == DemoData.DistrictCode && m.FromQuarter == ((Year + 1) * 10) + 1);

        // The history on the page shows the imported changes like those made on the page.
        var entries = page.QuerySelectorAll(".audit-list > li").Select(li => li.TextContent).ToList();
        Assert.Contains(entries, e => e.Contains("import: chi-tieu.xlsx", StringComparison.Ordinal));
        Assert.DoesNotContain(history.SelectMany(a => a.Changes), c => c.Field == "quarter_key");
    }

    [Fact]
    public async Task AWorkbookWithBrokenRowsNamesEachByRowAndColumnAndWritesNothing()
    {
        using var province = await server.SignedInAsync(StaffRoles.Admin, DemoData.ProvinceCode);
        await SetAsync(province, DemoData.ProvinceCode, IndicatorCatalogue.OnlineShare, "", "80", Year + 2);
        using var commune = await server.SignedInAsync(StaffRoles.Admin, DemoData.HoangKimCode);
        var file = Workbook(
            [DemoData.HoangKimCode, "", IndicatorCatalogue.SurveyCount, "", Year + 2, "Cả năm", "≥", N(10), ""],
            ["99999", "", IndicatorCatalogue.SurveyCount, "", Year + 2, "", "≥", N(10), ""],
            [DemoData.ProvinceCode, "", IndicatorCatalogue.SurveyCount, "", Year + 2, "", "≥", N(10), ""],
            [DemoData.HoangKimCode, "", "no_such_indicator", "", Year + 2, "", "≥", N(10), ""],
            [DemoData.HoangKimCode, "", IndicatorCatalogue.SatisfactionShare, "", Year + 2, "", "≥", N(120), ""],
            [DemoData.HoangKimCode, "", IndicatorCatalogue.SatisfactionShare, "", Year + 2, 5, "≥", N(-1), ""],
            [DemoData.HoangKimCode, "", IndicatorCatalogue.SurveyCount, "", Year + 2, "", "=", N(10), ""],
            [DemoData.HoangKimCode, "", IndicatorCatalogue.SurveyCount, "", Year + 2, "", "≥", N(11), ""],
            [DemoData.ProvinceCode, "", IndicatorCatalogue.OnlineShare, "", Year + 2, "Cả năm", "≥", N(90), "Kế thừa từ Tỉnh Thanh Hóa"]);

        var (audit, marks, targets) = await CountsAsync();
        var page = await ImportAsync(commune, DemoData.HoangKimCode, Year + 2, file, HttpStatusCode.OK);
        var problems = page.QuerySelectorAll("#import-problems tr.problem").Select(tr => string.Join('|', tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim()))).ToList();
        Assert.Equal(
            [
                "3|Mã đơn vị|không có đơn vị mã 99999 trong phạm vi của bạn.",
                $"4|Mã đơn vị|không có đơn vị mã {DemoData.ProvinceCode} trong phạm vi của bạn.",
                "5|Mã chỉ số|không có chỉ số mã «no_such_indicator».",
                "6|Giá trị|tỷ lệ không vượt quá 100%.",
                "7|Quý|ghi «Cả năm» hoặc một quý từ 1 đến 4.",
                "7|Giá trị|ghi một số không âm, ví dụ 98 hoặc 98,5.",
                "8|Yêu cầu|ghi ≥ hoặc ≤.",
                "9|Mã đơn vị|trùng với dòng 2 (cùng đơn vị, chỉ số, năm và quý).",
                "10|Nguồn|chỉ tiêu kế thừa từ cấp trên không nhập được và không khớp với chỉ tiêu đang áp dụng; muốn đặt riêng thì ghi mã đơn vị của bạn và xóa chữ «Kế thừa».",
            ],
            problems);
        Assert.Contains("Tệp có 9 lỗi. Chưa ghi chỉ tiêu nào.", page.QuerySelector("#import-problems h3")!.TextContent, StringComparison.Ordinal);
        Assert.Equal((audit, marks, targets), await CountsAsync());
    }

    private static OutCell N(decimal value) => new(null, value);

    private static byte[] Workbook(params IReadOnlyList<OutCell>[] rows) => Spreadsheets.WriteXlsx(("Chỉ tiêu", TargetSheet.Header, rows));

    private async Task<(int Audit, int Marks, string Targets)> CountsAsync()
    {
        await using var db = server.CreateContext();
        var targets = await db.Targets.AsNoTracking().OrderBy(t => t.Id).Select(t => $"{t.Id}:{t.UnitId}:{t.IndicatorCode}:{t.Year}:{t.Quarter}:{t.Value}:{t.Direction}").ToListAsync();
        return (await db.AuditEntries.CountAsync(), await db.RollupMarks.CountAsync(), string.Join(',', targets));
    }

    private static async Task<byte[]> ExportAsync(HttpClient client, string unit, int year)
    {
        using var response = await client.GetAsync($"/admin/targets?handler=Export&unit={unit}&year={year}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Spreadsheets.XlsxContentType, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"chi-tieu-{unit}-{year}.xlsx", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>Uploads the workbook through the page's form; the page it lands on (after the redirect of a good file).</summary>
    private static async Task<IDocument> ImportAsync(HttpClient client, string unit, int year, byte[] workbook, HttpStatusCode expected = HttpStatusCode.Redirect)
    {
        var url = $"/admin/targets?unit={unit}&year={year}";
        var form = await client.PageAsync(url);
        using var content = new MultipartFormDataContent
        {
            { new StringContent(form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(workbook);
        file.Headers.ContentType = new MediaTypeHeaderValue(Spreadsheets.XlsxContentType);
        content.Add(file, "Upload", "chi-tieu.xlsx");
        using var response = await client.PostAsync($"/admin/targets?handler=Import&unit={unit}&year={year}", content);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {html[..Math.Min(html.Length, 3000)]}");
        return response.StatusCode == HttpStatusCode.Redirect ? await client.PageAsync(response.Headers.Location!.OriginalString) : AdminSite.Parse(html);
    }

    private static async Task SetAsync(HttpClient client, string unit, string indicator, string quarter, string value, int year = Year)
    {
        var page = await client.PageAsync($"/admin/targets?unit={unit}&year={year}");
        using var response = await client.PostFormAsync($"/admin/targets?handler=Set&unit={unit}&year={year}", page, new()
        {
            ["Form.IndicatorCode"] = indicator,
            ["Form.Quarter"] = quarter,
            ["Form.Direction"] = nameof(TargetDirection.AtLeast),
            ["Form.Value"] = value,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
    }
}

public sealed class SqliteTargetSheetFacts(SqliteAdminServer server) : TargetSheetFacts<SqliteAdminServer>(server);

public sealed class PostgresTargetSheetFacts(PostgresAdminServer server) : TargetSheetFacts<PostgresAdminServer>(server);
