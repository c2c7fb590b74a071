using System.Data.Common;
using System.Text.Json;
using FriendlyGov.Domain.Audit;
using FriendlyGov.Domain.Surveys;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace FriendlyGov.Data.Bulk;

/// <summary>A column of a table written in bulk: its name, its PostgreSQL type, and how a row's value is read (enums as their numbers, as EF Core stores them).</summary>
public sealed record BulkColumn<T>(string Name, NpgsqlDbType Type, Func<T, object?> Value);

/// <summary>
/// A table that new rows are written to in bulk: its columns other than the generated id, and
/// how the id given to a row is set on it (null when the caller does not need it back).
/// </summary>
public sealed record BulkTable<T>(string Name, IReadOnlyList<BulkColumn<T>> Columns, Action<T, long>? SetId);

/// <summary>The tables whose new rows can come by the thousand from one file.</summary>
public static class BulkTables
{
    public static readonly BulkTable<SatisfactionSurvey> Surveys = new("surveys",
    [
        new("key", NpgsqlDbType.Varchar, s => s.Key),
        new("unit_id", NpgsqlDbType.Integer, s => s.UnitId),
        new("dossier_code", NpgsqlDbType.Varchar, s => s.DossierCode),
        new("dossier_id", NpgsqlDbType.Bigint, s => s.DossierId),
        new("dossier_scope_path", NpgsqlDbType.Varchar, s => s.DossierScopePath),
        new("surveyed_at", NpgsqlDbType.TimestampTz, s => s.SurveyedAt),
        new("channel", NpgsqlDbType.Integer, s => (int)s.Channel),
        new("access_score", NpgsqlDbType.Integer, s => s.AccessScore),
        new("procedure_score", NpgsqlDbType.Integer, s => s.ProcedureScore),
        new("staff_attitude_score", NpgsqlDbType.Integer, s => s.StaffAttitudeScore),
        new("timeliness_score", NpgsqlDbType.Integer, s => s.TimelinessScore),
        new("result_score", NpgsqlDbType.Integer, s => s.ResultScore),
        new("feedback_handling_score", NpgsqlDbType.Integer, s => s.FeedbackHandlingScore),
        new("satisfied", NpgsqlDbType.Boolean, s => s.Satisfied),
        new("comment", NpgsqlDbType.Varchar, s => s.Comment),
        new("source_system", NpgsqlDbType.Varchar, s => s.SourceSystem),
        new("source_version", NpgsqlDbType.Bigint, s => s.SourceVersion),
        new("updated_at", NpgsqlDbType.TimestampTz, s => s.UpdatedAt),
        new("surveyed_quarter", NpgsqlDbType.Integer, s => s.SurveyedQuarter),
        new("change_sequence", NpgsqlDbType.Bigint, s => s.ChangeSequence),
        new("content_hash", NpgsqlDbType.Varchar, s => s.ContentHash),
    ], (s, id) => s.Id = id);

    public static readonly BulkTable<AuditEntry> AuditEntries = new("audit_entries",
    [
        new("record_type", NpgsqlDbType.Varchar, a => a.RecordType),
        new("record_id", NpgsqlDbType.Bigint, a => a.RecordId),
        new("unit_id", NpgsqlDbType.Integer, a => a.UnitId),
        new("action", NpgsqlDbType.Integer, a => (int)a.Action),
        new("user_name", NpgsqlDbType.Varchar, a => a.UserName),
        new("at", NpgsqlDbType.TimestampTz, a => a.At),
        new("source", NpgsqlDbType.Varchar, a => a.Source),
        new("changes", NpgsqlDbType.Jsonb, a => ChangesJson(a.Changes)),
    ], null);

    /// <summary>The same JSON EF Core writes for the complex collection: property names as in C#, nulls written.</summary>
    private static string ChangesJson(List<AuditChange> changes) =>
        JsonSerializer.Serialize(changes.Select(c => new { c.Field, c.New, c.Old }));
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
            await CopyAsync((NpgsqlConnection)db.Database.GetDbConnection(), table, rows, cancellationToken);
        }
        else
        {
            await InsertEachAsync(transaction, table, rows, cancellationToken);
        }
    }

    private static async Task CopyAsync<T>(NpgsqlConnection connection, BulkTable<T> table, IReadOnlyList<T> rows, CancellationToken cancellationToken)
    {
        var ids = table.SetId is null ? null : await TakeIdsAsync(connection, table.Name, rows.Count, cancellationToken);
        var columns = (ids is null ? "" : "id, ") + string.Join(", ", table.Columns.Select(c => c.Name));

        // Synchronous writes fill a buffer and block (a job's thread) only to flush it: an await per value would be pure overhead.
        using var importer = connection.BeginBinaryImport($"COPY {table.Name} ({columns}) FROM STDIN (FORMAT BINARY)");
        for (var i = 0; i < rows.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            importer.StartRow();
            if (ids is not null)
            {
                table.SetId!(rows[i], ids[i]);
                importer.Write(ids[i], NpgsqlDbType.Bigint);
            }

            foreach (var column in table.Columns)
            {
                if (column.Value(rows[i]) is { } value)
                {
                    importer.Write(value, column.Type);
                }
                else
                {
                    importer.WriteNull();
                }
            }
        }

        importer.Complete();
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
        command.CommandText = $"INSERT INTO {table.Name} ({string.Join(", ", table.Columns.Select(c => c.Name))}) " +
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
                parameters[i].Value = table.Columns[i].Value(row) ?? DBNull.Value;
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
