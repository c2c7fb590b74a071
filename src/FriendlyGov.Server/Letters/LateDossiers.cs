using System.Linq.Expressions;
using FriendlyGov.Data;
using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Domain.Letters;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Letters;

/// <summary>
/// Dossiers late now as <see cref="Dossier.IsLate"/> judges them, the ones an apology is owed for.
/// The database narrows them down on indexed columns (open ones by the partial index of open dossiers,
/// finished ones by their finished time), the rule itself decides.
/// </summary>
public static class LateDossiers
{
    /// <summary>Late and the result not yet returned: still open, or finished since <paramref name="sinceUtc"/> and awaiting return.</summary>
    public static Task<List<Dossier>> UnreturnedAsync(FriendlyGovDbContext db, DateTime nowUtc, DateTime sinceUtc, CancellationToken cancellationToken) =>
        FindAsync(db, nowUtc, sinceUtc, null, includeReturned: false, cancellationToken);

    /// <summary>
    /// Late dossiers of the units (all when null): still open, or finished since <paramref name="sinceUtc"/>
    /// (returned ones too when <paramref name="includeReturned"/>), oldest due first, with their procedure.
    /// </summary>
    public static async Task<List<Dossier>> FindAsync(FriendlyGovDbContext db, DateTime nowUtc, DateTime sinceUtc, IReadOnlyCollection<int>? units, bool includeReturned, CancellationToken cancellationToken)
    {
        var dossiers = db.Dossiers.AsNoTracking().Include(d => d.Procedure).AsQueryable();
        if (units is not null)
        {
            dossiers = dossiers.Where(d => units.Contains(d.UnitId));
        }

        var open = await dossiers.Where(d => d.FinishedAt == null && (d.EffectiveDueAt < nowUtc || d.SupplementCount > 1)).ToListAsync(cancellationToken);
        var finished = await dossiers.Where(d => d.FinishedAt >= sinceUtc && d.FinishedAt <= nowUtc
                && (d.Status == DossierStatus.Finished || (includeReturned && d.Status == DossierStatus.Returned))
                && (d.FinishedAt > d.EffectiveDueAt || d.SupplementCount > 1))
            .ToListAsync(cancellationToken);
        return [.. open.Concat(finished).Where(d => d.IsLate(nowUtc)).OrderBy(d => d.EffectiveDueAt).ThenBy(d => d.Id)];
    }

    /// <summary>
    /// <see cref="Dossier.IsLate"/> at <paramref name="nowUtc"/> as SQL, for filtering a list in the database:
    /// finished after the due time plus the citizen's supplement time or after two supplement requests, or
    /// still open past it (not while awaiting the citizen), or sent back twice.
    /// </summary>
    public static Expression<Func<Dossier, bool>> LateNow(DateTime nowUtc) => d =>
        ((d.Status == DossierStatus.Finished || d.Status == DossierStatus.Returned) && (d.FinishedAt > d.EffectiveDueAt || d.SupplementCount > 1))
        || (d.FinishedAt == null && (d.SupplementCount > 1 || (d.Status != DossierStatus.SupplementRequested && d.EffectiveDueAt < nowUtc)));

    /// <summary>Still open and past due now: the overdue ones (quá hạn).</summary>
    public static Expression<Func<Dossier, bool>> OverdueNow(DateTime nowUtc) => d =>
        d.FinishedAt == null && (d.SupplementCount > 1 || (d.Status != DossierStatus.SupplementRequested && d.EffectiveDueAt < nowUtc));

    /// <summary>The dossiers among these that have an issued apology.</summary>
    public static async Task<HashSet<long>> ApologisedAsync(FriendlyGovDbContext db, IReadOnlyCollection<long> dossierIds, CancellationToken cancellationToken)
    {
        var found = new HashSet<long>();
        foreach (var chunk in dossierIds.Chunk(1000))
        {
            found.UnionWith(await db.Letters.AsNoTracking()
                .Where(l => l.Kind == LetterKind.LateApology && l.State == LetterState.Issued && l.DossierId != null && chunk.Contains(l.DossierId.Value))
                .Select(l => l.DossierId!.Value).ToListAsync(cancellationToken));
        }

        return found;
    }
}
