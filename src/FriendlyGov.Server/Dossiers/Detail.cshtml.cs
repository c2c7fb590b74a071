using FriendlyGov.Data;
using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Domain.Letters;
using FriendlyGov.Server.Sync;
using FriendlyGov.Server.Workspace;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Dossiers;

/// <summary>One moment of a dossier's life, for its timeline.</summary>
public sealed record TimelineStep(DateTime At, Words What, bool Late = false);

public sealed record DossierLetter(long Id, LetterKind Kind, LetterState State, DateTime On);

/// <summary>
/// /dossiers/{code}: one synced dossier, read-only — its facts, its timeline (received, supplement
/// requests and resumptions, due, finished, returned) and the letters tied to it. The applicant's
/// personal data is masked; an officer of the unit can show it (?personal=show), and every such view
/// is logged in personal_data_accesses (Decree 13/2023/NĐ-CP).
/// </summary>
public sealed class DetailModel(FriendlyGovDbContext db, TimeProvider clock) : PageModel
{
    public const string RecordType = "dossier";

    public Dossier Dossier { get; private set; } = null!;

    public IReadOnlyList<TimelineStep> Timeline { get; private set; } = [];

    public IReadOnlyList<DossierLetter> Letters { get; private set; } = [];

    public bool Late { get; private set; }

    /// <summary>The user may show the personal data (an officer).</summary>
    public bool CanShowPersonal { get; private set; }

    /// <summary>The personal data is shown unmasked on this view (and the view was logged).</summary>
    public bool ShowPersonal { get; private set; }

    [FromQuery(Name = "personal")]
    public string? Personal { get; set; }

    public string ApplicantName => ShowPersonal ? Dossier.Applicant.Name ?? "—" : Masked(PersonalData.MaskName(Dossier.Applicant.Name));

    public string ApplicantId => ShowPersonal ? Dossier.Applicant.IdNumber ?? "—" : Masked(PersonalData.Mask(Dossier.Applicant.IdNumber));

    public string ApplicantPhone => ShowPersonal ? Dossier.Applicant.Phone ?? "—" : Masked(PersonalData.Mask(Dossier.Applicant.Phone));

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        var scope = await RecordScope.OfAsync(db, User, cancellationToken);
        var dossier = await scope.Within(db.Dossiers.AsNoTracking()).Include(d => d.Unit).Include(d => d.Procedure)
            .SingleOrDefaultAsync(d => d.Code == code, cancellationToken);
        if (dossier is null)
        {
            return NotFound();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        Dossier = dossier;
        Late = dossier.IsLate(now);
        Timeline = TimelineOf(dossier, now, Late);
        Letters = await db.Letters.AsNoTracking().Where(l => l.DossierId == dossier.Id).OrderBy(l => l.Kind)
            .Select(l => new DossierLetter(l.Id, l.Kind, l.State, (l.IssuedAt ?? l.ProposedAt)!.Value)).ToListAsync(cancellationToken);
        CanShowPersonal = PersonalData.SeenUnmaskedBy(User);
        if (CanShowPersonal && Personal == "show")
        {
            ShowPersonal = true;
            PersonalData.LogView(db, scope.UserName, RecordType, dossier.Code, "/dossiers/{code}", now);
            await db.SaveChangesAsync(cancellationToken);
        }

        return Page();
    }

    private static string Masked(string value) => value.Length == 0 ? "—" : value;

    private static List<TimelineStep> TimelineOf(Dossier d, DateTime now, bool late)
    {
        var steps = new List<TimelineStep> { new(d.ReceivedAt, new("Tiếp nhận hồ sơ", "Received")) };
        for (var i = 0; i < d.Supplements.Count; i++)
        {
            var s = d.Supplements[i];
            steps.Add(new(s.RequestedAt, new($"Yêu cầu bổ sung lần {i + 1}", $"Supplement request {i + 1}"), Late: i > 0));
            if (s.ResumedAt is { } resumed)
            {
                steps.Add(new(resumed, new($"Công dân bổ sung xong lần {i + 1}", $"Supplement {i + 1} received")));
            }
        }

        steps.Add(new(d.DueAt, new("Hẹn trả kết quả", "Due")));
        if (d.EffectiveDueAt > d.DueAt)
        {
            steps.Add(new(d.EffectiveDueAt, new("Hạn sau khi cộng thời gian công dân bổ sung", "Due, with the citizen's supplement time")));
        }

        if (d.FinishedAt is { } finished)
        {
            var words = d.Status switch
            {
                DossierStatus.Refused => new Words("Từ chối giải quyết", "Refused"),
                DossierStatus.Stopped => new Words("Dừng xử lý", "Stopped"),
                DossierStatus.Withdrawn => new Words("Công dân rút hồ sơ", "Withdrawn"),
                _ => new Words("Có kết quả giải quyết", "Finished"),
            };
            steps.Add(new(finished, words, Late: Dossier.IsFinished(d.Status) && finished > d.EffectiveDueAt));
        }

        if (d.ReturnedAt is { } returned)
        {
            steps.Add(new(returned, new("Trả kết quả cho công dân", "Result returned")));
        }

        if (d.FinishedAt is null)
        {
            steps.Add(new(now, d.Status == DossierStatus.SupplementRequested
                ? new("Hôm nay: chờ công dân bổ sung (thời hạn tạm dừng)", "Today: awaiting the citizen's supplement (the clock is paused)")
                : new("Hôm nay: chưa có kết quả", "Today: no result yet"), Late: late));
        }

        return [.. steps.OrderBy(s => s.At)];
    }
}
