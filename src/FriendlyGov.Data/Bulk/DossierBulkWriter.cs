using System.Text.Json;
using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Domain.Indicators;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace FriendlyGov.Data.Bulk;

/// <summary>
/// PostgreSQL's fast path for synced dossiers: binary COPY of a checked batch — new dossiers
/// straight into the table, replacements into a temporary table and then one INSERT … ON
/// CONFLICT (code) DO UPDATE. EF Core has no upsert, and row-by-row
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
        "supplement_count", "effective_due_at", "late_at", "derived_version", "content_hash", "supplements",
    ];

    private static readonly string ColumnList = string.Join(", ", Columns);

    private static readonly string UpsertSql =
        $"INSERT INTO dossiers ({ColumnList}) SELECT {ColumnList} FROM incoming_dossiers " +
        $"ON CONFLICT (code) DO UPDATE SET {string.Join(", ", Columns.Skip(1).Select(c => $"{c} = EXCLUDED.{c}"))}";

    /// <summary>
    /// Writes new dossiers straight into the table and replacements through a temporary table and
    /// ON CONFLICT, gives them change sequences and marks their units for the incremental rollup,
    /// all in the current transaction. New codes cannot collide: the caller holds the change-feed
    /// lock since it checked which codes exist.
    /// </summary>
    public static async Task UpsertAsync(FriendlyGovDbContext db, IReadOnlyList<Dossier> created, IReadOnlyList<Dossier> replaced, CancellationToken cancellationToken)
    {
        var sequence = await ChangeFeedSequence.ReserveAsync(db, created.Count + replaced.Count, cancellationToken);
        foreach (var dossier in created.Concat(replaced))
        {
            dossier.ChangeSequence = sequence++;
        }

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (created.Count > 0)
        {
            await CopyAsync(connection, "dossiers", created, cancellationToken);
        }

        if (replaced.Count > 0)
        {
            // Dropped at commit, not kept for the session: behind PgBouncer's transaction pooling the next
            // transaction may get another session, and a kept table would outlive a migration of dossiers.
            await db.Database.ExecuteSqlRawAsync(
                "CREATE TEMP TABLE IF NOT EXISTS incoming_dossiers ON COMMIT DROP AS SELECT * FROM dossiers WITH NO DATA", cancellationToken);
            await CopyAsync(connection, "incoming_dossiers", replaced, cancellationToken);
            await db.Database.ExecuteSqlRawAsync(UpsertSql, cancellationToken);
        }

        db.RollupMarks.AddRange(created.Concat(replaced).GroupBy(d => d.UnitId)
            .Select(g => new RollupMark { UnitId = g.Key, FromQuarter = g.Min(d => d.ReceivedQuarter) }));
        await db.SaveChangesAsync(cancellationToken);
    }

    private static async Task CopyAsync(NpgsqlConnection connection, string table, IEnumerable<Dossier> dossiers, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync($"COPY {table} ({ColumnList}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var d in dossiers)
        {
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
            await WriteNullableAsync(importer, d.LateAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(d.DerivedVersion, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(d.ContentHash, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(SupplementsJson(d.Supplements), NpgsqlDbType.Jsonb, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    /// <summary>The same JSON EF Core writes for the complex collection: an array (empty when there is no request), property names as in C#.</summary>
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
