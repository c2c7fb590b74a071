using System.Net;
using FriendlyGov.Data.Demo;
using FriendlyGov.Data.Staff;
using FriendlyGov.Server.Tests.Sync;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Tests.Admin;

/// <summary>/admin/users and /account/password on a real database: what an admin may do to whom, and when a cookie stops working.</summary>
public abstract class UserPagesFacts<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GrpcServer
{
    [Fact]
    public async Task AnAdminAddsAUserWhosePasswordIsShownOnceAndSignsIn()
    {
        using var admin = await server.SignedInAsync(StaffRoles.Admin, DemoData.DistrictCode);
        var page = await admin.PageAsync("/admin/users");
        var name = $"motcua.{Guid.NewGuid():N}"[..20];
        using var response = await admin.PostFormAsync("/admin/users", page, Form(name, StaffRoles.Officer, DemoData.HoangKimCode));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = AdminSite.Parse(await response.Content.ReadAsStringAsync());
        var password = answer.QuerySelector(".shown-once code.password")!.TextContent;
        Assert.Contains(answer.QuerySelectorAll("tr[data-user]"), r => r.GetAttribute("data-user") == name);
        Assert.Null((await admin.PageAsync("/admin/users")).QuerySelector(".shown-once"));

        using var officer = server.Anonymous();
        Assert.Equal(HttpStatusCode.Redirect, (await officer.LogInAsync(name, password)).StatusCode);
        await officer.PageAsync("/receptions");
    }

