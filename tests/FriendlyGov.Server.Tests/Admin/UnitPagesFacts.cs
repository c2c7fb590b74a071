using System.Net;
using FriendlyGov.Data.Demo;
using FriendlyGov.Data.Staff;
using FriendlyGov.Server.Tests.Sync;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Tests.Admin;

/// <summary>/admin/units: the subtree with validity and successors, and a new unit under one of its units.</summary>
public abstract class UnitPagesFacts<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GrpcServer
{
    [Fact]
    public async Task TheTreeShowsValidityAndSuccessorsAndANewUnitIsAddedUnderTheSubtreeOnly()
    {
        using var province = await server.SignedInAsync(StaffRoles.Admin, DemoData.ProvinceCode);
        var page = await province.PageAsync("/admin/units");
        var hoangKim = page.QuerySelector($"tr[data-unit='{DemoData.HoangKimCode}']")!.TextContent;
        Assert.Contains("01/07/2025", hoangKim, StringComparison.Ordinal);
        Assert.Contains($"({DemoData.NewHoangPhuCode}) từ 01/07/2025", hoangKim, StringComparison.Ordinal);

        using (var closedParent = await province.PostFormAsync("/admin/units", page, Form("99001", DemoData.HoangKimCode, "01/01/2026")))
        {
            Assert.Contains("không hoạt động vào ngày 01/01/2026", AdminSite.Parse(await closedParent.Content.ReadAsStringAsync()).QuerySelector("#Form_ValidFrom-error")!.TextContent, StringComparison.Ordinal);
        }

        using (var added = await province.PostFormAsync("/admin/units", page, Form("99001", DemoData.ProvinceCode, "01/01/2026")))
        {
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        }

        using (var duplicate = await province.PostFormAsync("/admin/units", page, Form("99001", DemoData.NewHoangPhuCode, "01/01/2026")))
        {
            Assert.Contains("Đã có đơn vị mã 99001", AdminSite.Parse(await duplicate.Content.ReadAsStringAsync()).QuerySelector("#Form_Code-error")!.TextContent, StringComparison.Ordinal);
        }

        using var commune = await server.SignedInAsync(StaffRoles.Admin, DemoData.NewHoangGiangCode);
        var own = await commune.PageAsync("/admin/units");
        Assert.Equal([DemoData.NewHoangGiangCode], own.QuerySelectorAll("tr[data-unit]").Select(r => r.GetAttribute("data-unit")).ToList());
        using (var outside = await commune.PostFormAsync("/admin/units", own, Form("99002", DemoData.ProvinceCode, "01/01/2026")))
        {
            Assert.Contains("trong phạm vi của bạn", AdminSite.Parse(await outside.Content.ReadAsStringAsync()).QuerySelector("#Form_ParentCode-error")!.TextContent, StringComparison.Ordinal);
        }

        await using var db = server.CreateContext();
        var unit = await db.Units.AsNoTracking().SingleAsync(u => u.Code == "99001");
        Assert.Equal($"/{DemoData.ProvinceCode}/99001/", unit.Path);
        Assert.False(await db.Units.AnyAsync(u => u.Code == "99002"));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.RecordType == "unit" && a.RecordId == unit.Id));
    }

    private static Dictionary<string, string> Form(string code, string parent, string validFrom) => new()
    {
        ["Form.Code"] = code,
        ["Form.Name"] = "Xã Thử Nghiệm",
        ["Form.Level"] = "Commune",
        ["Form.ParentCode"] = parent,
        ["Form.ValidFrom"] = validFrom,
    };
}

public sealed class SqliteUnitPagesFacts(SqliteAdminServer server) : UnitPagesFacts<SqliteAdminServer>(server);

public sealed class PostgresUnitPagesFacts(PostgresAdminServer server) : UnitPagesFacts<PostgresAdminServer>(server);
