using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Domain.Indicators;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Data;

/// <summary>
/// Derived columns of rows written before their rules changed. A migration that adds or changes one
/// leaves the stored dossiers at an older <see cref="Dossier.DerivedVersion"/> (0 for a new column);
/// this recomputes them from the rows themselves, in batches, after every migration. Only derived
/// columns change — not the content, its source version or its place in the change feed — and each
/// unit touched is marked for the incremental rollup, so that its snapshots follow the new rules.
/// </summary>
public static class DerivedColumns
{
    private const int BatchSize = 1000;

    /// <summary>Returns the number of dossiers recomputed; each batch commits on its own, so an interrupted run resumes.</summary>
    public static async Task<int> RefreshAsync(FriendlyGovDbContext db, CancellationToken cancellationToken)
    {
        var refreshed = 0;
        var after = 0L;
        while (true)
        {
            var batch = await db.Dossiers.Where(d => d.Id > after && d.DerivedVersion < Dossier.CurrentDerivedVersion)
                .OrderBy(d => d.Id).Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return refreshed;
            }

            foreach (var dossier in batch)
            {
                dossier.RefreshDerived();
            }

            db.RollupMarks.AddRange(batch.GroupBy(d => d.UnitId).Select(g => new RollupMark { UnitId = g.Key, FromQuarter = g.Min(d => d.ReceivedQuarter) }));
            await db.SaveDerivedColumnsAsync(cancellationToken);
            db.ChangeTracker.Clear();
            refreshed += batch.Count;
            after = batch[^1].Id;
        }
    }
}
