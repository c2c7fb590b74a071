using FriendlyGov.Data;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Audit;
using FriendlyGov.Domain.Letters;
using FriendlyGov.Server.Sync;
using FriendlyGov.Server.Workspace;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FriendlyGov.Server.Letters;

/// <summary>
/// /letters/{id}: one letter — its words as the citizen will read them, its state, its change history —
/// and, for an officer, the steps of its life: edit, issue (printed or sent), or set aside with a reason
/// (officers only: they alone see the citizen's name the letter carries).
/// </summary>
public sealed class DetailModel(FriendlyGovDbContext db, TimeProvider clock) : PageModel
{
    public LetterRecord Record { get; private set; } = null!;

    public Letter Letter => Record.Letter;

    public LetterDocument Document { get; private set; } = null!;

    public IReadOnlyList<AuditEntry> Audit { get; private set; } = [];

    public bool CanIssue { get; private set; }

    [FromQuery(Name = "saved")]
    public bool Saved { get; set; }

    [BindProperty]
    public LetterDelivery Delivery { get; set; } = LetterDelivery.Printed;

    [BindProperty]
    public string? DismissedReason { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken) =>
        await LoadAsync(id, tracked: false, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostIssueAsync(long id, CancellationToken cancellationToken)
    {
        if (!PersonalData.SeenUnmaskedBy(User))
        {
            return Forbid();
        }

        if (!await LoadAsync(id, tracked: true, cancellationToken))
        {
            return NotFound();
        }

        if (Letter.State != LetterState.Proposed)
        {
            return await RefuseAsync((string.Empty, Admin.Lang.T("Thư này không còn chờ phát hành.", "This letter no longer awaits issue.")), cancellationToken);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (Letter.Kind == LetterKind.LateApology && Letter.NewAppointmentAt < now)
        {
            return await RefuseAsync((string.Empty, Admin.Lang.T("Ngày hẹn trả kết quả mới đã qua: sửa ngày hẹn trước khi phát hành.", "The new appointment has passed: change it before issuing.")), cancellationToken);
        }

        Letter.Issue(now, User.Identity!.Name!, Delivery);
        return await SaveAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostDismissAsync(long id, CancellationToken cancellationToken)
    {
        if (!PersonalData.SeenUnmaskedBy(User))
        {
            return Forbid();
        }

        if (!await LoadAsync(id, tracked: true, cancellationToken))
        {
            return NotFound();
        }

        if (Letter.State != LetterState.Proposed)
        {
            return await RefuseAsync((string.Empty, Admin.Lang.T("Thư này không còn chờ phát hành.", "This letter no longer awaits issue.")), cancellationToken);
        }

        Letter.State = LetterState.Dismissed;
        Letter.DismissedReason = string.IsNullOrWhiteSpace(DismissedReason) ? null : DismissedReason.Trim();
        return await SaveAsync(cancellationToken);
    }

    private async Task<IActionResult> SaveAsync(CancellationToken cancellationToken)
    {
        Letter.RefreshDerived();
        var errors = Letter.Validate();
        if (errors.Count > 0)
        {
            return await RefuseAsync([.. errors.Select(e => (e.Field == "dismissed_reason" ? nameof(DismissedReason) : string.Empty,
                e.Field == "dismissed_reason" ? FieldMessages.Translate(e, LetterFields.Label).ToString() : $"{LetterFields.Label(e.Field)?.ToString() ?? e.Field}: {FieldMessages.Translate(e, LetterFields.Label)}"))], cancellationToken);
        }

        var scope = await RecordScope.OfAsync(db, User, cancellationToken);
        await AuditTrail.SaveAsync(db, LetterFields.RecordType, Letter, scope.UserName, u => scope.Find(u)?.Code, clock, cancellationToken);
        return Redirect($"/letters/{Letter.Id}?saved=true");
    }

    /// <summary>Shows the page again with the problems and the letter as it was; the view of its personal data is still logged.</summary>
    private async Task<IActionResult> RefuseAsync(IReadOnlyList<(string Key, string Message)> problems, CancellationToken cancellationToken)
    {
        foreach (var (key, message) in problems)
        {
            ModelState.AddModelError(key, message);
        }

        var entry = db.Entry(Letter);
        entry.CurrentValues.SetValues(entry.OriginalValues);
        entry.State = Microsoft.EntityFrameworkCore.EntityState.Unchanged;
        await db.SaveChangesAsync(cancellationToken);
        return Page();
    }

    private Task<IActionResult> RefuseAsync((string Key, string Message) problem, CancellationToken cancellationToken) => RefuseAsync([problem], cancellationToken);

    private async Task<bool> LoadAsync(long id, bool tracked, CancellationToken cancellationToken)
    {
        var scope = await RecordScope.OfAsync(db, User, cancellationToken);
        var record = await LetterRecord.FindAsync(db, scope, User, id, "/letters/{id}", clock, tracked, cancellationToken);
        if (record is null)
        {
            return false;
        }

        Record = record;
        CanIssue = record.Unmasked;
        Document = LetterDocument.Of(record.Letter, record.Letter.Unit!, record.Letter.Dossier, Dates.Today(clock));
        Audit = await AuditTrail.ListAsync(db, LetterFields.RecordType, id, cancellationToken);
        return true;
    }
}
