using FriendlyGov.Data;
using Npgsql;

namespace FriendlyGov.Testing;

/// <summary>
/// Real databases for tests: a fresh SQLite file, or a fresh database on the throwaway
/// PostgreSQL server that ./test.sh starts (FRIENDLYGOV_TEST_POSTGRES). Each fixture gets its own.
/// </summary>
public static class TestDatabases
{
    public const string PostgresVariable = "FRIENDLYGOV_TEST_POSTGRES";

    public static string PostgresServer =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value ? value
            : throw new InvalidOperationException($"{PostgresVariable} is not set: run the tests with ./test.sh, which starts PostgreSQL for them.");

    public static DatabaseOptions NewSqlite() =>
        new(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(Path.GetTempPath(), $"friendlygov-test-{Guid.NewGuid():N}.db")}");

    public static async Task<DatabaseOptions> NewPostgresAsync()
    {
        var name = $"fg_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(PostgresServer))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new(DatabaseProvider.PostgreSql, new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name }.ConnectionString);
    }

    public static async Task DropAsync(DatabaseOptions options)
    {
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.ConnectionString).DataSource;
            foreach (var part in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(part);
            }

            return;
        }

        NpgsqlConnection.ClearAllPools();
        var name = new NpgsqlConnectionStringBuilder(options.ConnectionString).Database;
        await using var connection = new NpgsqlConnection(PostgresServer);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>A migrated database of one provider, with or without the demo data, for one test class.</summary>
public abstract class DatabaseFixture(DatabaseProvider provider, bool seedDemoData) : IAsyncLifetime
{
    private DatabaseOptions? _options;

    public DatabaseProvider Provider { get; } = provider;

    public DatabaseOptions Options => _options ?? throw new InvalidOperationException("The fixture is not initialised.");

    public FriendlyGovDbContext CreateContext() => DatabaseSetup.CreateContext(Options);

    public async Task InitializeAsync()
    {
        _options = Provider == DatabaseProvider.Sqlite ? TestDatabases.NewSqlite() : await TestDatabases.NewPostgresAsync();
        await using var db = CreateContext();
        await DatabaseInitializer.MigrateAsync(db);
        if (seedDemoData)
        {
            await DatabaseInitializer.SeedDemoDataAsync(db);
        }
    }

    public Task DisposeAsync() => _options is null ? Task.CompletedTask : TestDatabases.DropAsync(_options);
}

public sealed class SqliteDemoDatabase() : DatabaseFixture(DatabaseProvider.Sqlite, seedDemoData: true);

public sealed class PostgresDemoDatabase() : DatabaseFixture(DatabaseProvider.PostgreSql, seedDemoData: true);

public sealed class SqliteEmptyDatabase() : DatabaseFixture(DatabaseProvider.Sqlite, seedDemoData: false);

public sealed class PostgresEmptyDatabase() : DatabaseFixture(DatabaseProvider.PostgreSql, seedDemoData: false);
