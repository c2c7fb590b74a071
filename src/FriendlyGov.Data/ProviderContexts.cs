using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

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
