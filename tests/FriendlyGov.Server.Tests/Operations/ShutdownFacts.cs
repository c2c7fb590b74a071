using System.Diagnostics;
using FriendlyGov.Grpc.V1;
using FriendlyGov.Server.Tests.Sync;
using Npgsql;

namespace FriendlyGov.Server.Tests.Operations;

/// <summary>A graceful stop of the real server process on PostgreSQL, as an orchestrator asks for it (SIGTERM).</summary>
public sealed class ShutdownFacts
{
    [Fact]
    public async Task OnSigtermTheSyncInFlightEndsAndTheJobServerLeavesBeforeTheProcessExits()
    {
        await using var deployment = await PostgresDeployment.CreateAsync();
        var server = await deployment.StartServerAsync();
        Assert.Equal(1L, await JobServersAsync(deployment));

        using var sync = new DossierService.DossierServiceClient(server.Channel()).SyncDossiers(deadline: DateTime.UtcNow.AddSeconds(60));
        await sync.RequestStream.WriteAsync(new SyncDossiersRequest { Records = { WireDossiers.New("16999", "71", 1) } });
        Terminate(server.Process.Process);
        await sync.RequestStream.WriteAsync(new SyncDossiersRequest { Records = { WireDossiers.New("16999", "71", 2) } });
        await sync.RequestStream.CompleteAsync();
        var response = await sync.ResponseAsync;

        Assert.Equal((2, 2L), (response.BatchCount, response.Totals.AppliedCount));
        Assert.Equal(0, await server.Process.WaitAsync());
        Assert.Equal(0L, await JobServersAsync(deployment));
    }

    private static void Terminate(Process process)
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Hangfire's servers registered in the job storage (each removes its own row when it stops).</summary>
    private static async Task<long> JobServersAsync(PostgresDeployment deployment)
    {
        await using var connection = new NpgsqlConnection(deployment.Database.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM hangfire.server", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
