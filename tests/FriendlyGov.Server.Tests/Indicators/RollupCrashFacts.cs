using FriendlyGov.Data;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Clients;
using FriendlyGov.Domain.Units;
using FriendlyGov.Grpc.V1;
using FriendlyGov.Server.Indicators;
using FriendlyGov.Server.Tests.Sync;
using FriendlyGov.Testing;
using Grpc.Net.Client;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using IndicatorService = FriendlyGov.Grpc.V1.IndicatorService;
using Period = FriendlyGov.Domain.Period;
using UnitLevel = FriendlyGov.Domain.Units.UnitLevel;
using WirePeriod = FriendlyGov.Grpc.V1.Period;

namespace FriendlyGov.Server.Tests.Indicators;

/// <summary>
/// Real server processes on one PostgreSQL database, one of them killed with SIGKILL in the middle
/// of a rollup. The rollup is held mid-way by the test itself: it holds the period's replace lock, so
/// the run waits inside its replacing transaction until the test lets go.
/// </summary>
public sealed class RollupCrashFacts
{
    private static readonly Period Quarter = new(2025, 4);

    [Fact]
    public async Task ARollupKilledWithItsServerIsMarkedFailedAndRunAgainWhenAServerStartsButALiveOneIsLeftAlone()
    {
        var database = await TestDatabases.NewPostgresAsync();
        var servers = new List<ServerProcess>();
        try
        {
            var key = await PrepareAsync(database);
            (ServerProcess Process, GrpcChannel Channel, Uri Health) StartServer()
            {
                var (web, grpc) = (ServerProcess.FreePort(), ServerProcess.FreePort());
                var server = ServerProcess.Start(Path.GetTempPath(), [],
                    ("Database__Provider", "PostgreSql"),
                    // The held run's DELETE waits for the test's lock longer than Npgsql's default 30 s: a server start may take that long on a loaded machine.
                    ("ConnectionStrings__FriendlyGov", database.ConnectionString + ";Command Timeout=300"),
                    ("Kestrel__Endpoints__Web__Url", $"http://127.0.0.1:{web}"),
                    ("Kestrel__Endpoints__Grpc__Url", $"http://127.0.0.1:{grpc}"),
                    ("Kestrel__Endpoints__Grpc__Protocols", "Http2"));
                servers.Add(server);
                var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpc}", new GrpcChannelOptions { HttpHandler = new BearerKeyHandler(key) { InnerHandler = new SocketsHttpHandler() } });
                return (server, channel, new Uri($"http://127.0.0.1:{web}/healthz"));
            }

            async Task<(ServerProcess Process, GrpcChannel Channel)> StartHealthyAsync(string name)
            {
                var (server, channel, health) = StartServer();
                Assert.True(await server.WaitForOkAsync(health, TimeSpan.FromMinutes(2)), $"the {name} server did not start:\n" + server.Text);
                return (server, channel);
            }

            var (first, firstChannel) = await StartHealthyAsync("first");

            await using var holder = new NpgsqlConnection(database.ConnectionString);
            await holder.OpenAsync();
            await using var hold = await HoldPeriodAsync(holder, Quarter);

            var rollupId = (await new IndicatorService.IndicatorServiceClient(firstChannel).StartRollupAsync(
                new StartRollupRequest { UnitCode = "9100", Period = new WirePeriod { Year = Quarter.Year, Quarter = Quarter.Quarter } },
                deadline: DateTime.UtcNow.AddSeconds(30))).RollupId;
            await WaitUntilAsync(() => ScalarAsync<long>(database, WaitingForThePeriod), n => n == 1, TimeSpan.FromMinutes(2), "the rollup never came to replace the quarter's snapshots");

            // A second server starting meanwhile must not take the live run for a dead one.
            var (second, secondChannel) = await StartHealthyAsync("second");
            Assert.True((await GetAsync(secondChannel, rollupId)).State == RollupState.Running, "the live run is not running:\n" + first.Text);
            Assert.DoesNotContain("marked failed", second.Text, StringComparison.Ordinal);
            var secondLogBeforeTheKill = second.Text.Length;

            first.KillHard();
            await hold.RollbackAsync();

            var restarted = DateTime.UtcNow;
            var (third, thirdChannel, _) = StartServer();
            var state = await WaitUntilAsync(() => GetAsync(thirdChannel, rollupId), s => s.State == RollupState.Succeeded, TimeSpan.FromSeconds(60) - (DateTime.UtcNow - restarted), "the killed rollup did not succeed within 60 s of the restart:\n" + third.Text);
            Assert.Equal(state.UnitsTotal, state.UnitsDone);

            // Marked failed once: by the restarted server at its start, or by the live one's quarter-to-date run if that came after the kill.
            var marked = $"Rollup {rollupId} was running on a server that stopped: marked failed and queued again.";
            Assert.Equal(1, Count(third.Text, marked) + Count(second.Text[secondLogBeforeTheKill..], marked));

            // Every run ends, including the quarter-to-date runs queued at each start: none waits on a lock the dead server left.
            await WaitUntilAsync(() => ScalarAsync<long>(database, $"SELECT count(*) FROM rollup_runs WHERE state <> {(int)Domain.Indicators.RollupState.Succeeded}"), n => n == 0, TimeSpan.FromSeconds(60) - (DateTime.UtcNow - restarted), "runs still unfinished 60 s after the restart");
            await using var db = DatabaseSetup.CreateContext(database);
            Assert.Equal(3 * Domain.Indicators.IndicatorCatalogue.All.Count, await db.IndicatorSnapshots.CountAsync(s => s.PeriodKey == Quarter.Key));
        }
        finally
        {
            foreach (var server in servers)
            {
                server.Dispose();
            }

            await TestDatabases.DropAsync(database);
        }
    }

    /// <summary>A province with two communes, the quarter rolled up once (so that it has snapshots), and a client key.</summary>
    private static async Task<string> PrepareAsync(DatabaseOptions database)
    {
        await using var db = DatabaseSetup.CreateContext(database);
        await DatabaseInitializer.MigrateAsync(db);
        var validFrom = new DateOnly(2024, 1, 1);
        var province = AdministrativeUnit.Create("9100", "Tỉnh kiểm thử", UnitLevel.Province, null, validFrom);
        db.Units.Add(province);
        await db.SaveChangesAsync();
        db.Units.AddRange(
            AdministrativeUnit.Create("9101", "Xã một", UnitLevel.Commune, province, validFrom),
            AdministrativeUnit.Create("9102", "Xã hai", UnitLevel.Commune, province, validFrom));
        var (client, key) = ApiClient.Create("crash-test", province, ClientScopes.IndicatorsRead | ClientScopes.RollupsWrite, DateTime.UtcNow);
        db.ApiClients.Add(client);
        await db.SaveChangesAsync();
        await new RollupService(db, TimeProvider.System).FullAsync(null, Quarter, null, CancellationToken.None);
        return key;
    }

    /// <summary>Backends waiting for a period's replace lock (a rollup about to replace its snapshots).</summary>
    internal const string WaitingForThePeriod = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory' AND query LIKE '%pg_advisory_xact_lock%'";

    /// <summary>
    /// Holds the period's replace lock in a transaction of the test's (<see cref="RollupService.SnapshotReplaceLock"/>): a
    /// rollup of the period waits inside its replacing transaction, its figures computed, until the test lets go.
    /// </summary>
    internal static async Task<NpgsqlTransaction> HoldPeriodAsync(NpgsqlConnection holder, Period period)
    {
        var hold = await holder.BeginTransactionAsync();
        await ExecuteAsync(holder, $"SELECT pg_advisory_xact_lock({RollupService.SnapshotReplaceLock}, {period.Key})");
        return hold;
    }

    internal static Task<GetRollupResponse> GetAsync(GrpcChannel channel, long rollupId) =>
        new IndicatorService.IndicatorServiceClient(channel).GetRollupAsync(new GetRollupRequest { RollupId = rollupId }, deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync;

    internal static async Task<T> WaitUntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan limit, string failure)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            try
            {
                var value = await read();
                if (done(value))
                {
                    return value;
                }
            }
            catch (global::Grpc.Core.RpcException) when (DateTime.UtcNow < deadline)
            {
                // The server is still starting.
            }

            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(250);
        }
    }

    internal static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static int Count(string text, string line) => text.Split(line).Length - 1;

    /// <summary>On a connection of its own: inside a transaction, pg_stat_activity would show the same snapshot every time.</summary>
    internal static async Task<T> ScalarAsync<T>(DatabaseOptions database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
