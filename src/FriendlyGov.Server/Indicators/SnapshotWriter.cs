using System.Text;
using FriendlyGov.Data;
using FriendlyGov.Domain.Indicators;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace FriendlyGov.Server.Indicators;

/// <summary>
/// Inserts snapshots in the current transaction, set-based: a full rollup writes tens of thousands
/// of rows, too many for EF Core's row-by-row inserts. PostgreSQL takes them in one binary COPY;
/// SQLite (one writer, in process) in multi-row INSERT statements of 500 rows.
/// </summary>
public static class SnapshotWriter
{
    private const int RowsPerStatement = 500;

    private static readonly string[] Columns =
        ["unit_id", "period_key", "indicator_code", "numerator", "denominator", "own_numerator", "own_denominator", "value", "target", "met", "computed_at", "closed_at", "corrected_at"];

    public static async Task InsertAsync(FriendlyGovDbContext db, IReadOnlyList<IndicatorSnapshot> snapshots, CancellationToken cancellationToken)
    {
        if (db.Provider == DatabaseProvider.PostgreSql)
        {
            await CopyAsync((NpgsqlConnection)db.Database.GetDbConnection(), snapshots, cancellationToken);
            return;
        }

        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var chunk in snapshots.Chunk(RowsPerStatement))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var sql = new StringBuilder($"INSERT INTO indicator_snapshots ({string.Join(", ", Columns)}) VALUES ");
            for (var i = 0; i < chunk.Length; i++)
            {
                sql.Append(i == 0 ? "(" : ", (");
                var values = Values(chunk[i]);
                for (var c = 0; c < values.Length; c++)
                {
                    var name = $"@p{i}_{c}";
                    sql.Append(c == 0 ? name : ", " + name);
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = name;
                    parameter.Value = values[c] ?? DBNull.Value;
                    command.Parameters.Add(parameter);
                }

                sql.Append(')');
            }

            command.CommandText = sql.ToString();
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<IndicatorSnapshot> snapshots, CancellationToken cancellationToken)
    {
        // Typed writes: a boxed value makes Npgsql resolve its type for every field (seconds for 170,000 rows).
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY indicator_snapshots ({string.Join(", ", Columns)}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var s in snapshots)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(s.UnitId, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(s.PeriodKey, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(s.IndicatorCode, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(s.Numerator, NpgsqlDbType.Numeric, cancellationToken);
            await importer.WriteAsync(s.Denominator, NpgsqlDbType.Numeric, cancellationToken);
            await importer.WriteAsync(s.OwnNumerator, NpgsqlDbType.Numeric, cancellationToken);
            await importer.WriteAsync(s.OwnDenominator, NpgsqlDbType.Numeric, cancellationToken);
            await WriteAsync(importer, s.Value, NpgsqlDbType.Numeric, cancellationToken);
            await WriteAsync(importer, s.Target, NpgsqlDbType.Numeric, cancellationToken);
            await WriteAsync(importer, s.Met, NpgsqlDbType.Boolean, cancellationToken);
            await importer.WriteAsync(s.ComputedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await WriteAsync(importer, s.ClosedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await WriteAsync(importer, s.CorrectedAt, NpgsqlDbType.TimestampTz, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static Task WriteAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : struct =>
        value is { } v ? importer.WriteAsync(v, type, cancellationToken) : importer.WriteNullAsync(cancellationToken);

    private static object?[] Values(IndicatorSnapshot s) =>
        [s.UnitId, s.PeriodKey, s.IndicatorCode, s.Numerator, s.Denominator, s.OwnNumerator, s.OwnDenominator, s.Value, s.Target, s.Met, s.ComputedAt, s.ClosedAt, s.CorrectedAt];
}