    [Fact]
    public async Task ACommuneAdminSeesAndManagesOnlyTheUsersOfTheirSubtree()
    {
        var (provinceUser, _) = await server.AddUserAsync(StaffRoles.Leader, DemoData.ProvinceCode);
        var (communeUser, _) = await server.AddUserAsync(StaffRoles.Officer, DemoData.HoangKimCode);
        using var admin = await server.SignedInAsync(StaffRoles.Admin, DemoData.HoangKimCode);
        var list = await admin.PageAsync("/admin/users");
        var names = list.QuerySelectorAll("tr[data-user]").Select(r => r.GetAttribute("data-user")).ToList();
        Assert.Contains(communeUser, names);
        Assert.DoesNotContain(provinceUser, names);
        await admin.PageAsync($"/admin/users/{provinceUser}", HttpStatusCode.NotFound);
        await admin.PageAsync("/admin/users/nobody-at-all", HttpStatusCode.NotFound);

        await using var before = server.CreateContext();
        var count = await before.Users.CountAsync();
        using var refused = await admin.PostFormAsync("/admin/users", list, Form("tinh.nguoimoi", StaffRoles.Admin, DemoData.ProvinceCode));
        var answer = AdminSite.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Contains("trong phạm vi của bạn", answer.QuerySelector("#Form_UnitCode-error")!.TextContent, StringComparison.Ordinal);
        var detail = await admin.PageAsync($"/admin/users/{communeUser}");
        using var moved = await admin.PostFormAsync($"/admin/users/{communeUser}?handler=Role", detail, Form(null, StaffRoles.Admin, DemoData.ProvinceCode));
        Assert.Contains("trong phạm vi của bạn", AdminSite.Parse(await moved.Content.ReadAsStringAsync()).QuerySelector("#Form_UnitCode-error")!.TextContent, StringComparison.Ordinal);
        await using var after = server.CreateContext();
        Assert.Equal(count, await after.Users.CountAsync());
        Assert.Equal(DemoData.HoangKimCode, await after.Users.Where(u => u.UserName == communeUser).Select(u => u.Unit!.Code).SingleAsync());

        using var leader = await server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        using var denied = await leader.GetAsync("/admin/users");
        Assert.StartsWith("/denied", denied.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADisabledUsersCookieStopsAtTheNextRequestAndARoleChangeEndsTheSession()
    {
        var (name, password) = await server.AddUserAsync(StaffRoles.Officer, DemoData.HoangKimCode);
        using var officer = server.Anonymous();
        await officer.LogInAsync(name, password);
        await officer.PageAsync("/receptions/new");

        using var admin = await server.SignedInAsync(StaffRoles.Admin, DemoData.HoangKimCode);
        var detail = await admin.PageAsync($"/admin/users/{name}");
        using (var disabled = await admin.PostFormAsync($"/admin/users/{name}?handler=Disable", detail, new()))
        {
            Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        }

        using (var next = await officer.GetAsync("/receptions"))
        {
            Assert.StartsWith("/login", next.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await officer.LogInAsync(name, password)).StatusCode);
        Assert.Contains("Đã vô hiệu hóa", (await admin.PageAsync($"/admin/users/{name}")).QuerySelector("dd.state")!.TextContent, StringComparison.Ordinal);

        detail = await admin.PageAsync($"/admin/users/{name}");
        (await admin.PostFormAsync($"/admin/users/{name}?handler=Enable", detail, new())).Dispose();
        Assert.Equal(HttpStatusCode.Redirect, (await officer.LogInAsync(name, password)).StatusCode);

        detail = await admin.PageAsync($"/admin/users/{name}");
        (await admin.PostFormAsync($"/admin/users/{name}?handler=Role", detail, Form(null, StaffRoles.Leader, DemoData.HoangKimCode))).Dispose();
        using (var next = await officer.GetAsync("/receptions"))
        {
            Assert.StartsWith("/login", next.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        await officer.LogInAsync(name, password);
        using var denied = await officer.GetAsync("/receptions/new");
        Assert.StartsWith("/denied", denied.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        // Nobody disables their own account; the audit keeps every change with who made it.
        var self = (await admin.PageAsync("/admin/users")).QuerySelector("a.who")!.TextContent.Trim();
        var selfPage = await admin.PageAsync($"/admin/users/{self}");
        using var refused = await admin.PostFormAsync($"/admin/users/{self}?handler=Disable", selfPage, new());
        Assert.Contains("tự vô hiệu hóa", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var history = (await admin.PageAsync($"/admin/users/{name}")).QuerySelectorAll(".audit-list > li").Select(li => li.TextContent).ToList();
        Assert.Equal(4, history.Count); // created, disabled, enabled, role changed
        Assert.Contains(history, h => h.Contains("Vai trò: Công chức → Lãnh đạo", StringComparison.Ordinal) && h.Contains(self, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AResetPasswordIsShownOnceAndEveryUserChangesTheirOwnWithTheCurrentOne()
    {
        var (name, password) = await server.AddUserAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        using var admin = await server.SignedInAsync(StaffRoles.Admin, DemoData.ProvinceCode);
        var detail = await admin.PageAsync($"/admin/users/{name}");
        using var reset = await admin.PostFormAsync($"/admin/users/{name}?handler=Reset", detail, new());
        var fresh = AdminSite.Parse(await reset.Content.ReadAsStringAsync()).QuerySelector(".shown-once code.password")!.TextContent;

        using var leader = server.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await leader.LogInAsync(name, password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await leader.LogInAsync(name, fresh)).StatusCode);

        var form = await leader.PageAsync("/account/password");
        using var wrong = await leader.PostFormAsync("/account/password", form, new() { ["CurrentPassword"] = "not it", ["NewPassword"] = "Một-mật-khẩu-mới-2026", ["ConfirmPassword"] = "Một-mật-khẩu-mới-2026" });
        Assert.Contains("không đúng", AdminSite.Parse(await wrong.Content.ReadAsStringAsync()).QuerySelector("#CurrentPassword-error")!.TextContent, StringComparison.Ordinal);
        using var changed = await leader.PostFormAsync("/account/password", form, new() { ["CurrentPassword"] = fresh, ["NewPassword"] = "Mot-mat-khau-moi-2026", ["ConfirmPassword"] = "Mot-mat-khau-moi-2026" });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Contains("Đã đổi mật khẩu", (await leader.PageAsync("/account/password")).QuerySelector(".saved")!.TextContent, StringComparison.Ordinal);

        using var again = server.Anonymous();
        Assert.Equal(HttpStatusCode.Redirect, (await again.LogInAsync(name, "Mot-mat-khau-moi-2026")).StatusCode);
    }

    private static Dictionary<string, string> Form(string? name, string role, string unit)
    {
        var form = new Dictionary<string, string> { ["Form.Role"] = role, ["Form.UnitCode"] = unit };
        if (name is not null)
        {
            form["Form.UserName"] = name;
            form["Form.FullName"] = "Nguyễn Văn Thử";
        }

        return form;
    }
}

public sealed class SqliteUserPagesFacts(SqliteAdminServer server) : UserPagesFacts<SqliteAdminServer>(server);

public sealed class PostgresUserPagesFacts(PostgresAdminServer server) : UserPagesFacts<PostgresAdminServer>(server);
