using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using FriendlyGov.Data;
using FriendlyGov.Domain.Clients;
using FriendlyGov.Server.Hosting;
using FriendlyGov.Testing;
using Grpc.Net.Client;
using Hangfire;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FriendlyGov.Server.Tests.Sync;

/// <summary>
/// The server in process on a database of one provider (demo-seeded unless said otherwise), reached
/// over real gRPC (HTTP/2 through the test server's handler, or over loopback sockets to Kestrel),
/// with API clients made for each test. What the server logs is kept in <see cref="Log"/>.
/// </summary>
public abstract class GrpcServer(DatabaseFixture database, bool overSockets = false, bool runsJobs = true) : IAsyncLifetime
{
    private WebApplicationFactory<Program>? _factory;
    private Uri? _grpcAddress;

    public DatabaseFixture Database => database;

    public WebApplicationFactory<Program> Factory => _factory ?? throw new InvalidOperationException("Not started.");

    public TestLog Log { get; } = new();

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        if (overSockets)
        {
            _grpcAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        }

        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            // The fixture has seeded the demo data, or left the database empty on purpose.
            web.UseSetting("Database:Provider", database.Options.Provider.ToString())
                .UseSetting("ConnectionStrings:FriendlyGov", database.Options.ConnectionString)
                .UseSetting("Database:SeedDemoData", "false")
                .UseSetting("Jobs:Schedule", "false")
                .UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Warning")
                .ConfigureLogging(logging => logging.AddProvider(Log))

                // Every request of the test server comes from one address, and the tests sign in and call far more often than anyone would.
                .UseSetting("RateLimits:Login:PermitLimit", "100000")
                .UseSetting("RateLimits:Grpc:PermitLimit", "1000000");
            if (_grpcAddress is not null)
            {
                web.UseSetting("Kestrel:Endpoints:Web:Url", $"http://127.0.0.1:{FreePort()}")
                    .UseSetting("Kestrel:Endpoints:Grpc:Url", _grpcAddress.ToString());
            }

            if (!runsJobs)
            {
                web.ConfigureTestServices(services =>
                {
                    foreach (var jobServer in services.Where(d => d.ServiceType == typeof(IHostedService)
                        && d.ImplementationFactory?.Method.Module.Assembly == typeof(BackgroundJobServerHostedService).Assembly).ToList())
                    {
                        services.Remove(jobServer);
                    }
                });
            }

            Configure(web);
        });
        if (_grpcAddress is not null)
        {
            _factory.UseKestrel();
            _factory.StartServer();
        }

        await DatabaseStartup.PrepareAsync(_factory.Services, ServerCommand.Serve);
    }

    /// <summary>Settings and services of a fixture's own, on top of the common ones.</summary>
    protected virtual void Configure(IWebHostBuilder web)
    {
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
    public async Task<GrpcChannel> ChannelForAsync(string unitCode, ClientScopes scopes, string? name = null, int maxResponseHeadersKiB = 64) =>
        ChannelWithKey(await KeyForAsync(unitCode, scopes, name), maxResponseHeadersKiB);

    /// <summary>The key of a new client.</summary>
    public async Task<string> KeyForAsync(string unitCode, ClientScopes scopes, string? name = null)
    {
        await using var db = database.CreateContext();
        var unit = await db.Units.SingleAsync(u => u.Code == unitCode);
        var (client, key) = ApiClient.Create(name ?? $"test-{Guid.NewGuid():N}", unit, scopes, DateTime.UtcNow);
        db.ApiClients.Add(client);
        await db.SaveChangesAsync();
        return key;
    }

    /// <summary>
    /// A channel whose calls carry this key; over sockets, each channel has its own HTTP/2
    /// connection, whose client accepts response headers and trailers of at most <paramref name="maxResponseHeadersKiB"/>.
    /// </summary>
    public GrpcChannel ChannelWithKey(string? key, int maxResponseHeadersKiB = 64) => _grpcAddress is null
        ? GrpcChannel.ForAddress(Factory.Server.BaseAddress, new GrpcChannelOptions
        {
            HttpHandler = new BearerKeyHandler(key) { InnerHandler = Factory.Server.CreateHandler() },
        })
        : GrpcChannel.ForAddress(_grpcAddress, new GrpcChannelOptions
        {
            HttpHandler = new BearerKeyHandler(key) { InnerHandler = new SocketsHttpHandler { MaxResponseHeadersLength = maxResponseHeadersKiB } },
            MaxReceiveMessageSize = 16 * 1024 * 1024,
            MaxSendMessageSize = 16 * 1024 * 1024,
        });

    public FriendlyGovDbContext CreateContext() => database.CreateContext();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>What the server logged, kept for assertions (a log line that names an error id, say).</summary>
public sealed class TestLog : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Text)> _entries = new();

    /// <summary>Each entry's level, and its message followed by the exception with its stack trace.</summary>
    public IReadOnlyList<(LogLevel Level, string Text)> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(TestLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log._entries.Enqueue((logLevel, formatter(state, exception) + (exception is null ? "" : Environment.NewLine + exception)));
            }
        }
    }
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

/// <summary>
/// Kestrel on loopback ports: cleartext HTTP/2 over real sockets, as a portal reaches the server.
/// One server per provider, shared by the classes of its collection (one demo database to seed, not one each).
/// </summary>
public sealed class SqliteSocketServer() : GrpcServer(new SqliteDemoDatabase(), overSockets: true)
{
    public const string Collection = "SQLite server over sockets";
}

public sealed class PostgresSocketServer() : GrpcServer(new PostgresDemoDatabase(), overSockets: true)
{
    public const string Collection = "PostgreSQL server over sockets";
}

[CollectionDefinition(SqliteSocketServer.Collection)]
public sealed class SqliteSocketServerCollection : ICollectionFixture<SqliteSocketServer>;

[CollectionDefinition(PostgresSocketServer.Collection)]
public sealed class PostgresSocketServerCollection : ICollectionFixture<PostgresSocketServer>;

/// <summary>An empty database and no Hangfire server: the tests' own clocks alone decide when a period is rolled up.</summary>
public sealed class SqliteEmptyGrpcServer() : GrpcServer(new SqliteEmptyDatabase(), runsJobs: false);

public sealed class PostgresEmptyGrpcServer() : GrpcServer(new PostgresEmptyDatabase(), runsJobs: false);
