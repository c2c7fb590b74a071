using FriendlyGov.Data;
using FriendlyGov.Domain.Audit;
using FriendlyGov.Domain.Letters;
using FriendlyGov.Server.Workspace;
using Microsoft.AspNetCore.Mvc;

namespace FriendlyGov.Server.Letters;

/// <summary>
/// /letters/{id}: one letter — its words as the citizen will read them, its state, its change history —
/// and, for an officer, the steps of its life: edit, issue (printed or sent), or set aside with a reason
/// (officers only: they alone see the citizen's name the letter carries).
/// </summary>
public sealed class DetailModel(FriendlyGovDbContext db, TimeProvider clock) : LetterPageModel(db, clock)
{
    public LetterDocument LetterText { get; private set; } = null!;

    public IReadOnlyList<AuditEntry> Audit { get; private set; } = [];

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
        if (!await LoadAsync(id, tracked: true, cancellationToken))
        {
            return NotFound();
        }

        if (!Unmasked)
        {
            return Forbid();
        }

        var now = Clock.GetUtcNow().UtcDateTime;
        if (Letter.State != LetterState.Proposed)
        {
            return await RefuseAsync([(string.Empty, Admin.Lang.T("Thư này không còn chờ phát hành.", "This letter no longer awaits issue."))], cancellationToken);
        }

        if (Letter.Kind == LetterKind.LateApology && Letter.NewAppointmentAt < now)
        {
            return await RefuseAsync([(string.Empty, Admin.Lang.T("Ngày hẹn trả kết quả mới đã qua: sửa ngày hẹn trước khi phát hành.", "The new appointment has passed: change it before issuing."))], cancellationToken);
        }

        Letter.Issue(now, Scope.UserName, Delivery);
        return await SaveAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostDismissAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, tracked: true, cancellationToken))
        {
            return NotFound();
        }

        if (!Unmasked)
        {
            return Forbid();
        }

        if (Letter.State != LetterState.Proposed)
        {
            return await RefuseAsync([(string.Empty, Admin.Lang.T("Thư này không còn chờ phát hành.", "This letter no longer awaits issue."))], cancellationToken);
        }

        Letter.State = LetterState.Dismissed;
        Letter.DismissedReason = FormErrors.Text(DismissedReason);
        return await SaveAsync(cancellationToken);
    }

    private async Task<IActionResult> SaveAsync(CancellationToken cancellationToken)
    {
        Letter.RefreshDerived();
        var errors = Letter.Validate();
        if (errors.Count > 0)
        {
            return await RefuseAsync([.. errors.Select(e => e.Field == "dismissed_reason"
                ? (nameof(DismissedReason), FieldMessages.Translate(e, LetterFields.Label).ToString())
                : (string.Empty, $"{LetterFields.Label(e.Field)?.ToString() ?? e.Field}: {FieldMessages.Translate(e, LetterFields.Label)}"))], cancellationToken);
        }

        await AuditTrail.SaveAsync(Db, LetterFields.RecordType, Letter, Scope.UserName, Scope.CodeOf, Clock, cancellationToken);
        return Redirect($"/letters/{Letter.Id}?saved=true");
    }

    /// <summary>The page again with the problems and the letter as it was.</summary>
    private async Task<IActionResult> RefuseAsync(IReadOnlyList<(string Key, string Message)> problems, CancellationToken cancellationToken)
    {
        foreach (var (key, message) in problems)
        {
            ModelState.AddModelError(key, message);
        }

        await DropChangesAsync(cancellationToken);
        return Page();
    }

    private async Task<bool> LoadAsync(long id, bool tracked, CancellationToken cancellationToken)
    {
        if (!await FindLetterAsync(id, "/letters/{id}", tracked, cancellationToken))
        {
            return false;
        }

        LetterText = Document();
        Audit = await AuditTrail.ListAsync(Db, LetterFields.RecordType, id, cancellationToken);
        return true;
    }
}
