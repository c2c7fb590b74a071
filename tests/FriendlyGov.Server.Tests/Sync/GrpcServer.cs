using FriendlyGov.Data;
using FriendlyGov.Domain.Clients;
using FriendlyGov.Server.Hosting;
using FriendlyGov.Testing;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FriendlyGov.Server.Tests.Sync;

/// <summary>
/// The server in process on a demo-seeded database of one provider, reached over real gRPC
/// (HTTP/2 through the test server's handler, or over a loopback socket to Kestrel), with API
/// clients made for each test.
/// </summary>
public abstract class GrpcServer(DatabaseFixture database, bool overKestrel = false) : IAsyncLifetime
{
    private WebApplicationFactory<Program>? _factory;
    private Uri? _kestrelAddress;

    public DatabaseFixture Database => database;

    public WebApplicationFactory<Program> Factory => _factory ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web
            .UseSetting("Database:Provider", database.Options.Provider.ToString())
            .UseSetting("ConnectionStrings:FriendlyGov", database.Options.ConnectionString)
            .UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Warning")
            .UseSetting("Kestrel:Endpoints:Web:Url", "http://127.0.0.1:0")
            .UseSetting("Kestrel:Endpoints:Web:Protocols", "Http2")
            .UseSetting("Kestrel:Endpoints:Grpc:Url", "http://127.0.0.1:0"));
        if (overKestrel)
        {
            // Both endpoints on free loopback ports, both cleartext HTTP/2 (these tests use no web page): either serves gRPC.
            _factory.UseKestrel();
            _factory.StartServer();
            _kestrelAddress = new Uri(_factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        }

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
    public async Task<GrpcChannel> ChannelForAsync(string unitCode, ClientScopes scopes, string? name = null, int maxResponseHeadersKiB = 64)
    {
        await using var db = database.CreateContext();
        var unit = await db.Units.SingleAsync(u => u.Code == unitCode);
        var (client, key) = ApiClient.Create(name ?? $"test-{Guid.NewGuid():N}", unit, scopes, DateTime.UtcNow);
        db.ApiClients.Add(client);
        await db.SaveChangesAsync();
        return ChannelWithKey(key, maxResponseHeadersKiB);
    }

    /// <summary>A channel whose calls carry <paramref name="key"/>; over Kestrel, a client that accepts response headers and trailers of at most <paramref name="maxResponseHeadersKiB"/>.</summary>
    public GrpcChannel ChannelWithKey(string? key, int maxResponseHeadersKiB = 64) =>
        _kestrelAddress is { } address
            ? GrpcChannel.ForAddress(address, new GrpcChannelOptions
            {
                HttpHandler = new BearerKeyHandler(key) { InnerHandler = new SocketsHttpHandler { MaxResponseHeadersLength = maxResponseHeadersKiB } },
                MaxReceiveMessageSize = 16 * 1024 * 1024,
                MaxSendMessageSize = 16 * 1024 * 1024,
            })
            : GrpcChannel.ForAddress(Factory.Server.BaseAddress, new GrpcChannelOptions
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

public sealed class SqliteKestrelServer() : GrpcServer(new SqliteDemoDatabase(), overKestrel: true);

public sealed class PostgresKestrelServer() : GrpcServer(new PostgresDemoDatabase(), overKestrel: true);
