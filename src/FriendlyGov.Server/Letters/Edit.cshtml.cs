using System.Globalization;
using FriendlyGov.Data;
using FriendlyGov.Data.Staff;
using FriendlyGov.Domain.Calendar;
using FriendlyGov.Domain.Letters;
using FriendlyGov.Server.Workspace;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
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
public sealed class EditModel(FriendlyGovDbContext db, TimeProvider clock) : LetterPageModel(db, clock)
{
    [BindProperty]
    public LetterForm Form { get; set; } = new();

    public long? Id { get; private set; }

    /// <summary>The letter being edited (its kind and dossier no longer change); null for a new one.</summary>
    public Letter? Existing => Id is null ? null : Letter;

    public async Task<IActionResult> OnGetAsync(long? id, [FromQuery(Name = "kind")] LetterKind? kind, [FromQuery(Name = "dossier")] string? dossier, CancellationToken cancellationToken)
    {
        if (id is null)
        {
            await LoadScopeAsync(cancellationToken);
            Form = new LetterForm { UnitCode = Scope.Own.Code, Kind = kind ?? LetterKind.Unspecified, DossierCode = dossier, SignerTitle = LetterFields.DefaultSignerTitle, NewAppointmentTime = "17:00" };
            return Page();
        }

        if (!await FindLetterAsync(id.Value, "/letters/{id}/edit", tracked: false, cancellationToken))
        {
            return NotFound();
        }

        if (Letter.State != LetterState.Proposed)
        {
            return Redirect($"/letters/{id}");
        }

        Id = id;
        var l = Letter;
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
        var now = Clock.GetUtcNow().UtcDateTime;
        Letter letter;
        if (id is null)
        {
            await LoadScopeAsync(cancellationToken);
            letter = new Letter { Kind = Form.Kind, State = LetterState.Proposed, ProposedAt = now, ProposedBy = Scope.UserName };
            if (!await PlaceAsync(letter, cancellationToken))
            {
                return Page();
            }
        }
        else
        {
            if (!await FindLetterAsync(id.Value, "/letters/{id}/edit", tracked: true, cancellationToken))
            {
                return NotFound();
            }

            if (Letter.State != LetterState.Proposed)
            {
                return Redirect($"/letters/{id}");
            }

            Id = id;
            letter = Letter;
        }

        letter.RecipientName = Form.RecipientName?.Trim() ?? "";
        letter.RecipientAddress = FormErrors.Text(Form.RecipientAddress);
        letter.Number = FormErrors.Text(Form.Number);
        letter.Message = FormErrors.Text(Form.Message);
        letter.SignerTitle = FormErrors.Text(Form.SignerTitle);
        letter.SignerName = FormErrors.Text(Form.SignerName);
        letter.Reason = letter.Kind == LetterKind.LateApology ? FormErrors.Text(Form.Reason) : null;
        letter.NewAppointmentAt = letter.Kind == LetterKind.LateApology ? Appointment() : null;

        letter.RefreshDerived();
        var errors = letter.Validate().Where(e => e.Field is not ("unit_code" or "dossier_code" or "kind")
            && ModelState.GetFieldValidationState("Form." + FormErrors.Pascal(e.Field)) != ModelValidationState.Invalid
            && !(e.Field == "new_appointment_time" && ModelState.GetFieldValidationState("Form.NewAppointmentOn") == ModelValidationState.Invalid));
        FormErrors.Add(ModelState, errors.Select(e => e.Field == "new_appointment_time" ? e with { Field = "new_appointment_on" } : e), LetterFields.Label);
        if (!ModelState.IsValid)
        {
            if (id is not null)
            {
                await DropChangesAsync(cancellationToken);
            }

            return Page();
        }

        if (id is null)
        {
            Db.Letters.Add(letter);
        }

        try
        {
            await AuditTrail.SaveAsync(Db, LetterFields.RecordType, letter, Scope.UserName, Scope.CodeOf, Clock, cancellationToken);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            Db.ChangeTracker.Clear();
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
                : await Scope.Within(Db.Dossiers.AsNoTracking()).Where(d => d.Code == code).Select(d => new { d.Id, d.UnitId, d.Applicant.Name }).SingleOrDefaultAsync(cancellationToken);
            if (dossier is null)
            {
                ModelState.AddModelError("Form.DossierCode", string.IsNullOrEmpty(code)
                    ? Admin.Lang.T("Nhập mã hồ sơ của thư này.", "Enter the dossier this letter is about.")
                    : Admin.Lang.T($"Không có hồ sơ {code} trong phạm vi của bạn.", $"No dossier {code} is within your scope."));
            }
            else if (await Db.Letters.AnyAsync(l => l.DossierId == dossier.Id && l.Kind == letter.Kind, cancellationToken))
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
        else if (Scope.CheckUnit(Form.UnitCode, Dates.Today(Clock), out var unit) is { } problem)
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
}
