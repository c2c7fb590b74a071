using System.Data.Common;
using System.Text;
using FriendlyGov.Data;
using FriendlyGov.Domain.Indicators;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace FriendlyGov.Server.Indicators;

/// <summary>
/// Inserts snapshots with multi-row INSERT statements (500 rows each) in the current transaction:
/// a full rollup writes tens of thousands of rows, too many for EF Core's row-by-row inserts.
/// </summary>
public static class SnapshotWriter
{
    private const int RowsPerStatement = 500;

    private static readonly string[] Columns =
        ["unit_id", "period_key", "indicator_code", "numerator", "denominator", "own_numerator", "own_denominator", "value", "target", "met", "computed_at", "closed_at", "corrected_at"];

    public static async Task InsertAsync(FriendlyGovDbContext db, IReadOnlyList<IndicatorSnapshot> snapshots, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var chunk in snapshots.Chunk(RowsPerStatement))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var sql = new StringBuilder($"INSERT INTO indicator_snapshots ({string.Join(", ", Columns)}) VALUES ");
            for (var i = 0; i < chunk.Length; i++)
            {
                var s = chunk[i];
                sql.Append(i == 0 ? "(" : ", (");
                object?[] values = [s.UnitId, s.PeriodKey, s.IndicatorCode, s.Numerator, s.Denominator, s.OwnNumerator, s.OwnDenominator, s.Value, s.Target, s.Met, s.ComputedAt, s.ClosedAt, s.CorrectedAt];
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
}
