using System.Net;
using System.Text.Json;
using FriendlyGov.Server.Hosting;
using FriendlyGov.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FriendlyGov.Server.Tests;

/// <summary>The server in process (WebApplicationFactory) on each provider's real database.</summary>
public abstract class HealthFacts<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : DatabaseFixture
{
    [Fact]
    public async Task HealthzReportsTheDatabaseAsHealthy()
    {
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web
            .UseSetting("Database:Provider", database.Options.Provider.ToString())
            .UseSetting("ConnectionStrings:FriendlyGov", database.Options.ConnectionString));
        Assert.True(await DatabaseStartup.PrepareAsync(factory.Services, ServerCommand.Serve));

        using var response = await factory.CreateClient().GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal(database.Options.Provider.ToString(), body.RootElement.GetProperty("database").GetProperty("provider").GetString());
    }
}

public sealed class HealthFactsOnSqlite(SqliteEmptyDatabase database) : HealthFacts<SqliteEmptyDatabase>(database);

public sealed class HealthFactsOnPostgres(PostgresEmptyDatabase database) : HealthFacts<PostgresEmptyDatabase>(database);
