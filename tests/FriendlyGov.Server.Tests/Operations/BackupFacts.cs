using System.Diagnostics;
using FriendlyGov.Data;
using FriendlyGov.Grpc.V1;
using FriendlyGov.Server.Tests.Sync;
using FriendlyGov.Testing;
using Grpc.Core;
using Npgsql;

namespace FriendlyGov.Server.Tests.Operations;

/// <summary>
/// README's backup and restore, run as written (scripts/backup-database.sh and restore-database.sh)
/// against a database that a real server process is writing to; then a server on the restored copy.
/// </summary>
public sealed class BackupFacts
{
    private const string Unit = "16999";

    [Fact]
    public async Task ARestoredBackupShowsTheSameScorecardAndTheChangeFeedResumesFromATokenTakenBeforeIt()
    {
        await using var deployment = await PostgresDeployment.CreateAsync();
        var original = await deployment.StartServerAsync();
        await SyncAsync(original, 1, 2, 3);
        Assert.Equal(RollupState.Succeeded, (await original.RollupAsync(2026, 1)).State);
        var (_, token) = await ReadFeedAsync(original, "");
        await SyncAsync(original, 4, 5);
        var scorecard = await ScorecardAsync(original);

        var directory = Directory.CreateTempSubdirectory("fg-backup-");
        var restoredName = $"fg_restored_{Guid.NewGuid():N}";
        var restored = new DatabaseOptions(DatabaseProvider.PostgreSql, new NpgsqlConnectionStringBuilder(deployment.Database.ConnectionString) { Database = restoredName }.ConnectionString);
        try
        {
            var file = Path.Combine(directory.FullName, "friendlygov.dump");
            await ScriptAsync("backup-database.sh", [file], new NpgsqlConnectionStringBuilder(deployment.Database.ConnectionString).Database!);
            await ScriptAsync("restore-database.sh", [file, restoredName], null);

            await using var copy = PostgresDeployment.Existing(restored, deployment.Key);
            var server = await copy.StartServerAsync();

            Assert.Equal(scorecard, await ScorecardAsync(server));
            var (changes, _) = await ReadFeedAsync(server, token);
            Assert.Equal([4, 5], changes.Select(c => int.Parse(c.Dossier.Code[^6..], System.Globalization.CultureInfo.InvariantCulture)));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task SyncAsync(PostgresDeployment.Server server, params int[] sequences)
    {
        var response = await new DossierService.DossierServiceClient(server.Channel()).UpsertDossiersAsync(
            new UpsertDossiersRequest { Records = { sequences.Select(i => WireDossiers.New(Unit, "81", i)) } }, deadline: DateTime.UtcNow.AddSeconds(60));
        Assert.Equal(sequences.Length, response.Totals.AppliedCount);
    }

    private static async Task<GetScorecardResponse> ScorecardAsync(PostgresDeployment.Server server) =>
        await new IndicatorService.IndicatorServiceClient(server.Channel()).GetScorecardAsync(
            new GetScorecardRequest { UnitCode = Unit, Period = new Period { Year = 2026, Quarter = 1 } }, deadline: DateTime.UtcNow.AddSeconds(60));

    /// <summary>The change feed after a token up to where it is caught up, and the token to resume from.</summary>
    private static async Task<(List<Change> Changes, string Token)> ReadFeedAsync(PostgresDeployment.Server server, string after)
    {
        var changes = new List<Change>();
        using var call = new ChangeFeedService.ChangeFeedServiceClient(server.Channel()).WatchChanges(new WatchChangesRequest { ResumeToken = after }, deadline: DateTime.UtcNow.AddSeconds(60));
        await foreach (var message in call.ResponseStream.ReadAllAsync())
        {
            if (message.Change is { } change)
            {
                changes.Add(change);
            }
            else if (message.Heartbeat is { CaughtUp: true } heartbeat)
            {
                return (changes, heartbeat.ResumeToken);
            }
        }

        throw new InvalidOperationException("The change feed ended without catching up.");
    }

    /// <summary>Runs a script of scripts/ as README shows it, with the libpq variables of the test's PostgreSQL server.</summary>
    private static async Task ScriptAsync(string script, string[] args, string? database)
    {
        var server = new NpgsqlConnectionStringBuilder(TestDatabases.PostgresServer);
        var start = new ProcessStartInfo(Path.Combine(Repository.Root, "scripts", script)) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PGHOST"] = server.Host;
        start.Environment["PGPORT"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = server.Username;
        if (database is not null)
        {
            start.Environment["PGDATABASE"] = database;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{script} exited with {process.ExitCode}:\n{await output}\n{await errors}");
    }
}
