using System.Net;
using FriendlyGov.Data.Demo;
using FriendlyGov.Data.Staff;
using FriendlyGov.Server.Staff;
using FriendlyGov.Server.Tests.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace FriendlyGov.Server.Tests.Admin;

/// <summary>Sign-in, roles and forms of the admin, on a real database.</summary>
public abstract class SignInFacts<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GrpcServer
{
    [Theory]
    [InlineData("/dashboard")]
    [InlineData("/dashboard?unit=15958&year=2023&quarter=4")]
    [InlineData("/dashboard/charts/targets.png?unit=15958&year=2023&quarter=4")]
    [InlineData("/hangfire")]
    public async Task AnAnonymousVisitorIsSentToTheLoginPage(string url)
    {
        using var client = server.Anonymous();
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login?ReturnUrl=", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheLoginPageIsVietnameseFirstAndSwitchesToEnglish()
    {
        using var client = server.Anonymous();
        var page = await client.PageAsync("/login");
        Assert.Equal("vi", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Đăng nhập", page.QuerySelector("h1")!.TextContent.Trim());

        using var switched = await client.PostFormAsync("/language", page, new() { ["culture"] = "en-GB", ["returnUrl"] = "/login" });
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        var english = await client.PageAsync("/login");
        Assert.Equal("en", english.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Sign in", english.QuerySelector("h1")!.TextContent.Trim());
    }

    [Fact]
    public async Task AWrongPasswordShowsTheMessageBesideTheFieldAndSignsNobodyIn()
    {
        var (name, _) = await server.AddUserAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        using var client = server.Anonymous();
        using var response = await client.LogInAsync(name, "not the password");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = AdminSite.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("không đúng", page.QuerySelector("#Password-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(name, page.QuerySelector("input[name=UserName]")!.GetAttribute("value"));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/dashboard")).StatusCode);
    }

    [Fact]
    public async Task FiveWrongPasswordsLockTheAccountEvenAgainstTheRightOne()
    {
        var (name, password) = await server.AddUserAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        using var client = server.Anonymous();
        for (var i = 0; i < 5; i++)
        {
            (await client.LogInAsync(name, "wrong password " + i)).Dispose();
        }

        using var response = await client.LogInAsync(name, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("tạm khóa", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSignInCookieIsSecureAndHiddenFromScripts()
    {
        var (name, password) = await server.AddUserAsync(StaffRoles.Officer, DemoData.HoangKimCode);
        using var client = server.Anonymous();
        using var response = await client.LogInAsync(name, password);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("friendlygov.signin=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/login")]
    [InlineData("/logout")]
    [InlineData("/language")]
    public async Task EveryFormRefusesAPostWithoutItsAntiforgeryToken(string url)
    {
        using var client = await server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        using var response = await client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "x", ["Password"] = "y", ["culture"] = "en-GB" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("/login", false)]
    [InlineData("/logout", true)]
    [InlineData("/dashboard?unit=15958&year=2023&quarter=4", true)]
    public async Task EveryPostFormOfAPageCarriesAnAntiforgeryToken(string url, bool signedIn)
    {
        using var client = signedIn ? await server.SignedInAsync(StaffRoles.Admin, DemoData.HoangKimCode) : server.Anonymous();
        var page = await client.PageAsync(url);
        var forms = page.QuerySelectorAll("form").Where(f => string.Equals(f.GetAttribute("method"), "post", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.NotEmpty(forms);
        Assert.All(forms, f => Assert.NotNull(f.QuerySelector("input[name=__RequestVerificationToken]")));
    }

    [Fact]
    public async Task SigningOutEndsTheSession()
    {
        using var client = await server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        var page = await client.PageAsync("/logout");
        using var response = await client.PostFormAsync("/logout", page, []);
        Assert.Equal("/login", response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/dashboard")).StatusCode);
    }

    [Theory]
    [InlineData(StaffRoles.Leader, DemoData.ProvinceCode)]
    [InlineData(StaffRoles.Officer, DemoData.ProvinceCode)]
    [InlineData(StaffRoles.Admin, DemoData.HoangKimCode)]
    public async Task TheHangfireDashboardIsRefusedToAnyoneButAnAdminOfTheWholeInstallation(string role, string unit)
    {
        using var client = await server.SignedInAsync(role, unit);
        using var response = await client.GetAsync("/hangfire");
        Assert.True(response.StatusCode is HttpStatusCode.Forbidden || response.Headers.Location?.OriginalString.Contains("/denied", StringComparison.Ordinal) == true,
            $"{role}: {(int)response.StatusCode} {response.Headers.Location}");

        using var admin = await server.SignedInAsync(StaffRoles.Admin, DemoData.ProvinceCode);
        using var allowed = await admin.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Contains("Hangfire", await allowed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheUsersCommandPrintsAGeneratedPasswordOnceThatSignsIn()
    {
        var name = $"cli.{Guid.NewGuid():N}"[..20];
        var output = new StringWriter();
        await using (var scope = server.Factory.Services.CreateAsyncScope())
        {
            Assert.Equal(0, await UsersCommand.RunAsync(scope.ServiceProvider, ["add", "--role", "admin", "--unit", DemoData.ProvinceCode, "--name", name], output));
            Assert.Equal(1, await UsersCommand.RunAsync(scope.ServiceProvider, ["add", "--role", "mayor", "--unit", DemoData.ProvinceCode, "--name", name + "x"], output));
            Assert.Equal(1, await UsersCommand.RunAsync(scope.ServiceProvider, ["add", "--role", "admin", "--unit", "00000", "--name", name + "y"], output));
        }

        var lines = output.ToString().Split('\n', StringSplitOptions.TrimEntries);
        var password = Assert.Single(lines, l => l.StartsWith(UsersCommand.PasswordLinePrefix, StringComparison.Ordinal))[UsersCommand.PasswordLinePrefix.Length..];
        Assert.True(password.Length >= 20);
        Assert.Contains(lines, l => l.Contains("role must be one of", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("No unit has the code '00000'", StringComparison.Ordinal));

        await using var db = server.CreateContext();
        var stored = db.Users.Single(u => u.UserName == name);
        Assert.DoesNotContain(password, stored.PasswordHash!, StringComparison.Ordinal);

        using var client = server.Anonymous();
        Assert.Equal("/", (await client.LogInAsync(name, password)).Headers.Location!.OriginalString);

        var reset = new StringWriter();
        await using (var scope = server.Factory.Services.CreateAsyncScope())
        {
            Assert.Equal(0, await UsersCommand.RunAsync(scope.ServiceProvider, ["reset-password", "--name", name], reset));
            Assert.Equal(0, await UsersCommand.RunAsync(scope.ServiceProvider, ["list"], reset));
        }

        var newPassword = reset.ToString().Split('\n', StringSplitOptions.TrimEntries).Single(l => l.StartsWith(UsersCommand.PasswordLinePrefix, StringComparison.Ordinal))[UsersCommand.PasswordLinePrefix.Length..];
        Assert.Contains(reset.ToString().Split('\n'), l => l.StartsWith(name + "\tadmin\tunit 38", StringComparison.Ordinal));
        using var again = server.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await again.LogInAsync(name, password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await again.LogInAsync(name, newPassword)).StatusCode);
    }
}

public sealed class SqliteSignInFacts(SqliteGrpcServer server) : SignInFacts<SqliteGrpcServer>(server);

public sealed class PostgresSignInFacts(PostgresGrpcServer server) : SignInFacts<PostgresGrpcServer>(server);
