using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FriendlyGov.Data;

/// <summary>What a failed write means, the same on both providers.</summary>
public static class DatabaseErrors
{
    /// <summary>The write broke a unique constraint (another writer stored the same row first), through EF Core or straight from the provider (COPY).</summary>
    public static bool IsUniqueViolation(Exception e) => (e is DbUpdateException ? e.InnerException : e) switch
    {
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode == 2067, // SQLITE_CONSTRAINT_UNIQUE
        _ => false,
    };

    /// <summary>PostgreSQL broke a circle of writers waiting for each other by rolling this one back.</summary>
    public static bool IsDeadlock(Exception e) => (e is DbUpdateException ? e.InnerException : e) is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected };
}
