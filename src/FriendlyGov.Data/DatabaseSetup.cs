using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace FriendlyGov.Data;

/// <summary>Where the records live: the provider and its connection string.</summary>
public sealed record DatabaseOptions(DatabaseProvider Provider, string ConnectionString)
{
    public const string DefaultSqliteConnection = "Data Source=friendlygov.db";

    public static DatabaseOptions Parse(string? provider, string? connectionString)
    {
        var parsed = provider?.Trim().ToUpperInvariant() switch
        {
            null or "" or "SQLITE" => DatabaseProvider.Sqlite,
            "POSTGRESQL" or "POSTGRES" or "NPGSQL" => DatabaseProvider.PostgreSql,
            _ => throw new ArgumentException($"Database:Provider must be Sqlite or PostgreSql, not '{provider}'."),
        };
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = parsed == DatabaseProvider.Sqlite ? DefaultSqliteConnection
                : throw new ArgumentException("Database:Provider is PostgreSql but ConnectionStrings:FriendlyGov is empty.");
        }

        return new DatabaseOptions(parsed, connectionString);
    }
}

public static class DatabaseSetup
{
    public static DbContextOptionsBuilder<T> Configure<T>(DbContextOptionsBuilder<T> builder, DatabaseProvider provider, string connectionString)
        where T : DbContext
    {
        if (provider == DatabaseProvider.PostgreSql)
        {
            builder.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"));
        }
        else
        {
            builder.UseSqlite(connectionString, sqlite => sqlite.MigrationsHistoryTable("__ef_migrations_history"));
            builder.AddInterceptors(SqliteBusyTimeout.Instance);
        }

        builder.UseSnakeCaseNamingConvention();
        return builder;
    }

    /// <summary>Registers the provider's context, reachable as <see cref="FriendlyGovDbContext"/>.</summary>
    public static IServiceCollection AddFriendlyGovData(this IServiceCollection services, DatabaseOptions options)
    {
        services.AddSingleton(options);
        if (options.Provider == DatabaseProvider.PostgreSql)
        {
            services.AddDbContext<PostgresDbContext>(b => Configure((DbContextOptionsBuilder<PostgresDbContext>)b, options.Provider, options.ConnectionString));
            services.AddScoped<FriendlyGovDbContext>(sp => sp.GetRequiredService<PostgresDbContext>());
        }
        else
        {
            services.AddDbContext<SqliteDbContext>(b => Configure((DbContextOptionsBuilder<SqliteDbContext>)b, options.Provider, options.ConnectionString));
            services.AddScoped<FriendlyGovDbContext>(sp => sp.GetRequiredService<SqliteDbContext>());
        }

        return services;
    }

    /// <summary>A context outside dependency injection: the CLI commands and tests.</summary>
    public static FriendlyGovDbContext CreateContext(DatabaseOptions options) =>
        options.Provider == DatabaseProvider.PostgreSql
            ? new PostgresDbContext(Configure(new DbContextOptionsBuilder<PostgresDbContext>(), options.Provider, options.ConnectionString).Options)
            : new SqliteDbContext(Configure(new DbContextOptionsBuilder<SqliteDbContext>(), options.Provider, options.ConnectionString).Options);
}

/// <summary>
/// SQLite has one writer at a time. Every connection waits for it (up to 30 s) instead of failing
/// at once with "database is locked"; in WAL mode, set once on the file when it is migrated
/// (<see cref="DatabaseInitializer.MigrateAsync"/>), readers never wait for it.
/// </summary>
internal sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    public static readonly SqliteBusyTimeout Instance = new();

    /// <summary>Microsoft.Data.Sqlite's default command timeout: a writer that holds the lock longer is an outage, reported as such.</summary>
    private const string Pragma = "PRAGMA busy_timeout = 30000";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
