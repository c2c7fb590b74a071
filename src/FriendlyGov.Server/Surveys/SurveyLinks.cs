using FriendlyGov.Data;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Surveys;

/// <summary>
/// A survey may name a dossier that is not stored yet: it is accepted with the code, and linked
/// to the dossier when that arrives, provided the dossier lies in the unit subtree of the client
/// that sent the survey (a dossier of another unit is never linked, as it would not have been on
/// arrival). Called by every write of dossiers and of surveys, so whichever comes second makes the
/// link — which needs the second to see the first committed: on PostgreSQL every dossier writer holds
/// the link lock shared (they go on side by side), and a survey writer whose surveys name a dossier not
/// stored yet takes it exclusively before it reads or locks anything, so it waits for the dossier
/// writers in flight and the ones after it wait for it. On SQLite writers take turns anyway.
/// </summary>
public static class SurveyLinks
{
    // The link lock's second key (ChangeFeedSequence.AdvisoryLockSpace is the first).
    private const int LinkLock = 2;

    /// <summary>A dossier writer's share of the link lock, for its transaction.</summary>
    public static Task HoldForDossiersAsync(FriendlyGovDbContext db, CancellationToken cancellationToken) =>
        db.Provider == DatabaseProvider.PostgreSql
            ? db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock_shared({ChangeFeedSequence.AdvisoryLockSpace}, {LinkLock})", cancellationToken)
            : Task.CompletedTask;

    /// <summary>The link lock alone, for a transaction writing surveys that wait for their dossier.</summary>
    public static Task HoldForPendingSurveysAsync(FriendlyGovDbContext db, CancellationToken cancellationToken) =>
        db.Provider == DatabaseProvider.PostgreSql
            ? db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ChangeFeedSequence.AdvisoryLockSpace}, {LinkLock})", cancellationToken)
            : Task.CompletedTask;

    public static async Task LinkAsync(FriendlyGovDbContext db, IReadOnlyCollection<string> dossierCodes, CancellationToken cancellationToken)
    {
        if (dossierCodes.Count == 0)
        {
            return;
        }

        var pending = await db.Surveys.AsNoTracking().Where(s => s.DossierId == null && s.DossierCode != null && dossierCodes.Contains(s.DossierCode))
            .Select(s => new { s.Id, Code = s.DossierCode!, Scope = s.DossierScopePath ?? "" }).ToListAsync(cancellationToken);
        if (pending.Count == 0)
        {
            return;
        }

        var codes = pending.Select(p => p.Code).Distinct().ToList();
        var dossiers = await db.Dossiers.AsNoTracking().Where(d => codes.Contains(d.Code))
            .Select(d => new { d.Id, d.Code, d.Unit!.Path }).ToDictionaryAsync(d => d.Code, StringComparer.Ordinal, cancellationToken);
        var links = pending
            .Where(p => p.Scope.Length > 0 && dossiers.TryGetValue(p.Code, out var dossier) && dossier.Path.StartsWith(p.Scope, StringComparison.Ordinal))
            .GroupBy(p => dossiers[p.Code].Id, p => p.Id);
        foreach (var link in links)
        {
            var surveys = link.ToList();
            await db.Surveys.Where(s => surveys.Contains(s.Id))
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.DossierId, link.Key).SetProperty(s => s.DossierScopePath, (string?)null), cancellationToken);
        }
    }
}
