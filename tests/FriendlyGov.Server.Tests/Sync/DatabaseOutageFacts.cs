using FriendlyGov.Domain.Clients;
using FriendlyGov.Grpc.V1;
using FriendlyGov.Testing;
using Google.Rpc;
using Grpc.Core;
using Npgsql;

namespace FriendlyGov.Server.Tests.Sync;

/// <summary>
/// A PostgreSQL outage for real: the server's database stops accepting connections and its sessions
/// are terminated (pg_terminate_backend). Calls are UNAVAILABLE with a hint to retry, never UNKNOWN,
/// and succeed again once the database is back.
/// </summary>
public sealed class DatabaseOutageFacts(PostgresEmptyGrpcServer server) : IClassFixture<PostgresEmptyGrpcServer>
{
    [Fact]
    public async Task WhileTheDatabaseIsUnreachableCallsAreUnavailableWithARetryHintAndSucceedOnceItIsBack()
    {
        await using (var db = server.CreateContext())
        {
            db.Units.Add(Domain.Units.AdministrativeUnit.Create("97", "Tỉnh Thử Mất Kết Nối", Domain.Units.UnitLevel.Province, null, new DateOnly(2000, 1, 1)));
            await db.SaveChangesAsync();
        }

        var client = new ReferenceService.ReferenceServiceClient(await server.ChannelForAsync("97", ClientScopes.DossiersRead));
        await client.ListUnitsAsync(new ListUnitsRequest(), deadline: Soon());
        var database = new NpgsqlConnectionStringBuilder(server.Database.Options.ConnectionString).Database;

        var errors = new List<RpcException>();
        try
        {
            await AdministerAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false");
            await AdministerAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'");
            for (var call = 0; call < 3; call++)
            {
                errors.Add(await Assert.ThrowsAsync<RpcException>(() => client.ListUnitsAsync(new ListUnitsRequest(), deadline: Soon()).ResponseAsync));
            }
        }
        finally
        {
            await AdministerAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true");
        }

        var after = await client.ListUnitsAsync(new ListUnitsRequest(), deadline: Soon());

        Assert.All(errors, error =>
        {
            Assert.Equal(StatusCode.Unavailable, error.StatusCode);
            Assert.Contains("retry", error.Status.Detail, StringComparison.Ordinal);
            Assert.Equal("1000", error.Trailers.GetValue("grpc-retry-pushback-ms"));
            Assert.Equal(1, error.GetRpcStatus()!.GetDetail<RetryInfo>().RetryDelay.Seconds);
        });
        Assert.Contains(after.Units, u => u.Code == "97");
    }

    private static async Task AdministerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestDatabases.PostgresServer);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static DateTime Soon() => DateTime.UtcNow.AddSeconds(30);
}

public sealed class PostgresEmptyGrpcServer() : GrpcServer(new PostgresEmptyDatabase());
