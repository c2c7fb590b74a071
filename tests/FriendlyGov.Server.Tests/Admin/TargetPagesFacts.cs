using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using FriendlyGov.Data.Demo;
using FriendlyGov.Data.Staff;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Indicators;
using FriendlyGov.Server.Indicators;
using FriendlyGov.Server.Tests.Indicators;
using FriendlyGov.Server.Tests.Sync;
using FriendlyGov.Testing;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Tests.Admin;

/// <summary>
/// /admin/targets on the demo data: a province target inherited by a commune, the commune's override of one quarter,
/// both scorecards after the incremental rollup, the history, the copy to the next year, and the refusals.
/// </summary>
public abstract class TargetPagesFacts<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GrpcServer
{
    private const string Received = IndicatorCatalogue.DossiersReceived;

    [Fact]
    public async Task AProvinceTargetIsInheritedAndACommuneOverrideShowsOnItsScorecardAfterTheIncrementalRollup()
    {
        await server.RollUpAsync(new Period(2023, 4));
        using var province = await server.SignedInAsync(StaffRoles.Admin, DemoData.ProvinceCode);
        using var commune = await server.SignedInAsync(StaffRoles.Admin, DemoData.HoangKimCode);

        await SetAsync(province, DemoData.ProvinceCode, Received, quarter: "", value: "10");
        await SetAsync(commune, DemoData.HoangKimCode, Received, quarter: "4", value: "100000");

        var page = await province.PageAsync($"/admin/targets?unit={DemoData.HoangKimCode}&year=2023");
        var row = page.QuerySelector($"tr[data-indicator='{Received}']")!;
        Assert.Contains("kế thừa từ Tỉnh Thanh Hóa", Cell(row, 0).TextContent, StringComparison.Ordinal);
        Assert.Contains("≥ 10", Cell(row, 0).TextContent, StringComparison.Ordinal);
        Assert.Contains("như cả năm", Cell(row, 3).TextContent, StringComparison.Ordinal);
        Assert.Contains("đặt tại đây", Cell(row, 4).TextContent, StringComparison.Ordinal);
        Assert.Contains("100.000", Cell(row, 4).TextContent, StringComparison.Ordinal);

        await IncrementalRollupAsync();
        Assert.Equal((10d, "met"), await CardAsync(province, DemoData.ProvinceCode, 4));
        Assert.Equal((10d, "met"), await CardAsync(province, DemoData.HoangKimCode, 3));
        Assert.Equal((100000d, "not-met"), await CardAsync(province, DemoData.HoangKimCode, 4));

        // The history names who changed what, old → new.
        var history = page.QuerySelectorAll(".audit-list > li").Select(li => li.TextContent).ToList();
        Assert.Contains(history, h => h.Contains("Đặt mới", StringComparison.Ordinal) && h.Contains("Hồ sơ tiếp nhận", StringComparison.Ordinal) && h.Contains("admin.15958", StringComparison.Ordinal));

        // Removing the override: the commune inherits the province's target again.
        var own = await commune.PageAsync($"/admin/targets?unit={DemoData.HoangKimCode}&year=2023");
        var id = Cell(own.QuerySelector($"tr[data-indicator='{Received}']")!, 4).QuerySelector("input[name=id]")!.GetAttribute("value")!;
        using (var removed = await commune.PostFormAsync($"/admin/targets?handler=Remove&unit={DemoData.HoangKimCode}&year=2023", own, new() { ["id"] = id }))
        {
            Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        }

        await IncrementalRollupAsync();
        Assert.Equal((10d, "met"), await CardAsync(province, DemoData.HoangKimCode, 4));
        await using var db = server.CreateContext();
        var audit = await db.AuditEntries.AsNoTracking().Where(a => a.RecordType == "target").OrderBy(a => a.Id).ToListAsync();
        Assert.Contains(audit, a => a.Action == Domain.Audit.AuditAction.Deleted && a.Changes.Any(c => c.Field == "value" && decimal.Parse(c.Old!, CultureInfo.InvariantCulture) == 100000m));

        // A value read back from the database (10.0000 on PostgreSQL) reads in the history as the page writes numbers.
        await SetAsync(province, DemoData.ProvinceCode, Received, quarter: "", value: "12");
        var changed = (await province.PageAsync($"/admin/targets?unit={DemoData.ProvinceCode}&year=2023")).QuerySelectorAll(".audit-list > li").Select(li => li.TextContent).ToList();
        Assert.Contains(changed, h => h.Contains("Giá trị: 10 → 12", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACommuneAdminCannotSeeOrChangeTheProvinceOrAnotherCommune()
    {
        using var commune = await server.SignedInAsync(StaffRoles.Admin, DemoData.HoangKimCode);
        var own = await commune.PageAsync("/admin/targets?year=2024");
        await commune.PageAsync($"/admin/targets?unit={DemoData.ProvinceCode}", HttpStatusCode.NotFound);
        await commune.PageAsync($"/admin/targets?unit={DemoData.DistrictCode}", HttpStatusCode.NotFound);
        Assert.DoesNotContain(own.QuerySelectorAll("#unit option"), o => o.GetAttribute("value") == DemoData.ProvinceCode);

        await using var before = server.CreateContext();
        var count = await before.Targets.CountAsync();
        using (var refused = await commune.PostFormAsync($"/admin/targets?handler=Set&unit={DemoData.ProvinceCode}&year=2024", own, Form(Received, "", "5")))
        {
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }

        var provinceTarget = await before.Targets.AsNoTracking().FirstAsync(t => t.Unit!.Code == DemoData.ProvinceCode);
        using (var refused = await commune.PostFormAsync($"/admin/targets?handler=Remove&unit={DemoData.HoangKimCode}&year=2024", own, new() { ["id"] = provinceTarget.Id.ToString(CultureInfo.InvariantCulture) }))
        {
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }

        await using var after = server.CreateContext();
        Assert.Equal(count, await after.Targets.CountAsync());

        using var leader = await server.SignedInAsync(StaffRoles.Leader, DemoData.ProvinceCode);
        using var denied = await leader.GetAsync("/admin/targets");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/denied", denied.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadInputIsRefusedWithVietnameseMessagesBesideTheFieldsAndWritesNothing()
    {
        using var province = await server.SignedInAsync(StaffRoles.Admin, DemoData.ProvinceCode);
        var page = await province.PageAsync("/admin/targets?year=2024");
        await using var before = server.CreateContext();
        var count = await before.AuditEntries.CountAsync();
        using var response = await province.PostFormAsync("/admin/targets?handler=Set&year=2024", page, Form(IndicatorCatalogue.SatisfactionShare, "7", "120"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var form = AdminSite.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("Tỷ lệ không vượt quá 100%", form.QuerySelector("#Form_Value-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("quý từ 1 đến 4", form.QuerySelector("#Form_Quarter-error")!.TextContent, StringComparison.Ordinal);

        using var notANumber = await province.PostFormAsync("/admin/targets?handler=Set&year=2024", page, Form("", "", "nhiều"));
        var second = AdminSite.Parse(await notANumber.Content.ReadAsStringAsync());
        Assert.Contains("Nhập một số", second.QuerySelector("#Form_Value-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Chọn một chỉ số", second.QuerySelector("#Form_IndicatorCode-error")!.TextContent, StringComparison.Ordinal);
        await using var after = server.CreateContext();
        Assert.Equal(count, await after.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task CopyingAYearFillsTheNextYearAndKeepsWhatIsAlreadySetThere()
    {
        using var district = await server.SignedInAsync(StaffRoles.Admin, DemoData.DistrictCode);
        await SetAsync(district, DemoData.DistrictCode, IndicatorCatalogue.SurveyCount, quarter: "", value: "40", year: 2030);
        await SetAsync(district, DemoData.HoangKimCode, IndicatorCatalogue.SurveyCount, quarter: "2", value: "12", year: 2030);
        await SetAsync(district, DemoData.HoangKimCode, IndicatorCatalogue.SurveyCount, quarter: "2", value: "15", year: 2031);

        var page = await district.PageAsync($"/admin/targets?unit={DemoData.DistrictCode}&year=2030");
        using var copied = await district.PostFormAsync($"/admin/targets?handler=Copy&unit={DemoData.DistrictCode}&year=2030", page, new());
        Assert.Equal(HttpStatusCode.Redirect, copied.StatusCode);
        var next = await district.PageAsync(copied.Headers.Location!.OriginalString);
        Assert.Contains("Đã sao chép 1 chỉ tiêu sang năm 2031; giữ nguyên 1", next.QuerySelector(".saved")!.TextContent, StringComparison.Ordinal);

        await using var db = server.CreateContext();
        var targets = await db.Targets.AsNoTracking().Where(t => t.Year == 2031 && t.IndicatorCode == IndicatorCatalogue.SurveyCount).Include(t => t.Unit).ToListAsync();
        Assert.Equal([(DemoData.HoangKimCode, (int?)2, 15m), (DemoData.DistrictCode, null, 40m)],
            targets.Select(t => (t.Unit!.Code, t.Quarter, t.Value)).OrderBy(t => t.Code, StringComparer.Ordinal).ToList());
    }

    private static IElement Cell(IElement row, int quarter) => row.QuerySelector($"td[data-quarter='{quarter}']")!;

    private static Dictionary<string, string> Form(string indicator, string quarter, string value) => new()
    {
        ["Form.IndicatorCode"] = indicator,
        ["Form.Quarter"] = quarter,
        ["Form.Direction"] = nameof(TargetDirection.AtLeast),
        ["Form.Value"] = value,
    };

    private static async Task SetAsync(HttpClient client, string unit, string indicator, string quarter, string value, int year = 2023)
    {
        var page = await client.PageAsync($"/admin/targets?unit={unit}&year={year}");
        using var response = await client.PostFormAsync($"/admin/targets?handler=Set&unit={unit}&year={year}", page, Form(indicator, quarter, value));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The incremental rollup as the job runs it early in January 2024 (so it reaches back to the marked quarters of 2023).</summary>
    private async Task IncrementalRollupAsync()
    {
        await using var db = server.CreateContext();
        await new RollupService(db, new FixedClock(new DateTimeOffset(2024, 1, 5, 3, 0, 0, TimeSpan.Zero))).IncrementalAsync(null, CancellationToken.None);
    }

    private static async Task<(double? Target, string? State)> CardAsync(HttpClient client, string unit, int quarter)
    {
        var page = await client.PageAsync($"/dashboard?unit={unit}&year=2023&quarter={quarter}");
        var card = page.QuerySelector($"article.kpi[data-indicator='{Received}']")!;
        var target = card.QuerySelector("data.kpi-target")?.GetAttribute("value");
        return (target is null ? null : double.Parse(target, CultureInfo.InvariantCulture), card.GetAttribute("data-state"));
    }
}

/// <summary>The demo data without Hangfire workers: only the tests' own rollups run, at the tests' clock.</summary>
public sealed class SqliteAdminServer() : GrpcServer(new SqliteDemoDatabase(), runsJobs: false);

public sealed class PostgresAdminServer() : GrpcServer(new PostgresDemoDatabase(), runsJobs: false);

public sealed class SqliteTargetPagesFacts(SqliteAdminServer server) : TargetPagesFacts<SqliteAdminServer>(server);

public sealed class PostgresTargetPagesFacts(PostgresAdminServer server) : TargetPagesFacts<PostgresAdminServer>(server);
