using FriendlyGov.Data;
using FriendlyGov.Data.Staff;
using FriendlyGov.Domain.Units;
using FriendlyGov.Testing;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Tests;

/// <summary>The operator's commands as typed in a shell: the usage, and configuration options wherever they stand.</summary>
public sealed class CommandUsageFacts
{
    [Theory]
    [InlineData("help")]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task HelpPrintsTheUsageAndExitsWithoutStartingTheServer(string help)
    {
        var directory = Directory.CreateTempSubdirectory("friendlygov-help-");
        try
        {
            using var process = ServerProcess.Start(directory.FullName, ["--Database:Provider=Sqlite", help]);
            Assert.Equal(0, await process.WaitAsync());
            var output = process.Output.ToString();
            Assert.Contains("usage: FriendlyGov.Server", output, StringComparison.Ordinal);
            Assert.Contains("users set-role", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Now listening", output, StringComparison.Ordinal);
            Assert.Empty(directory.GetFiles()); // no database was created, let alone served
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("--ConnectionStrings:FriendlyGov", "Data Source=elsewhere.db", "serve")]
    [InlineData("migrate", "now")]
    public async Task AnUnknownCommandPrintsTheUsageAndFailsWithoutStartingTheServer(params string[] args)
    {
        var directory = Directory.CreateTempSubdirectory("friendlygov-unknown-");
        try
        {
            using var process = ServerProcess.Start(directory.FullName, args);
            Assert.Equal(1, await process.WaitAsync());
            var output = process.Output.ToString();
            Assert.Contains("usage: FriendlyGov.Server", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Now listening", output, StringComparison.Ordinal);
            Assert.Empty(directory.GetFiles());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}

/// <summary>
/// `--ConnectionStrings:FriendlyGov` given to a command, before or after its name, sends it to that second
/// database and only there, while the environment names a first one; `migrate` says what it applied; and the
/// `users` commands disable, enable and change a role, never the last admin of the root.
/// </summary>
public abstract class CommandLineFacts(DatabaseProvider provider)
{
    [Fact]
    public async Task ACommandGivenASecondDatabaseWritesThereAndOnlyThere()
    {
        var first = await NewDatabaseAsync();
        var second = await NewDatabaseAsync();
        try
        {
            (string, string)[] environment = [("Database__Provider", provider.ToString()), ("ConnectionStrings__FriendlyGov", first.ConnectionString)];
            var secondOption = $"--ConnectionStrings:FriendlyGov={second.ConnectionString}";

            var (code, output) = await RunAsync(environment, "migrate");
            Assert.True(code == 0, output);
            Assert.Contains("AddAdministration", output, StringComparison.Ordinal);
            (code, output) = await RunAsync(environment, secondOption, "migrate");
            Assert.True(code == 0, output);
            Assert.Matches(@"Applied \d+ migration\(s\) to the", output);
            Assert.Contains("day(s) of the shipped holiday table", output, StringComparison.Ordinal);
            (code, output) = await RunAsync(environment, "migrate", secondOption);
            Assert.True(code == 0, output);
            Assert.Contains("No migration to apply", output, StringComparison.Ordinal);

            // The same root unit in both, so that a command that went to the wrong database would succeed there unnoticed.
            foreach (var database in new[] { first, second })
            {
                await using var db = DatabaseSetup.CreateContext(database);
                db.Units.Add(AdministrativeUnit.Create("38", "Thanh Hóa", UnitLevel.Province, null, new DateOnly(2000, 1, 1)));
                await db.SaveChangesAsync();
            }

            (code, output) = await RunAsync(environment, "users", "add", "--name", "root.admin", "--role", "admin", "--unit", "38", secondOption);
            Assert.True(code == 0, output);
            Assert.Contains("Password (shown once): ", output, StringComparison.Ordinal);
            (code, output) = await RunAsync(environment, "--ConnectionStrings:FriendlyGov", second.ConnectionString, "users", "add", "--name", "second.admin", "--role", "admin", "--unit", "38");
            Assert.True(code == 0, output);

            Assert.Equal(["root.admin", "second.admin"], await UserNamesAsync(second));
            Assert.Empty(await UserNamesAsync(first));
            (code, output) = await RunAsync(environment, "users", "list");
            Assert.True(code == 0 && !output.Contains("root.admin", StringComparison.Ordinal), output);

            (code, output) = await RunAsync(environment, secondOption, "users", "disable", "--name", "root.admin");
            Assert.True(code == 0, output);
            (code, output) = await RunAsync(environment, "users", "disable", "--name", "second.admin", secondOption);
            Assert.Equal(1, code);
            Assert.Contains("last admin of the root unit", output, StringComparison.Ordinal);
            (code, output) = await RunAsync(environment, "users", "set-role", "--name", "second.admin", "--role", "officer", secondOption);
            Assert.Equal(1, code);
            (code, output) = await RunAsync(environment, "users", "list", secondOption);
            Assert.Matches(@"root\.admin\tadmin\tunit 38 \(Thanh Hóa\)\t[^\n]*disabled since", output);
            Assert.Matches(@"second\.admin\tadmin\t[^\n]*active", output);

            (code, output) = await RunAsync(environment, "users", "enable", "--name", "root.admin", secondOption);
            Assert.True(code == 0, output);
            (code, output) = await RunAsync(environment, "users", "set-role", "--name", "second.admin", "--role", "leader", secondOption);
            Assert.True(code == 0, output);
            (code, output) = await RunAsync(environment, "users", "list", secondOption);
            Assert.Matches(@"root\.admin\tadmin\t[^\n]*active", output);
            Assert.Matches(@"second\.admin\tleader\t", output);

            await using var check = DatabaseSetup.CreateContext(second);
            var audit = await check.AuditEntries.AsNoTracking().Where(a => a.RecordType == "staff_user").ToListAsync();
            Assert.Equal(5, audit.Count); // two created, disabled, enabled, role changed
            Assert.All(audit, a => Assert.StartsWith("command", a.UserName, StringComparison.Ordinal));
        }
        finally
        {
            await TestDatabases.DropAsync(first);
            await TestDatabases.DropAsync(second);
        }
    }

    private async Task<DatabaseOptions> NewDatabaseAsync() =>
        provider == DatabaseProvider.Sqlite ? TestDatabases.NewSqlite() : await TestDatabases.NewPostgresAsync();

    private static async Task<List<string>> UserNamesAsync(DatabaseOptions database)
    {
        await using var db = DatabaseSetup.CreateContext(database);
        return await db.Users.Select(u => u.UserName!).OrderBy(n => n).ToListAsync();
    }

    private static async Task<(int Code, string Output)> RunAsync((string, string)[] environment, params string[] args)
    {
        using var process = ServerProcess.Start(Path.GetTempPath(), args, environment);
        var code = await process.WaitAsync();
        return (code, process.Output.ToString());
    }
}

public sealed class SqliteCommandLineFacts() : CommandLineFacts(DatabaseProvider.Sqlite);

public sealed class PostgresCommandLineFacts() : CommandLineFacts(DatabaseProvider.PostgreSql);
