using FriendlyGov.Data;
using FriendlyGov.Testing;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Tests;

/// <summary>
/// The real server process, as an operator starts it: no configuration on a fresh directory,
/// the migrate command on PostgreSQL, and clear one-line errors for bad database settings.
/// </summary>
public sealed class ServerProcessFacts
{
    [Fact]
    public async Task WithNoConfigurationItCreatesSeedsAndServesTheEmbeddedDatabase()
    {
        var directory = Directory.CreateTempSubdirectory("friendlygov-run-");
        try
        {
            var port = FreePort();
            using var server = Start(directory.FullName, [], ("Kestrel__Endpoints__Web__Url", $"http://127.0.0.1:{port}"), ("Kestrel__Endpoints__Grpc__Url", $"http://127.0.0.1:{FreePort()}"));
            // Seeding takes 20–40 s alone; a loaded CI machine may take several times that.
            Assert.True(await server.WaitForOkAsync(new Uri($"http://127.0.0.1:{port}/healthz"), TimeSpan.FromSeconds(300)), "no healthy /healthz within five minutes:\n" + server.Output);
            Assert.True(File.Exists(Path.Combine(directory.FullName, "friendlygov.db")));
            Assert.Contains($"Now listening on: http://127.0.0.1:{port}", server.Output.ToString(), StringComparison.Ordinal);
            Assert.Contains("Seeded demo data", server.Output.ToString(), StringComparison.Ordinal);

            // Kestrel's own answers too: no banner, and the admin's headers.
            using var http = new HttpClient();
            using var login = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/login"));
            Assert.False(login.Headers.Contains("Server"), "a Server header: " + string.Join(", ", login.Headers.Server));
            Assert.Equal(Hosting.WebHardening.ContentSecurityPolicy, string.Join(", ", login.Headers.GetValues("Content-Security-Policy")));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task AnUnreachablePostgresGivesOneClearLineAndNoStackTrace()
    {
        var port = FreePort(); // nothing listens there
        using var server = Start(Path.GetTempPath(), [],
            ("Database__Provider", "PostgreSql"),
            ("ConnectionStrings__FriendlyGov", $"Host=127.0.0.1;Port={port};Database=friendlygov;Username=fg;Password=secret;Timeout=3"));

        var exitCode = await server.WaitAsync();
        var output = server.Output.ToString();

        Assert.Equal(2, exitCode);
        Assert.Contains("cannot reach its database", output, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:FriendlyGov", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostgresWithoutAConnectionStringNamesTheSetting()
    {
        using var server = Start(Path.GetTempPath(), [], ("Database__Provider", "PostgreSql"), ("ConnectionStrings__FriendlyGov", ""));

        Assert.Equal(2, await server.WaitAsync());
        Assert.Contains("ConnectionStrings:FriendlyGov is empty", server.Output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheMigrateCommandPreparesPostgresAndTheServerRefusesAnUnmigratedOne()
    {
        var database = await TestDatabases.NewPostgresAsync();
        try
        {
            var settings = new[] { ("Database__Provider", "PostgreSql"), ("ConnectionStrings__FriendlyGov", database.ConnectionString), ("Kestrel__Endpoints__Web__Url", $"http://127.0.0.1:{FreePort()}"), ("Kestrel__Endpoints__Grpc__Url", $"http://127.0.0.1:{FreePort()}") };
            using (var refused = Start(Path.GetTempPath(), [], settings))
            {
                Assert.Equal(2, await refused.WaitAsync());
                Assert.Contains("-- migrate", refused.Output.ToString(), StringComparison.Ordinal);
            }

            using (var migrate = Start(Path.GetTempPath(), ["migrate"], settings))
            {
                Assert.True(await migrate.WaitAsync() == 0, migrate.Output.ToString());
            }

            await using var db = DatabaseSetup.CreateContext(database);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.True(await db.CalendarDays.AnyAsync());
            Assert.False(await db.Units.AnyAsync(), "migrate alone seeds no demo data on PostgreSQL");
        }
        finally
        {
            await TestDatabases.DropAsync(database);
        }
    }

    private static int FreePort() => ServerProcess.FreePort();

    private static ServerProcess Start(string workingDirectory, string[] args, params (string Name, string Value)[] environment) =>
        ServerProcess.Start(workingDirectory, args, environment);
}
