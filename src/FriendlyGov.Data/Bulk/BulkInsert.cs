using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace FriendlyGov.Data.Bulk;

/// <summary>
/// A column of a table written in bulk: its name, its PostgreSQL type, and how a row's value is
/// written. Each column writes its value with its own type: a boxed value makes Npgsql resolve
/// the type for every field, which cost seconds for 170,000 snapshots.
/// </summary>
public abstract class BulkColumn<T>(string name, NpgsqlDbType type)
{
    public string Name => name;

    public NpgsqlDbType Type => type;

    internal abstract void Write(NpgsqlBinaryImporter importer, T row);

    /// <summary>The value as a command parameter takes it (SQLite's path, where a statement is a function call).</summary>
    internal abstract object Parameter(T row);
}

/// <summary>A column whose value is a reference (null written as NULL) or a value that is never null.</summary>
public sealed class BulkColumn<T, TValue>(string name, NpgsqlDbType type, Func<T, TValue> value) : BulkColumn<T>(name, type)
{
    internal override void Write(NpgsqlBinaryImporter importer, T row)
    {
        var v = value(row);
        if (v is null)
        {
            importer.WriteNull();
        }
        else
        {
            importer.Write(v, Type);
        }
    }

    internal override object Parameter(T row) => (object?)value(row) ?? DBNull.Value;
}

/// <summary>A column of a nullable value type.</summary>
public sealed class NullableBulkColumn<T, TValue>(string name, NpgsqlDbType type, Func<T, TValue?> value) : BulkColumn<T>(name, type)
    where TValue : struct
{
    internal override void Write(NpgsqlBinaryImporter importer, T row)
    {
        if (value(row) is { } v)
        {
            importer.Write(v, Type);
        }
        else
        {
            importer.WriteNull();
        }
    }

    internal override object Parameter(T row) => (object?)value(row) ?? DBNull.Value;
}

/// <summary>
/// A table that new rows are written to in bulk: its columns other than the generated id, and
/// how the id given to a row is set on it (null when the caller does not need it back).
/// </summary>
public sealed record BulkTable<T>(string Name, IReadOnlyList<BulkColumn<T>> Columns, Action<T, long>? SetId)
{
    public string ColumnList { get; } = string.Join(", ", Columns.Select(c => c.Name));
}

/// <summary>
/// Inserts many new rows in the current transaction without the change tracker, whose cost per
/// row (about a millisecond on two busy cores) made a file of 10,000 paper forms take a minute:
/// binary COPY on PostgreSQL, with ids taken from the table's identity sequence first; one
/// prepared INSERT per row on SQLite, where a statement is a function call. The caller has
/// checked the rows and does what the context's save would do (change sequences, rollup marks).
/// </summary>
public static class BulkInsert
{
    public static async Task InsertAsync<T>(FriendlyGovDbContext db, BulkTable<T> table, IReadOnlyList<T> rows, CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Bulk inserts are made inside the writing transaction.");
        if (rows.Count == 0)
        {
            return;
        }

        if (db.Provider == DatabaseProvider.PostgreSql)
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            var ids = table.SetId is null ? null : await TakeIdsAsync(connection, table.Name, rows.Count, cancellationToken);
            await CopyAsync(connection, table, rows, ids, table.Name, cancellationToken);
        }
        else
        {
            await InsertEachAsync(transaction, table, rows, cancellationToken);
        }
    }

    /// <summary>
    /// Copies rows into <paramref name="into"/>, a table with the bulk table's columns (the table
    /// itself, or a temporary table a merge reads from); ids, when given, go into the id column.
    /// </summary>
    public static async Task CopyAsync<T>(NpgsqlConnection connection, BulkTable<T> table, IReadOnlyList<T> rows, long[]? ids, string into, CancellationToken cancellationToken)
    {
        // Synchronous writes fill a buffer and block only to flush it: an await per value would be pure overhead.
        using var importer = connection.BeginBinaryImport($"COPY {into} ({(ids is null ? "" : "id, ")}{table.ColumnList}) FROM STDIN (FORMAT BINARY)");
        for (var i = 0; i < rows.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            importer.StartRow();
            if (ids is not null)
            {
                table.SetId?.Invoke(rows[i], ids[i]);
                importer.Write(ids[i], NpgsqlDbType.Bigint);
            }

            foreach (var column in table.Columns)
            {
                column.Write(importer, rows[i]);
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static async Task<long[]> TakeIdsAsync(NpgsqlConnection connection, string table, int count, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, @count)", connection);
        command.Parameters.AddWithValue("count", count);
        var ids = new long[count];
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        for (var i = 0; await reader.ReadAsync(cancellationToken); i++)
        {
            ids[i] = reader.GetInt64(0);
        }

        return ids;
    }

    private static async Task InsertEachAsync<T>(DbTransaction transaction, BulkTable<T> table, IReadOnlyList<T> rows, CancellationToken cancellationToken)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {table.Name} ({table.ColumnList}) " +
            $"VALUES ({string.Join(", ", table.Columns.Select((_, i) => $"@p{i}"))}){(table.SetId is null ? "" : " RETURNING id")}";
        var parameters = table.Columns.Select((_, i) =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@p{i}";
            command.Parameters.Add(parameter);
            return parameter;
        }).ToList();
        await command.PrepareAsync(cancellationToken);
        foreach (var row in rows)
        {
            for (var i = 0; i < parameters.Count; i++)
            {
                parameters[i].Value = table.Columns[i].Parameter(row);
            }

            if (table.SetId is null)
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            else
            {
                table.SetId(row, (long)(await command.ExecuteScalarAsync(cancellationToken))!);
            }
        }
    }
}
