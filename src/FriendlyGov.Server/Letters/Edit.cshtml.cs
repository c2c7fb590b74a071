using System.Globalization;
using FriendlyGov.Data;
using FriendlyGov.Data.Staff;
using FriendlyGov.Domain.Calendar;
using FriendlyGov.Domain.Letters;
using FriendlyGov.Server.Sync;
using FriendlyGov.Server.Workspace;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Letters;

public sealed class LetterForm
{
    public string? UnitCode { get; set; }

    public LetterKind Kind { get; set; }

    public string? DossierCode { get; set; }

    public string? RecipientName { get; set; }

    public string? RecipientAddress { get; set; }

    public string? Number { get; set; }

    public string? Reason { get; set; }

    public string? NewAppointmentOn { get; set; }

    public string? NewAppointmentTime { get; set; }

    public string? Message { get; set; }

    public string? SignerTitle { get; set; }

    public string? SignerName { get; set; }
}

/// <summary>
/// /letters/new and /letters/{id}/edit: a letter drafted by an officer, or one the system proposed, made
/// ready to issue (recipient, number, an apology's reason and new appointment, the signer). Only letters
/// awaiting issue change; the officers of the unit alone write them, as they alone see citizens' names.
/// </summary>
[Authorize(Roles = StaffRoles.Officer)]
public sealed class EditModel(FriendlyGovDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty]
    public LetterForm Form { get; set; } = new();

    public long? Id { get; private set; }

    public RecordScope Scope { get; private set; } = null!;

    /// <summary>The letter being edited (its kind and dossier no longer change).</summary>
    public Letter? Existing { get; private set; }

    public async Task<IActionResult> OnGetAsync(long? id, [FromQuery(Name = "kind")] LetterKind? kind, [FromQuery(Name = "dossier")] string? dossier, CancellationToken cancellationToken)
    {
        Scope = await RecordScope.OfAsync(db, User, cancellationToken);
        if (id is null)
        {
            Form = new LetterForm { UnitCode = Scope.Own.Code, Kind = kind ?? LetterKind.Unspecified, DossierCode = dossier, SignerTitle = LetterFields.DefaultSignerTitle, NewAppointmentTime = "17:00" };
            return Page();
        }

        var record = await LetterRecord.FindAsync(db, Scope, User, id.Value, "/letters/{id}/edit", clock, tracked: false, cancellationToken);
        if (record is null)
        {
            return NotFound();
        }

        if (record.Letter.State != LetterState.Proposed)
        {
            return Redirect($"/letters/{id}");
        }

        Id = id;
        Existing = record.Letter;
        var l = record.Letter;
        var appointment = l.NewAppointmentAt is { } at ? VietnamTime.ToLocal(at) : (DateTime?)null;
        Form = new LetterForm
        {
            UnitCode = Scope.Find(l.UnitId)?.Code,
            Kind = l.Kind,
            DossierCode = l.Dossier?.Code,
            RecipientName = l.RecipientName,
            RecipientAddress = l.RecipientAddress,
            Number = l.Number,
            Reason = l.Reason,
            NewAppointmentOn = appointment?.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
            NewAppointmentTime = appointment?.ToString("HH:mm", CultureInfo.InvariantCulture) ?? "17:00",
            Message = l.Message,
            SignerTitle = l.SignerTitle,
            SignerName = l.SignerName,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long? id, CancellationToken cancellationToken)
    {
        Scope = await RecordScope.OfAsync(db, User, cancellationToken);
        Id = id;
        var now = clock.GetUtcNow().UtcDateTime;
        Letter letter;
        if (id is null)
        {
            letter = new Letter { Kind = Form.Kind, State = LetterState.Proposed, ProposedAt = now, ProposedBy = Scope.UserName };
            if (!await PlaceAsync(letter, cancellationToken))
            {
                return Page();
            }
        }
        else
        {
            var record = await LetterRecord.FindAsync(db, Scope, User, id.Value, "/letters/{id}/edit", clock, tracked: true, cancellationToken);
            if (record is null)
            {
                return NotFound();
            }

            if (record.Letter.State != LetterState.Proposed)
            {
                return Redirect($"/letters/{id}");
            }

            letter = record.Letter;
            Existing = letter;
        }

        letter.RecipientName = Form.RecipientName?.Trim() ?? "";
        letter.RecipientAddress = Text(Form.RecipientAddress);
        letter.Number = Text(Form.Number);
        letter.Message = Text(Form.Message);
        letter.SignerTitle = Text(Form.SignerTitle);
        letter.SignerName = Text(Form.SignerName);
        letter.Reason = letter.Kind == LetterKind.LateApology ? Text(Form.Reason) : null;
        letter.NewAppointmentAt = letter.Kind == LetterKind.LateApology ? Appointment() : null;

        letter.RefreshDerived();
        var errors = letter.Validate().Where(e => e.Field is not ("unit_code" or "dossier_code" or "kind")
            && ModelState.GetFieldValidationState("Form." + FormErrors.Pascal(e.Field)) != ModelValidationState.Invalid
            && !(e.Field == "new_appointment_time" && ModelState.GetFieldValidationState("Form.NewAppointmentOn") == ModelValidationState.Invalid));
        FormErrors.Add(ModelState, errors.Select(e => e.Field == "new_appointment_time" ? e with { Field = "new_appointment_on" } : e), LetterFields.Label);
        if (!ModelState.IsValid)
        {
            return await ShowAgainAsync(cancellationToken);
        }

        if (id is null)
        {
            db.Letters.Add(letter);
        }

        try
        {
            await AuditTrail.SaveAsync(db, LetterFields.RecordType, letter, Scope.UserName, u => Scope.Find(u)?.Code, clock, cancellationToken);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            ModelState.AddModelError("Form.Kind", Admin.Lang.T("Hồ sơ này đã có một thư loại này.", "This dossier already has a letter of this kind."));
            return Page();
        }

        return Redirect($"/letters/{letter.Id}?saved=true");
    }

    /// <summary>A new letter's kind, dossier and unit: a dossier's letter belongs to the dossier's unit.</summary>
    private async Task<bool> PlaceAsync(Letter letter, CancellationToken cancellationToken)
    {
        if (letter.Kind == LetterKind.Unspecified || !Enum.IsDefined(letter.Kind))
        {
            ModelState.AddModelError("Form.Kind", Admin.Lang.T("Chọn loại thư.", "Choose the kind of letter."));
        }

        if (Letter.NeedsDossier(letter.Kind))
        {
            var code = Form.DossierCode?.Trim();
            var dossier = string.IsNullOrEmpty(code) ? null
                : await Scope.Within(db.Dossiers.AsNoTracking()).Where(d => d.Code == code).Select(d => new { d.Id, d.UnitId, d.Applicant.Name }).SingleOrDefaultAsync(cancellationToken);
            if (dossier is null)
            {
                ModelState.AddModelError("Form.DossierCode", string.IsNullOrEmpty(code)
                    ? Admin.Lang.T("Nhập mã hồ sơ của thư này.", "Enter the dossier this letter is about.")
                    : Admin.Lang.T($"Không có hồ sơ {code} trong phạm vi của bạn.", $"No dossier {code} is within your scope."));
            }
            else if (await db.Letters.AnyAsync(l => l.DossierId == dossier.Id && l.Kind == letter.Kind, cancellationToken))
            {
                ModelState.AddModelError("Form.Kind", Admin.Lang.T("Hồ sơ này đã có một thư loại này.", "This dossier already has a letter of this kind."));
            }
            else
            {
                letter.DossierId = dossier.Id;
                letter.UnitId = dossier.UnitId;
                if (string.IsNullOrWhiteSpace(Form.RecipientName) && dossier.Name is { } applicant)
                {
                    Form.RecipientName = applicant;
                    ModelState.Remove("Form.RecipientName");
                }
            }
        }
        else if (Scope.CheckUnit(Form.UnitCode, Dates.Today(clock), out var unit) is { } problem)
        {
            ModelState.AddModelError("Form.UnitCode", problem.ToString());
        }
        else
        {
            letter.UnitId = unit!.Id;
        }

        return ModelState.IsValid;
    }

    /// <summary>The new appointment typed as a day and an hour (17:00 when the hour is empty), in Vietnam time.</summary>
    private DateTime? Appointment()
    {
        var day = FormErrors.Date(ModelState, "Form.NewAppointmentOn", Form.NewAppointmentOn, required: true);
        var text = string.IsNullOrWhiteSpace(Form.NewAppointmentTime) ? "17:00" : Form.NewAppointmentTime.Trim();
        if (!TimeOnly.TryParseExact(text, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            ModelState.AddModelError("Form.NewAppointmentTime", Admin.Lang.T("Nhập giờ dạng HH:mm, ví dụ 17:00.", "Enter the hour as HH:mm, e.g. 17:00."));
            return null;
        }

        return day is { } d ? VietnamTime.ToUtc(d, time) : null;
    }

    /// <summary>The form again with its problems; a tracked letter goes back as it was, the view of its personal data is still logged.</summary>
    private async Task<IActionResult> ShowAgainAsync(CancellationToken cancellationToken)
    {
        if (Existing is { } letter && db.Entry(letter).State != EntityState.Detached)
        {
            var entry = db.Entry(letter);
            entry.CurrentValues.SetValues(entry.OriginalValues);
            entry.State = EntityState.Unchanged;
            await db.SaveChangesAsync(cancellationToken);
        }

        return Page();
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
