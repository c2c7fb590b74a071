using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using FriendlyGov.Data.Demo;
using FriendlyGov.Domain;
using FriendlyGov.Server.Indicators;
using FriendlyGov.Server.Staff;
using FriendlyGov.Server.Tests.Indicators;
using FriendlyGov.Server.Tests.Sync;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FriendlyGov.Server.Tests.Admin;

/// <summary>The admin of an in-process server, seen through an HTTP client that keeps its cookies like a browser.</summary>
public static class AdminSite
{
    private static readonly HtmlParser Parser = new();

    /// <summary>
    /// A client over HTTPS (the sign-in cookies are Secure) that does not follow redirects, so tests see them;
    /// with an address, it says X-Forwarded-For: address (heard where the server trusts its proxy).
    /// </summary>
    public static HttpClient Anonymous(this GrpcServer server, string? address = null)
    {
        var client = server.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost"), HandleCookies = true });
        if (address is not null)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        }

        return client;
    }

    /// <summary>A new user of the role and unit, signed in through the login form.</summary>
    public static async Task<HttpClient> SignedInAsync(this GrpcServer server, string role, string unitCode, string? address = null)
    {
        var (name, password) = await server.AddUserAsync(role, unitCode);
        var client = server.Anonymous(address);
        var response = await client.LogInAsync(name, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public static async Task<(string Name, string Password)> AddUserAsync(this GrpcServer server, string role, string unitCode)
    {
        var name = $"{role}.{unitCode}.{Guid.NewGuid():N}"[..30];
        var password = UsersCommand.NewPassword();
        await using var scope = server.Factory.Services.CreateAsyncScope();
        Assert.Null(await UsersCommand.CreateAsync(scope.ServiceProvider, new StaffAccount(name, name, role, unitCode), password, CancellationToken.None));
        return (name, password);
    }

    public static async Task<HttpResponseMessage> LogInAsync(this HttpClient client, string name, string password)
    {
        var form = await client.PageAsync("/login");
        return await client.PostFormAsync("/login", form, new() { ["UserName"] = name, ["Password"] = password });
    }

    /// <summary>Posts a form with the antiforgery token of the page it was read from.</summary>
    public static Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, IDocument page, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException("The page has no antiforgery token.");
        return client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    public static async Task<IDocument> PageAsync(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"GET {url}: {(int)response.StatusCode} {response.StatusCode}, expected {expected}.\n{html[..Math.Min(html.Length, 2000)]}");
        return Parse(html);
    }

    public static IDocument Parse(string html) => Parser.ParseDocument(html);

    /// <summary>Rolls the demo data up for the periods, as the closing jobs would.</summary>
    public static async Task RollUpAsync(this GrpcServer server, params Period[] periods)
    {
        foreach (var period in periods)
        {
            await using var db = server.CreateContext();
            await new RollupService(db, new FixedClock(new DateTimeOffset(DemoData.AsOfUtc))).FullAsync(null, period, null, CancellationToken.None);
        }
    }
}
