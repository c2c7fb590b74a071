using System.Text.Json;
using FriendlyGov.Domain.Dossiers;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace FriendlyGov.Data.Bulk;

/// <summary>
/// PostgreSQL's fast path for synced dossiers: binary COPY of a checked batch into a temporary
/// table, then one INSERT … ON CONFLICT (code) DO UPDATE. EF Core has no upsert, and row-by-row
/// inserts cost a thousand times more than COPY. The caller has checked every record, decided
/// which ones replace stored ones, and holds the change-feed lock (see ChangeFeedSequence).
/// </summary>
public static class DossierBulkWriter
{
    private static readonly string[] Columns =
    [
        "code", "unit_id", "procedure_id", "channel", "online_level", "inter_agency", "received_at", "due_at", "finished_at", "returned_at",
        "status", "result_published", "result_issued_electronically", "digitised", "paid_online", "applicant_name", "applicant_id_number",
        "applicant_phone", "source_system", "source_version", "updated_at", "change_sequence", "received_quarter", "finished_quarter",
        "supplement_count", "effective_due_at", "content_hash", "supplements",
    ];

    private static readonly string ColumnList = string.Join(", ", Columns);

    private static readonly string UpsertSql =
        $"INSERT INTO dossiers ({ColumnList}) SELECT {ColumnList} FROM incoming_dossiers " +
        $"ON CONFLICT (code) DO UPDATE SET {string.Join(", ", Columns.Skip(1).Select(c => $"{c} = EXCLUDED.{c}"))}";

    /// <summary>Writes the dossiers (new ones and replacements) and gives them change sequences, in the current transaction.</summary>
    public static async Task UpsertAsync(FriendlyGovDbContext db, IReadOnlyList<Dossier> dossiers, CancellationToken cancellationToken)
    {
        var sequence = await ChangeFeedSequence.ReserveAsync(db, dossiers.Count, cancellationToken);
        await db.Database.ExecuteSqlRawAsync(
            "CREATE TEMP TABLE IF NOT EXISTS incoming_dossiers ON COMMIT DELETE ROWS AS SELECT * FROM dossiers WITH NO DATA", cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using (var importer = await connection.BeginBinaryImportAsync($"COPY incoming_dossiers ({ColumnList}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var d in dossiers)
            {
                d.ChangeSequence = sequence++;
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(d.Code, NpgsqlDbType.Varchar, cancellationToken);
                await importer.WriteAsync(d.UnitId, NpgsqlDbType.Integer, cancellationToken);
                await importer.WriteAsync(d.ProcedureId, NpgsqlDbType.Integer, cancellationToken);
                await importer.WriteAsync((int)d.Channel, NpgsqlDbType.Integer, cancellationToken);
                await importer.WriteAsync((int)d.OnlineLevel, NpgsqlDbType.Integer, cancellationToken);
                await importer.WriteAsync(d.InterAgency, NpgsqlDbType.Boolean, cancellationToken);
                await importer.WriteAsync(d.ReceivedAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await importer.WriteAsync(d.DueAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await WriteNullableAsync(importer, d.FinishedAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await WriteNullableAsync(importer, d.ReturnedAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await importer.WriteAsync((int)d.Status, NpgsqlDbType.Integer, cancellationToken);
                await importer.WriteAsync(d.ResultPublished, NpgsqlDbType.Boolean, cancellationToken);
                await importer.WriteAsync(d.ResultIssuedElectronically, NpgsqlDbType.Boolean, cancellationToken);
                await importer.WriteAsync(d.Digitised, NpgsqlDbType.Boolean, cancellationToken);
                await importer.WriteAsync(d.PaidOnline, NpgsqlDbType.Boolean, cancellationToken);
                await WriteNullableAsync(importer, d.Applicant.Name, NpgsqlDbType.Varchar, cancellationToken);
                await WriteNullableAsync(importer, d.Applicant.IdNumber, NpgsqlDbType.Varchar, cancellationToken);
                await WriteNullableAsync(importer, d.Applicant.Phone, NpgsqlDbType.Varchar, cancellationToken);
                await importer.WriteAsync(d.SourceSystem, NpgsqlDbType.Varchar, cancellationToken);
                await importer.WriteAsync(d.SourceVersion, NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(d.UpdatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await importer.WriteAsync(d.ChangeSequence, NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(d.ReceivedQuarter, NpgsqlDbType.Integer, cancellationToken);
                await WriteNullableAsync(importer, d.FinishedQuarter, NpgsqlDbType.Integer, cancellationToken);
                await importer.WriteAsync(d.SupplementCount, NpgsqlDbType.Integer, cancellationToken);
                await importer.WriteAsync(d.EffectiveDueAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await importer.WriteAsync(d.ContentHash, NpgsqlDbType.Varchar, cancellationToken);
                await WriteNullableAsync(importer, d.Supplements.Count == 0 ? null : SupplementsJson(d.Supplements), NpgsqlDbType.Jsonb, cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
        }

        await db.Database.ExecuteSqlRawAsync(UpsertSql, cancellationToken);
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO rollup_marks (unit_id, from_quarter) SELECT unit_id, MIN(received_quarter) FROM incoming_dossiers GROUP BY unit_id", cancellationToken);
    }

    /// <summary>The same JSON EF Core writes for the owned collection (property names as in C#).</summary>
    private static string SupplementsJson(List<SupplementRequest> supplements) =>
        JsonSerializer.Serialize(supplements.Select(s => new { s.RequestedAt, s.ResumedAt }));

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await importer.WriteNullAsync(cancellationToken);
        }
        else
        {
            await importer.WriteAsync(value, type, cancellationToken);
        }
    }
}
