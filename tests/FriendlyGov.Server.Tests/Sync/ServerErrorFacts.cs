using FriendlyGov.Data;
using FriendlyGov.Domain.Clients;
using FriendlyGov.Grpc.V1;
using FriendlyGov.Server.Sync;
using Google.Rpc;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FriendlyGov.Server.Tests.Sync;

/// <summary>
/// An unexpected failure is INTERNAL with an error id that the server log carries with the stack
/// trace; in a sync stream it names its batch, and the batches before it stay committed. The
/// failure is real: a trigger the test puts on the dossiers table refuses one dossier code.
/// </summary>
public abstract class ServerErrorFacts<TServer>(TServer server)
    where TServer : GrpcServer
{
    private const string NewHoangPhu = "16999";

    [Fact]
    public async Task AnUnexpectedFailureIsInternalWithAnErrorIdThatTheLogCarriesWithTheStackTrace()
    {
        var client = new DossierService.DossierServiceClient(await server.ChannelForAsync("38", ClientScopes.All));
        var poisoned = WireDossiers.New(NewHoangPhu, "91", 1);
        await using var trigger = await RefusingTrigger.CreateAsync(server, poisoned.Code);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { poisoned } }, deadline: Soon()).ResponseAsync);

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        var info = error.GetRpcStatus()!.GetDetail<ErrorInfo>();
        var errorId = info.Metadata["error_id"];
        Assert.Contains(errorId, error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("provoked", error.Status.Detail, StringComparison.Ordinal);
        var logged = Assert.Single(server.Log.Entries, e => e.Text.Contains(errorId, StringComparison.Ordinal));
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Contains("provoked", logged.Text, StringComparison.Ordinal);
        Assert.Contains("   at ", logged.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailedSyncBatchEndsTheStreamNamingItsIndexAndTheEarlierBatchesStayCommitted()
    {
        var client = new DossierService.DossierServiceClient(await server.ChannelForAsync("38", ClientScopes.All));
        var batches = Enumerable.Range(0, 3)
            .Select(b => Enumerable.Range(1, 20).Select(i => WireDossiers.New(NewHoangPhu, "92", (b * 100) + i)).ToList())
            .ToList();
        await using var trigger = await RefusingTrigger.CreateAsync(server, batches[1][7].Code);

        using var call = client.SyncDossiers(deadline: Soon());
        try
        {
            foreach (var batch in batches)
            {
                await call.RequestStream.WriteAsync(new SyncDossiersRequest { Records = { batch } });
            }

            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The server ended the call at the failed batch: the rest could not be sent.
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        var info = error.GetRpcStatus()!.GetDetail<ErrorInfo>();
        Assert.Equal("1", info.Metadata["batch_index"]);
        Assert.Contains("Batch 1 failed", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(info.Metadata["error_id"], error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(server.Log.Entries, e => e.Level == LogLevel.Error && e.Text.Contains(info.Metadata["error_id"], StringComparison.Ordinal) && e.Text.Contains("   at ", StringComparison.Ordinal));
        await using var db = server.CreateContext();
        var stored = await db.Dossiers.Where(d => d.Code.StartsWith("000.92.")).Select(d => d.Code).ToListAsync();
        Assert.Equal(batches[0].Select(d => d.Code).Order(), stored.Order());
    }

    [Fact]
    public async Task AThrownStatusPassesUnchanged()
    {
        var client = new DossierService.DossierServiceClient(await server.ChannelForAsync("38", ClientScopes.DossiersRead));

        var error = await Assert.ThrowsAsync<RpcException>(() => client.GetDossierAsync(new GetDossierRequest { Code = "000.00.16999.H56-260302-999999" }, deadline: Soon()).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Null(error.GetRpcStatus());
    }

    private static DateTime Soon() => DateTime.UtcNow.AddSeconds(30);
}

/// <summary>A trigger that makes the database refuse to write one dossier code, dropped on dispose.</summary>
internal sealed class RefusingTrigger(GrpcServer server, string name) : IAsyncDisposable
{
    public static async Task<RefusingTrigger> CreateAsync(GrpcServer server, string code)
    {
        var name = $"refuse_{Guid.NewGuid():N}";
        await using var db = server.CreateContext();
        if (db.Provider == DatabaseProvider.PostgreSql)
        {
            var function = $"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.code = '{code}' THEN RAISE EXCEPTION 'provoked failure for {code}'; END IF; RETURN NEW; END $$";
            var trigger = $"CREATE TRIGGER {name} BEFORE INSERT OR UPDATE ON dossiers FOR EACH ROW EXECUTE FUNCTION {name}()";
            await db.Database.ExecuteSqlRawAsync(function);
            await db.Database.ExecuteSqlRawAsync(trigger);
        }
        else
        {
            var trigger = $"CREATE TRIGGER {name} BEFORE INSERT ON dossiers WHEN NEW.code = '{code}' BEGIN SELECT RAISE(ABORT, 'provoked failure for {code}'); END";
            await db.Database.ExecuteSqlRawAsync(trigger);
        }

        return new RefusingTrigger(server, name);
    }

    public async ValueTask DisposeAsync()
    {
        await using var db = server.CreateContext();
        var drop = db.Provider == DatabaseProvider.PostgreSql ? $"DROP TRIGGER {name} ON dossiers; DROP FUNCTION {name}()" : $"DROP TRIGGER {name}";
        await db.Database.ExecuteSqlRawAsync(drop);
    }
}

[Collection(SqliteSocketServer.Collection)]
public sealed class ServerErrorFactsOnSqlite(SqliteSocketServer server) : ServerErrorFacts<SqliteSocketServer>(server);

[Collection(PostgresSocketServer.Collection)]
public sealed class ServerErrorFactsOnPostgres(PostgresSocketServer server) : ServerErrorFacts<PostgresSocketServer>(server);
