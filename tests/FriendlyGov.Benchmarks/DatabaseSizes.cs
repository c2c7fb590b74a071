using Npgsql;

namespace FriendlyGov.Benchmarks;

/// <summary>Sizes on disk in MB: the database, the dossier table (with its TOAST) and its indexes, the surveys with theirs.</summary>
internal readonly record struct DatabaseSizes(double Database, double DossierTable, double DossierIndexes, double Surveys)
{
    /// <summary>The dossiers' table and indexes, as the benchmarks print them.</summary>
    public string Dossiers => $"{DossierTable:F0} MB + {DossierIndexes:F0} MB";

    public static async Task<DatabaseSizes> ReadAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var reader = await new NpgsqlCommand("""
            SELECT pg_database_size(current_database()), pg_table_size('dossiers'), pg_indexes_size('dossiers'), pg_total_relation_size('surveys')
            """, connection).ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        double Mb(int column) => reader.GetInt64(column) / 1048576.0;
        return new(Mb(0), Mb(1), Mb(2), Mb(3));
    }
}
