using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FriendlyGov.Data;

/// <summary>Production: PostgreSQL. Migrations in Migrations/Postgres.</summary>
public sealed class PostgresDbContext(DbContextOptions<PostgresDbContext> options) : FriendlyGovDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}

/// <summary>The embedded default: one SQLite file. Migrations in Migrations/Sqlite.</summary>
public sealed class SqliteDbContext(DbContextOptions<SqliteDbContext> options) : FriendlyGovDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    // SQLite keeps times as text without a zone: every stored time is UTC, so say so when reading it back.
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

// Used only by `dotnet ef` (scripts/add-migration.sh): no database is contacted to create a migration.
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresDbContext>
{
    public PostgresDbContext CreateDbContext(string[] args) =>
        new(DatabaseSetup.Configure(new DbContextOptionsBuilder<PostgresDbContext>(), DatabaseProvider.PostgreSql, "Host=localhost;Database=friendlygov").Options);
}

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteDbContext>
{
    public SqliteDbContext CreateDbContext(string[] args) =>
        new(DatabaseSetup.Configure(new DbContextOptionsBuilder<SqliteDbContext>(), DatabaseProvider.Sqlite, "Data Source=design.db").Options);
}
