using FriendlyGov.Data;
using FriendlyGov.Domain.Calendar;
using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Domain.Letters;
using FriendlyGov.Domain.Petitions;
using FriendlyGov.Server.Letters;
using FriendlyGov.Server.Sync;
using FriendlyGov.Server.Workspace;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace FriendlyGov.Server.Worklist;

public sealed record DueDossier(string Code, string Unit, string Procedure, DossierStatus Status, DateTime DueAt, DateTime WarnedAt, string Applicant);

public sealed record LateDossier(string Code, string Unit, string Procedure, DossierStatus Status, DateTime DueAt, DateTime? FinishedAt, string Applicant, long? ProposedApology);

public sealed record PendingLetter(long Id, LetterKind Kind, string Unit, string Recipient, string? DossierCode, DateTime ProposedAt, bool NeedsReason);

public sealed record OverdueOpinion(long DialogueId, DateOnly HeldOn, string Unit, string Content, string? AssignedTo, DateOnly PromisedOn);

public sealed record OverduePetition(long Id, string Unit, PetitionKind Kind, string Subject, PetitionStatus Status, DateOnly DueOn);

/// <summary>The officer's day in five sections, each capped at <see cref="WorklistQueries.SectionSize"/> rows with its full count.</summary>
public sealed record WorklistDay(
    IReadOnlyList<DueDossier> Due, int DueCount,
    IReadOnlyList<LateDossier> Late, int LateCount,
    IReadOnlyList<PendingLetter> Letters, int LetterCount,
    IReadOnlyList<OverdueOpinion> Opinions, int OpinionCount,
    IReadOnlyList<OverduePetition> Petitions, int PetitionCount)
{
    public int Total => DueCount + LateCount + LetterCount + OpinionCount + PetitionCount;
}

/// <summary>
/// What an officer has to do today in their subtree: dossiers due within one working day and not resolved
/// (the deadline warnings), dossiers already late without an issued apology (still open, or finished in
/// the last <see cref="LateWindowDays"/> days), letters awaiting issue, dialogue opinions past their
/// promised day, petitions past their legal deadline. Applicants' names are masked: a list never shows them.
/// </summary>
public sealed class WorklistQueries(FriendlyGovDbContext db, TimeProvider clock)
{
    public const int SectionSize = 100;

    /// <summary>How long a finished late dossier stays on the worklist without its apology.</summary>
    public const int LateWindowDays = 30;

    public async Task<WorklistDay> DayAsync(RecordScope scope, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = VietnamTime.LocalDate(now);
        var ids = scope.SubtreeIds(null);

        var warnings = db.DeadlineWarnings.AsNoTracking().Where(w => w.Outcome == WarningOutcome.Open && ids.Contains(w.UnitId) && w.Dossier!.FinishedAt == null);
        var due = await warnings.OrderBy(w => w.DueAt).Take(SectionSize)
            .Select(w => new { w.Dossier!.Code, Unit = w.Dossier.Unit!.Name, Procedure = w.Dossier.Procedure!.Name, w.Dossier.Status, w.Dossier.EffectiveDueAt, w.FirstSeenAt, w.Dossier.Applicant.Name })
            .ToListAsync(cancellationToken);

        var late = await UnapologisedAsync(ids, now, cancellationToken);
        var proposals = await ProposedApologiesAsync(late.Select(d => d.Id).ToList(), cancellationToken);

        var letters = db.Letters.AsNoTracking().Where(l => ids.Contains(l.UnitId) && l.State == LetterState.Proposed);
        var pending = await letters.OrderBy(l => l.ProposedAt).ThenBy(l => l.Id).Take(SectionSize)
            .Select(l => new PendingLetter(l.Id, l.Kind, l.Unit!.Name, l.RecipientName, l.Dossier!.Code, l.ProposedAt!.Value,
                l.Kind == LetterKind.LateApology && (l.Reason == null || l.Reason == "")))
            .ToListAsync(cancellationToken);

        var opinions = OverdueOpinions(ids, today);
        var petitions = OverduePetitions(ids, today);
        return new WorklistDay(
            [.. due.Select(d => new DueDossier(d.Code, d.Unit, d.Procedure, d.Status, d.EffectiveDueAt, d.FirstSeenAt, PersonalData.MaskName(d.Name)))], await warnings.CountAsync(cancellationToken),
            [.. late.Take(SectionSize).Select(d => new LateDossier(d.Code, scope.Find(d.UnitId)?.Name ?? "", d.Procedure?.Name ?? "", d.Status, d.EffectiveDueAt, d.FinishedAt,
                PersonalData.MaskName(d.Applicant.Name), proposals.TryGetValue(d.Id, out var letter) ? letter : null))], late.Count,
            [.. pending.Select(p => p with { Recipient = PersonalData.MaskName(p.Recipient) })], await letters.CountAsync(cancellationToken),
            await opinions.Take(SectionSize).ToListAsync(cancellationToken), await opinions.CountAsync(cancellationToken),
            await petitions.Take(SectionSize).ToListAsync(cancellationToken), await petitions.CountAsync(cancellationToken));
    }

