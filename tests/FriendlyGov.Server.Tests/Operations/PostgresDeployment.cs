using System.Text.RegularExpressions;
using FriendlyGov.Data;
using FriendlyGov.Grpc.V1;
using FriendlyGov.Server.Staff;
using FriendlyGov.Testing;
using Grpc.Net.Client;
using FriendlyGov.Server.Tests.Sync;

namespace FriendlyGov.Server.Tests.Operations;

/// <summary>
/// A PostgreSQL deployment made as README's "Deploying on PostgreSQL" says, with the real server
/// process: a fresh database, `migrate`, `reference import` of the shipped samples and an API client
/// of the province made by `clients add`; then servers started on it, each on its own loopback ports,
/// from the build's folder (its appsettings.json: gRPC on its own HTTP/2 endpoint).
/// </summary>
internal sealed partial class PostgresDeployment : IAsyncDisposable
{
    private readonly List<ServerProcess> _servers = [];

    private PostgresDeployment(DatabaseOptions database, string key)
    {
        Database = database;
        Key = key;
    }

    public DatabaseOptions Database { get; }

    /// <summary>The key of the client `portal`: unit 38 (the province), every scope.</summary>
    public string Key { get; }

    public static async Task<PostgresDeployment> CreateAsync(DatabaseOptions? database = null)
    {
        database ??= await TestDatabases.NewPostgresAsync();
        await RunAsync(database, "migrate");
        await RunAsync(database, "reference", "import", "--units", ReferenceFiles.Sample("units.csv"), "--procedures", ReferenceFiles.Sample("procedures.csv"));
        var added = await RunAsync(database, "clients", "add", "--name", "portal", "--unit", "38", "--scopes", "all");
        return new PostgresDeployment(database, KeyLine().Match(added).Groups[1].Value);
    }

    /// <summary>A database prepared already (a restored copy, say), whose servers use this key; dropped when disposed.</summary>
    public static PostgresDeployment Existing(DatabaseOptions database, string key) => new(database, key);

    /// <summary>A server command on the database (migrate, reference, clients, users); its output, after checking it succeeded.</summary>
    public static async Task<string> RunAsync(DatabaseOptions database, params string[] args)
    {
        using var command = ServerProcess.Start(AppContext.BaseDirectory, args, Settings(database));
        var exitCode = await command.WaitAsync();
        Assert.True(exitCode == 0, $"`{string.Join(' ', args)}` exited with {exitCode}:\n{command.Text}");
        return command.Text;
    }

    /// <summary>A user of the role made by `users add`; the password it printed once.</summary>
    public async Task<string> AddUserAsync(string role, string unitCode, string name)
    {
        var added = await RunAsync(Database, "users", "add", "--role", role, "--unit", unitCode, "--name", name);
        return added.Split('\n').Single(l => l.StartsWith(UsersCommand.PasswordLinePrefix, StringComparison.Ordinal))[UsersCommand.PasswordLinePrefix.Length..].Trim();
    }

    /// <summary>Starts a server and waits until it is ready; stopped (if still running) when the deployment is disposed.</summary>
    public async Task<Server> StartServerAsync(params (string Name, string Value)[] settings)
    {
        var web = new Uri($"http://127.0.0.1:{ServerProcess.FreePort()}");
        var grpc = new Uri($"http://127.0.0.1:{ServerProcess.FreePort()}");
        var process = ServerProcess.Start(AppContext.BaseDirectory, [],
        [
            .. Settings(Database),
            ("Kestrel__Endpoints__Web__Url", web.ToString()),
            ("Kestrel__Endpoints__Grpc__Url", grpc.ToString()),
            .. settings,
        ]);
        _servers.Add(process);
        Assert.True(await process.WaitForOkAsync(new Uri(web, "/healthz/ready"), TimeSpan.FromSeconds(180)), "the server was not ready within three minutes:\n" + process.Text);
        return new Server(process, web, grpc, Key);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            server.Dispose();
        }

        await TestDatabases.DropAsync(Database);
    }

    private static (string, string)[] Settings(DatabaseOptions database) =>
        [("Database__Provider", "PostgreSql"), ("ConnectionStrings__FriendlyGov", database.ConnectionString)];

    [GeneratedRegex(@"^key: (\S+)$", RegexOptions.Multiline)]
    private static partial Regex KeyLine();

    /// <summary>One running server process: its web and gRPC addresses, and channels that carry the portal's key.</summary>
    internal sealed record Server(ServerProcess Process, Uri Web, Uri Grpc, string Key)
    {
        public GrpcChannel Channel() => GrpcChannel.ForAddress(Grpc, new GrpcChannelOptions
        {
            HttpHandler = new BearerKeyHandler(Key) { InnerHandler = new SocketsHttpHandler() },
        });

        /// <summary>Starts a full rollup of the province for a period and waits until it has ended (succeeded or failed).</summary>
        public async Task<GetRollupResponse> RollupAsync(int year, int quarter)
        {
            var indicators = new IndicatorService.IndicatorServiceClient(Channel());
            var started = await indicators.StartRollupAsync(new StartRollupRequest { UnitCode = "38", Period = new Period { Year = year, Quarter = quarter } }, deadline: DateTime.UtcNow.AddSeconds(30));
            return await WaitForRollupAsync(started.RollupId);
        }

        public async Task<GetRollupResponse> WaitForRollupAsync(long rollupId)
        {
            var indicators = new IndicatorService.IndicatorServiceClient(Channel());
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (true)
            {
                var rollup = await indicators.GetRollupAsync(new GetRollupRequest { RollupId = rollupId }, deadline: DateTime.UtcNow.AddSeconds(30));
                if (rollup.State is RollupState.Succeeded or RollupState.Failed || DateTime.UtcNow > deadline)
                {
                    return rollup;
                }

                await Task.Delay(250);
            }
        }
    }
}
