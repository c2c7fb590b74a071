using FriendlyGov.Domain.Dossiers;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FriendlyGov.Data.Bulk;

/// <summary>
/// PostgreSQL's fast path for synced dossiers: binary COPY of a checked batch — new dossiers
/// straight into the table, replacements into a temporary table and then one INSERT … ON
/// CONFLICT (code) DO UPDATE. EF Core has no upsert, and row-by-row
/// inserts cost a thousand times more than COPY. The caller has checked every record, decided
/// which ones replace stored ones, and holds the locks of their codes (see ChangeFeedSequence).
/// </summary>
public static class DossierBulkWriter
{
    private static readonly string UpsertSql =
        $"INSERT INTO dossiers ({BulkTables.Dossiers.ColumnList}) SELECT {BulkTables.Dossiers.ColumnList} FROM incoming_dossiers " +
        $"ON CONFLICT (code) DO UPDATE SET {string.Join(", ", BulkTables.Dossiers.Columns.Skip(1).Select(c => $"{c.Name} = EXCLUDED.{c.Name}"))}";

    /// <summary>
    /// Writes new dossiers straight into the table and replacements through a temporary table and
    /// ON CONFLICT, gives them change sequences and marks their units for the incremental rollup,
    /// all in the current transaction. New codes cannot collide: the caller holds the codes' locks
    /// since it checked which codes exist.
    /// </summary>
    public static async Task UpsertAsync(FriendlyGovDbContext db, IReadOnlyList<Dossier> created, IReadOnlyList<Dossier> replaced, CancellationToken cancellationToken)
    {
        var positions = await ChangeFeedSequence.ReserveAsync(db, created.Count + replaced.Count, cancellationToken);
        var next = 0;
        foreach (var dossier in created.Concat(replaced))
        {
            dossier.ChangeSequence = positions[next++];
        }

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (created.Count > 0)
        {
            await BulkInsert.CopyAsync(connection, BulkTables.Dossiers, created, null, "dossiers", cancellationToken);
        }

        if (replaced.Count > 0)
        {
            // Dropped at commit, not kept for the session: behind PgBouncer's transaction pooling the next
            // transaction may get another session, and a kept table would outlive a migration of dossiers.
            await db.Database.ExecuteSqlRawAsync(
                "CREATE TEMP TABLE IF NOT EXISTS incoming_dossiers ON COMMIT DROP AS SELECT * FROM dossiers WITH NO DATA", cancellationToken);
            await BulkInsert.CopyAsync(connection, BulkTables.Dossiers, replaced, null, "incoming_dossiers", cancellationToken);
            await db.Database.ExecuteSqlRawAsync(UpsertSql, cancellationToken);
        }

        db.MarkForRollup(created.Concat(replaced).Select(d => (d.UnitId, d.ReceivedQuarter)));
        await db.SaveChangesAsync(cancellationToken);
    }
}
