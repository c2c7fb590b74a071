using FriendlyGov.Data;
using FriendlyGov.Domain.Clients;
using FriendlyGov.Server.Hosting;
using FriendlyGov.Testing;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Tests.Sync;

/// <summary>
/// The server in process on a demo-seeded database of one provider, reached over real gRPC
/// (HTTP/2 through the test server's handler), with API clients made for each test.
/// </summary>
public abstract class GrpcServer(DatabaseFixture database) : IAsyncLifetime
{
    private WebApplicationFactory<Program>? _factory;

    public DatabaseFixture Database => database;

    public WebApplicationFactory<Program> Factory => _factory ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web
            .UseSetting("Database:Provider", database.Options.Provider.ToString())
            .UseSetting("ConnectionStrings:FriendlyGov", database.Options.ConnectionString)
            .UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Warning")
            .UseSetting("Jobs:Schedule", "false"));
        await DatabaseStartup.PrepareAsync(_factory.Services, ServerCommand.Serve);
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await database.DisposeAsync();
    }

    /// <summary>A channel whose calls carry a new client's key.</summary>
    public async Task<GrpcChannel> ChannelForAsync(string unitCode, ClientScopes scopes, string? name = null)
    {
        await using var db = database.CreateContext();
        var unit = await db.Units.SingleAsync(u => u.Code == unitCode);
        var (client, key) = ApiClient.Create(name ?? $"test-{Guid.NewGuid():N}", unit, scopes, DateTime.UtcNow);
        db.ApiClients.Add(client);
        await db.SaveChangesAsync();
        return ChannelWithKey(key);
    }

    public GrpcChannel ChannelWithKey(string? key) =>
        GrpcChannel.ForAddress(Factory.Server.BaseAddress, new GrpcChannelOptions
        {
            HttpHandler = new BearerKeyHandler(key) { InnerHandler = Factory.Server.CreateHandler() },
        });

    public FriendlyGovDbContext CreateContext() => database.CreateContext();
}

/// <summary>Sends the key as gRPC metadata `authorization: Bearer …`, i.e. the HTTP/2 header.</summary>
internal sealed class BearerKeyHandler(string? key) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("authorization", $"Bearer {key}");
        }

        return base.SendAsync(request, cancellationToken);
    }
}

public sealed class SqliteGrpcServer() : GrpcServer(new SqliteDemoDatabase());

public sealed class PostgresGrpcServer() : GrpcServer(new PostgresDemoDatabase());
