using System.Net;
using System.Text.Json;
using FriendlyGov.Server.Hosting;
using FriendlyGov.Testing;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FriendlyGov.Server.Tests;

/// <summary>The server in process (WebApplicationFactory) on each provider's real database.</summary>
public abstract class HealthFacts<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : DatabaseFixture
{
    [Fact]
    public async Task HealthzReportsTheDatabaseAsHealthy()
    {
        await using var factory = await StartAsync();

        using var response = await factory.CreateClient().GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal(database.Options.Provider.ToString(), body.RootElement.GetProperty("database").GetProperty("provider").GetString());
    }

    [Fact]
    public async Task ReadinessChecksTheDatabaseTheMigrationsAndTheJobStorage()
    {
        await using var factory = await StartAsync();
        var http = factory.CreateClient();

        using var ready = await http.GetAsync(new Uri("/healthz/ready", UriKind.Relative));
        using var live = await http.GetAsync(new Uri("/healthz/live", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        var checks = body.RootElement.GetProperty("checks");
        Assert.Equal(["database", "jobs", "migrations"], checks.EnumerateObject().Select(c => c.Name).Order());
        Assert.All(checks.EnumerateObject(), c => Assert.Equal("Healthy", c.Value.GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task ADatabaseLackingAMigrationOfThisBuildIsNotReadyWhileTheProcessStaysLive()
    {
        await using var factory = await StartAsync();
        var http = factory.CreateClient();
        await using var db = database.CreateContext();
        var last = (await db.Database.GetAppliedMigrationsAsync()).Last();
        var history = db.GetService<IHistoryRepository>();
        await db.Database.ExecuteSqlRawAsync(history.GetDeleteScript(last));
        try
        {
            using var ready = await http.GetAsync(new Uri("/healthz/ready", UriKind.Relative));
            using var live = await http.GetAsync(new Uri("/healthz/live", UriKind.Relative));
            var health = await new Health.HealthClient(Channel(factory)).CheckAsync(new HealthCheckRequest { Service = "friendlygov.v1.DossierService" });

            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
            var migrations = body.RootElement.GetProperty("checks").GetProperty("migrations");
            Assert.Equal("Unhealthy", migrations.GetProperty("status").GetString());
            Assert.Contains(last, migrations.GetProperty("description").GetString(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, health.Status);
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(last, "restored")));
        }
    }

    [Fact]
    public async Task GrpcHealthAnswersForTheServerAndEachFriendlyGovService()
    {
        await using var factory = await StartAsync();
        var health = new Health.HealthClient(Channel(factory));

        foreach (var service in new[] { "", "friendlygov.v1.DossierService", "friendlygov.v1.SurveyService", "friendlygov.v1.ChangeFeedService", "friendlygov.v1.ReferenceService", "friendlygov.v1.IndicatorService" })
        {
            var answer = await health.CheckAsync(new HealthCheckRequest { Service = service }, deadline: DateTime.UtcNow.AddSeconds(30));
            Assert.True(answer.Status == HealthCheckResponse.Types.ServingStatus.Serving, $"'{service}' is {answer.Status}");
        }

        var unknown = await Assert.ThrowsAsync<RpcException>(() => health.CheckAsync(new HealthCheckRequest { Service = "friendlygov.v1.NoSuchService" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task ThePrometheusEndpointIsOffByDefault()
    {
        await using var factory = await StartAsync();

        using var response = await factory.CreateClient().GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("# TYPE", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<WebApplicationFactory<Program>> StartAsync()
    {
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web
            .UseSetting("Database:Provider", database.Options.Provider.ToString())
            .UseSetting("ConnectionStrings:FriendlyGov", database.Options.ConnectionString)
            .UseSetting("Database:SeedDemoData", "false"));
        Assert.True(await DatabaseStartup.PrepareAsync(factory.Services, ServerCommand.Serve));
        return factory;
    }

    private static GrpcChannel Channel(WebApplicationFactory<Program> factory) =>
        GrpcChannel.ForAddress(factory.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = factory.Server.CreateHandler() });
}

public sealed class HealthFactsOnSqlite(SqliteEmptyDatabase database) : HealthFacts<SqliteEmptyDatabase>(database);

public sealed class HealthFactsOnPostgres(PostgresEmptyDatabase database) : HealthFacts<PostgresEmptyDatabase>(database);
