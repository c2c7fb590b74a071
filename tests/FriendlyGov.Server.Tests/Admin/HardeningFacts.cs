using System.Net;
using FriendlyGov.Data.Demo;
using FriendlyGov.Data.Staff;
using FriendlyGov.Domain.Clients;
using FriendlyGov.Grpc.V1;
using FriendlyGov.Server.Dashboard;
using FriendlyGov.Server.Hosting;
using FriendlyGov.Server.Tests.Sync;
using FriendlyGov.Testing;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FriendlyGov.Server.Tests.Admin;

/// <summary>
/// The web admin and the API hardened: response headers, HTTPS where the cookies need it, sign-in
/// timing, chart sizes and render slots, rate limits — on a server with small limits, Secure-only
/// cookies (the PostgreSQL settings, on both providers), and its requests arriving from the
/// loopback as from a local TLS proxy, so that X-Forwarded-For and X-Forwarded-Proto are honoured.
/// </summary>
public abstract class HardeningFacts<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : HardenedServer
{
    private const string Chart = "/dashboard/charts/targets.png?unit=15958&year=2023&quarter=4";

    [Theory]
    [InlineData("/login", false, HttpStatusCode.OK)]
    [InlineData("/css/admin.css", false, HttpStatusCode.OK)]
    [InlineData("/fonts/DejaVuSans.ttf", false, HttpStatusCode.OK)]
    [InlineData("/healthz", false, HttpStatusCode.OK)]
    [InlineData("/dashboard", false, HttpStatusCode.Redirect)]
    [InlineData("/no-such-page", true, HttpStatusCode.NotFound)]
    [InlineData("/dashboard?unit=15958&year=2023&quarter=9", true, HttpStatusCode.BadRequest)]
    [InlineData(Chart, true, HttpStatusCode.OK)]
    [InlineData(Chart + "&width=300%00", true, HttpStatusCode.BadRequest)]
    public async Task EveryKindOfWebResponseCarriesTheSecurityHeaders(string url, bool signedIn, HttpStatusCode status)
    {
        using var client = signedIn ? await server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode, NewAddress()) : server.Anonymous();
        using var response = await client.GetAsync(url);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(WebHardening.ContentSecurityPolicy, Header(response, "Content-Security-Policy"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("same-origin", Header(response, "Referrer-Policy"));
        Assert.Null(Header(response, "Server"));
    }

    [Fact]
    public async Task TheStrictPolicyAllowsOnlyTheAppsOwnFilesAndNoFrames()
    {
        var policy = WebHardening.ContentSecurityPolicy.Split(';', StringSplitOptions.TrimEntries);
        Assert.Contains("default-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.DoesNotContain("unsafe", WebHardening.ContentSecurityPolicy, StringComparison.Ordinal);

        using var client = await server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode, NewAddress());
        using var svg = await client.GetAsync(Chart.Replace(".png", ".svg", StringComparison.Ordinal));
        Assert.Equal(WebHardening.SvgPolicy, Header(svg, "Content-Security-Policy"));
    }

    [Theory]
    [InlineData("/login", null)]
    [InlineData("/dashboard?unit=15958&year=2023&quarter=4", StaffRoles.Leader)]
    [InlineData("/admin/targets?year=2023", StaffRoles.Admin)]
    [InlineData("/admin/users", StaffRoles.Admin)]
    [InlineData("/admin/clients", StaffRoles.Admin)]
    [InlineData("/admin/personal-data-log", StaffRoles.Admin)]
    [InlineData("/admin/calendar", StaffRoles.Admin)]
    [InlineData("/admin/units", StaffRoles.Admin)]
    [InlineData("/account/password", StaffRoles.Leader)]
    public async Task ThePagesHoldNoInlineScriptStyleOrEventHandler(string url, string? role)
    {
        using var client = role is not null ? await server.SignedInAsync(role, DemoData.HoangKimCode, NewAddress()) : server.Anonymous();
        var page = await client.PageAsync(url);

        Assert.All(page.QuerySelectorAll("script"), s => Assert.False(string.IsNullOrEmpty(s.GetAttribute("src")), "an inline <script>"));
        Assert.Empty(page.QuerySelectorAll("style"));
        Assert.Empty(page.QuerySelectorAll("[style]"));
        Assert.Empty(page.All.SelectMany(e => e.Attributes).Where(a => a.Name.StartsWith("on", StringComparison.Ordinal)).Select(a => a.Name));
        Assert.Empty(page.QuerySelectorAll("[href^='javascript:' i]"));
    }

    [Fact]
    public async Task TheHangfireDashboardGetsItsOwnPolicyWithScriptsFromFilesOnly()
    {
        using var admin = await server.SignedInAsync(StaffRoles.Admin, DemoData.ProvinceCode, NewAddress());
        using var response = await admin.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = Header(response, "Content-Security-Policy");
        Assert.Equal(WebHardening.HangfirePolicy, policy);
        Assert.DoesNotContain("script-src", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);

        var page = AdminSite.Parse(await response.Content.ReadAsStringAsync());
        Assert.All(page.QuerySelectorAll("script"), s => Assert.False(string.IsNullOrEmpty(s.GetAttribute("src")), "an inline <script> in Hangfire's dashboard"));
    }

    [Fact]
    public async Task HstsIsSentOverHttpsOnly()
    {
        using var https = server.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://admin.example") });
        using var overHttps = await https.GetAsync("/login");
        Assert.StartsWith("max-age=", Header(overHttps, "Strict-Transport-Security"), StringComparison.Ordinal);

        using var proxied = PlainHttp();
        proxied.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        using var throughTheProxy = await proxied.GetAsync("/healthz");
        Assert.NotNull(Header(throughTheProxy, "Strict-Transport-Security"));

        using var plain = await PlainHttp().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Null(Header(plain, "Strict-Transport-Security"));
    }

    [Fact]
    public async Task APlainHttpRequestIsRedirectedToHttpsOrRefusedWithAMessageNeverAServerError()
    {
        using var client = PlainHttp();
        using var get = await client.GetAsync("/login?ReturnUrl=%2Fdashboard");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, get.StatusCode);
        Assert.Equal("https://admin.example/login?ReturnUrl=%2Fdashboard", get.Headers.Location!.OriginalString);

        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/dashboard"));
        Assert.Equal(HttpStatusCode.TemporaryRedirect, head.StatusCode);

        using var post = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "x", ["Password"] = "y" }));
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Equal(WebHardening.HttpsRequiredMessage, await post.Content.ReadAsStringAsync());
        Assert.Contains("HTTPS", WebHardening.HttpsRequiredMessage, StringComparison.Ordinal);

        // Through a TLS proxy that says so, the same request is served and its cookies are Secure.
        using var proxied = PlainHttp();
        proxied.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        using var page = await proxied.GetAsync("/login");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("secure", page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("friendlygov.antiforgery", StringComparison.Ordinal)), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AnUnknownNameCostsOnePasswordHashLikeAWrongPassword()
    {
        var (name, _) = await server.AddUserAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        var hashes = server.Factory.Services.GetRequiredService<PasswordChecks>();
        using var client = server.Anonymous(NewAddress());

        var before = hashes.Count;
        using var unknown = await client.LogInAsync("nobody." + Guid.NewGuid().ToString("N")[..8], "some password 1");
        var afterUnknown = hashes.Count;
        using var wrong = await client.LogInAsync(name, "some password 2");
        var afterWrong = hashes.Count;

        Assert.Equal((1, 1), (afterUnknown - before, afterWrong - afterUnknown));
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal(await ErrorOfAsync(unknown), await ErrorOfAsync(wrong));
    }

    [Fact]
    public async Task TooManySignInAttemptsFromOneAddressGet429WithRetryAfterAndAVietnameseMessage()
    {
        var address = NewAddress();
        using var client = server.Anonymous(address);
        var form = await client.PageAsync("/login");
        for (var i = 0; i < HardenedServer.LoginLimit; i++)
        {
            using var allowed = await client.PostFormAsync("/login", form, new() { ["UserName"] = "nobody", ["Password"] = "guess " + i });
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await client.PostFormAsync("/login", form, new() { ["UserName"] = "nobody", ["Password"] = "one guess too many" });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(int.Parse(Header(refused, "Retry-After")!, System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= HardenedServer.LoginWindowSeconds);
        var page = AdminSite.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Contains("Quá nhiều lần đăng nhập", page.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);

        // Another address is not held back.
        using var other = server.Anonymous(NewAddress());
        using var elsewhere = await other.LogInAsync("nobody", "a guess");
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
    }

    [Fact]
    public async Task TooManyCallsWithOneKeyAreResourceExhaustedWithARetryDelayAndOtherKeysGoOn()
    {
        var references = new ReferenceService.ReferenceServiceClient(await server.ChannelForAsync(DemoData.ProvinceCode, ClientScopes.DossiersRead));
        for (var i = 0; i < HardenedServer.GrpcLimit; i++)
        {
            await references.ListProceduresAsync(new ListProceduresRequest(), deadline: DateTime.UtcNow.AddSeconds(30));
        }

        var refused = await Assert.ThrowsAsync<RpcException>(() => references.ListProceduresAsync(new ListProceduresRequest(), deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        var retry = refused.GetRpcStatus()?.GetDetail<RetryInfo>();
        Assert.NotNull(retry);
        Assert.InRange(retry.RetryDelay.ToTimeSpan(), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(HardenedServer.GrpcWindowSeconds));

        var another = new ReferenceService.ReferenceServiceClient(await server.ChannelForAsync(DemoData.ProvinceCode, ClientScopes.DossiersRead));
        await another.ListProceduresAsync(new ListProceduresRequest(), deadline: DateTime.UtcNow.AddSeconds(30));

        // Health checks stay open to load balancers, however often they ask.
        var health = new Health.HealthClient(server.ChannelWithKey(null));
        for (var i = 0; i <= HardenedServer.GrpcLimit; i++)
        {
            await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(30));
        }
    }

    [Fact]
    public async Task CallsWithoutAKeyAreLimitedByTheClientsAddress()
    {
        var address = NewAddress();
        var references = new ReferenceService.ReferenceServiceClient(GrpcChannel.ForAddress(server.Factory.Server.BaseAddress, new GrpcChannelOptions
        {
            HttpHandler = new ForwardedForHandler(address) { InnerHandler = server.Factory.Server.CreateHandler() },
        }));
        for (var i = 0; i < HardenedServer.GrpcLimit; i++)
        {
            var unauthenticated = await Assert.ThrowsAsync<RpcException>(() => references.ListProceduresAsync(new ListProceduresRequest()).ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, unauthenticated.StatusCode);
        }

        var refused = await Assert.ThrowsAsync<RpcException>(() => references.ListProceduresAsync(new ListProceduresRequest()).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
    }

    [Fact]
    public async Task WhenEveryRenderSlotIsTakenAChartIs503WithRetryAfterThenDrawnOnceOneIsFree()
    {
        using var client = await server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode, NewAddress());
        var chart = Chart + "&width=523"; // a size no other fact draws: not served from the cache of drawn charts
        var gate = server.Factory.Services.GetRequiredService<ChartRenderGate>();
        for (var i = 0; i < gate.Capacity; i++)
        {
            Assert.True(await gate.EnterAsync(CancellationToken.None));
        }

        try
        {
            using var busy = await client.GetAsync(chart);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
            Assert.Equal(((int)ChartRenderGate.Wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture), Header(busy, "Retry-After"));
            Assert.Contains("thử lại", await busy.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            for (var i = 0; i < gate.Capacity; i++)
            {
                gate.Release();
            }
        }

        using var drawn = await client.GetAsync(chart);
        Assert.Equal(HttpStatusCode.OK, drawn.StatusCode);
    }

    private static int _addresses;

    /// <summary>A client address of its own (TEST-NET-3), so that one test's sign-ins never count against another's.</summary>
    private static string NewAddress() => $"203.0.113.{Interlocked.Increment(ref _addresses) % 250 + 1}";

    private HttpClient PlainHttp() =>
        server.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("http://admin.example"), HandleCookies = true });

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(", ", values) : null;

    private static async Task<string> ErrorOfAsync(HttpResponseMessage response) =>
        AdminSite.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("#Password-error")!.TextContent.Trim();
}

/// <summary>
/// The server with small rate limits, Secure-only cookies, and the password hasher's checks counted
/// (the real hasher, so the count is the work done). TestServer's requests come from no address:
/// here they come from the loopback, as from a local TLS proxy.
/// </summary>
public abstract class HardenedServer(DatabaseFixture database) : GrpcServer(database)
{
    public const int GrpcLimit = 5, GrpcWindowSeconds = 300, LoginLimit = 3, LoginWindowSeconds = 300;

    protected override void Configure(IWebHostBuilder web) => web
        .UseSetting("Admin:SecureCookies", "true")
        .UseSetting("RateLimits:Grpc:PermitLimit", GrpcLimit.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .UseSetting("RateLimits:Grpc:WindowSeconds", GrpcWindowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .UseSetting("RateLimits:Login:PermitLimit", LoginLimit.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .UseSetting("RateLimits:Login:WindowSeconds", LoginWindowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .ConfigureTestServices(services =>
        {
            services.AddSingleton<PasswordChecks>();
            services.AddScoped<IPasswordHasher<StaffUser>, CountingPasswordHasher>();
            services.AddTransient<IStartupFilter, FromLoopback>();
        });

    private sealed class CountingPasswordHasher(PasswordChecks checks, IOptions<PasswordHasherOptions> options) : PasswordHasher<StaffUser>(options)
    {
        public override PasswordVerificationResult VerifyHashedPassword(StaffUser user, string hashedPassword, string providedPassword)
        {
            checks.Add();
            return base.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    private sealed class FromLoopback : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress ??= IPAddress.Loopback;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

/// <summary>How many passwords the server's hasher has checked.</summary>
public sealed class PasswordChecks
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Add() => Interlocked.Increment(ref _count);
}

/// <summary>Sends X-Forwarded-For, as a local TLS proxy would for its client.</summary>
internal sealed class ForwardedForHandler(string address) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", address);
        return base.SendAsync(request, cancellationToken);
    }
}

public sealed class SqliteHardenedServer() : HardenedServer(new SqliteDemoDatabase());

public sealed class PostgresHardenedServer() : HardenedServer(new PostgresDemoDatabase());

public sealed class SqliteHardeningFacts(SqliteHardenedServer server) : HardeningFacts<SqliteHardenedServer>(server);

public sealed class PostgresHardeningFacts(PostgresHardenedServer server) : HardeningFacts<PostgresHardenedServer>(server);