    /// <summary>The number of things to do, for the navigation's badge.</summary>
    public async Task<int> CountAsync(RecordScope scope, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = VietnamTime.LocalDate(now);
        var ids = scope.SubtreeIds(null);
        return await db.DeadlineWarnings.CountAsync(w => w.Outcome == WarningOutcome.Open && ids.Contains(w.UnitId) && w.Dossier!.FinishedAt == null, cancellationToken)
            + (await UnapologisedAsync(ids, now, cancellationToken)).Count
            + await db.Letters.CountAsync(l => ids.Contains(l.UnitId) && l.State == LetterState.Proposed, cancellationToken)
            + await OverdueOpinions(ids, today).CountAsync(cancellationToken)
            + await OverduePetitions(ids, today).CountAsync(cancellationToken);
    }

    private async Task<List<Dossier>> UnapologisedAsync(IReadOnlyList<int> ids, DateTime now, CancellationToken cancellationToken)
    {
        var late = await LateDossiers.FindAsync(db, now, now.AddDays(-LateWindowDays), ids, includeReturned: true, cancellationToken);
        var apologised = await LateDossiers.ApologisedAsync(db, late.Select(d => d.Id).ToList(), cancellationToken);
        return [.. late.Where(d => !apologised.Contains(d.Id))];
    }

    private async Task<Dictionary<long, long>> ProposedApologiesAsync(List<long> dossierIds, CancellationToken cancellationToken)
    {
        var found = new Dictionary<long, long>();
        foreach (var chunk in dossierIds.Chunk(1000))
        {
            foreach (var l in await db.Letters.AsNoTracking().Where(l => l.Kind == LetterKind.LateApology && l.State == LetterState.Proposed && l.DossierId != null && chunk.Contains(l.DossierId.Value))
                         .Select(l => new { Dossier = l.DossierId!.Value, l.Id }).ToListAsync(cancellationToken))
            {
                found[l.Dossier] = l.Id;
            }
        }

        return found;
    }

    /// <summary>Open opinions past their promised day, oldest promise first.</summary>
    private IQueryable<OverdueOpinion> OverdueOpinions(IReadOnlyList<int> ids, DateOnly today) =>
        from d in db.Dialogues.AsNoTracking()
        where ids.Contains(d.UnitId)
        from o in d.Opinions
        where !o.Resolved && o.PromisedOn < today
        orderby o.PromisedOn, o.Id
        select new OverdueOpinion(d.Id, d.HeldOn, d.Unit!.Name, o.Content, o.AssignedTo, o.PromisedOn!.Value);

    /// <summary>Open petitions past their legal deadline, oldest deadline first.</summary>
    private IQueryable<OverduePetition> OverduePetitions(IReadOnlyList<int> ids, DateOnly today) =>
        db.Petitions.AsNoTracking()
            .Where(p => ids.Contains(p.UnitId) && (p.Status == PetitionStatus.Received || p.Status == PetitionStatus.Assigned) && p.DueOn < today)
            .OrderBy(p => p.DueOn).ThenBy(p => p.Id)
            .Select(p => new OverduePetition(p.Id, p.Unit!.Name, p.Kind, p.Subject, p.Status, p.DueOn!.Value));
}

/// <summary>The navigation's count for a signed-in officer, kept a minute so that pages do not recount on every request.</summary>
public sealed class WorklistBadge(IServiceScopeFactory scopes, IMemoryCache cache)
{
    public async Task<int> CountAsync(System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var staff = Staff.StaffScope.Of(user);
        if (staff is null)
        {
            return 0;
        }

        return await cache.GetOrCreateAsync($"worklist:{staff.SubtreePath}", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<FriendlyGovDbContext>();
            var records = await RecordScope.OfAsync(db, user, cancellationToken);
            return await scope.ServiceProvider.GetRequiredService<WorklistQueries>().CountAsync(records, cancellationToken);
        });
    }

    /// <summary>Keeps the count the worklist page has just computed, so that the badge agrees with the page.</summary>
    public void Remember(System.Security.Claims.ClaimsPrincipal user, int count)
    {
        if (Staff.StaffScope.Of(user) is { } staff)
        {
            cache.Set($"worklist:{staff.SubtreePath}", count, TimeSpan.FromMinutes(1));
        }
    }
}
