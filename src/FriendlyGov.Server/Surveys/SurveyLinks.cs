using FriendlyGov.Data;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Surveys;

/// <summary>
/// A survey may name a dossier that is not stored yet: it is accepted with the code, and linked
/// to the dossier when that arrives, provided the dossier lies in the unit subtree of the client
/// that sent the survey (a dossier of another unit is never linked, as it would not have been on
/// arrival). Called by every write of dossiers and of surveys; both hold the lock of the dossier's
/// code (<see cref="DossierLockKey"/>), so whichever comes second makes the link.
/// </summary>
public static class SurveyLinks
{
    /// <summary>The record lock (see ChangeFeedSequence.LockRecordsAsync) of a dossier code, taken by writers of the dossier and of surveys naming it.</summary>
    public static string DossierLockKey(string code) => "dossier\u001f" + code;

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
