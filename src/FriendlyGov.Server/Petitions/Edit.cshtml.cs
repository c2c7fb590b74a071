using FriendlyGov.Data;
using FriendlyGov.Data.Calendar;
using FriendlyGov.Domain.Petitions;
using FriendlyGov.Server.Workspace;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Petitions;

public sealed class PetitionForm
{
    public string? UnitCode { get; set; }

    public PetitionKind Kind { get; set; }

    public string? Subject { get; set; }

    public string? ReceivedOn { get; set; }

    public Jurisdiction Jurisdiction { get; set; } = Jurisdiction.Own;

    public PetitionComplexity Complexity { get; set; } = PetitionComplexity.Normal;

    public PetitionStatus Status { get; set; } = PetitionStatus.Received;

    public string? AcceptedOn { get; set; }

    public string? AssignedTo { get; set; }

    public string? ForwardedOn { get; set; }

    public string? ForwardedTo { get; set; }

    public string? ResolvedOn { get; set; }

    public string? ResolvedBy { get; set; }

    public string? Result { get; set; }
}

/// <summary>/petitions/new and /petitions/{id}/edit: a petition at every step of its lifecycle; the legal deadline follows from the dates.</summary>
[Authorize(Policy = RecordScope.WritePolicy)]
public sealed class EditModel(FriendlyGovDbContext db, TimeProvider clock) : RecordPageModel<Petition>(db)
{
    [BindProperty]
    public PetitionForm Form { get; set; } = new();

    public long? Id { get; private set; }

    public async Task<IActionResult> OnGetAsync(long? id, CancellationToken cancellationToken)
    {
        await LoadScopeAsync(cancellationToken);
        if (id is null)
        {
            Form = new PetitionForm { ReceivedOn = Dates.Show(Dates.Today(clock)), UnitCode = Scope.Own.Code };
            return Page();
        }

        var p = await FindAsync(id.Value, tracked: false, cancellationToken);
        if (p is null)
        {
            return NotFound();
        }

        Id = id;
        Form = new PetitionForm
        {
            UnitCode = Scope.Find(p.UnitId)?.Code,
            Kind = p.Kind,
            Subject = p.Subject,
            ReceivedOn = Dates.Show(p.ReceivedOn),
            Jurisdiction = p.Jurisdiction,
            Complexity = p.Complexity,
            Status = p.Status,
            AcceptedOn = Dates.Show(p.AcceptedOn),
            AssignedTo = p.AssignedTo,
            ForwardedOn = Dates.Show(p.ForwardedOn),
            ForwardedTo = p.ForwardedTo,
            ResolvedOn = Dates.Show(p.ResolvedOn),
            ResolvedBy = p.ResolvedBy,
            Result = p.Result,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long? id, CancellationToken cancellationToken)
    {
        await LoadScopeAsync(cancellationToken);
        Id = id;
        var petition = id is null ? new Petition() : await FindAsync(id.Value, tracked: true, cancellationToken);
        if (petition is null)
        {
            return NotFound();
        }

        var receivedOn = FormErrors.Date(ModelState, "Form.ReceivedOn", Form.ReceivedOn, required: true);
        petition.UnitId = CheckUnit(Form.UnitCode, receivedOn)?.Id ?? petition.UnitId;

        petition.Kind = Form.Kind;
        petition.Subject = Form.Subject?.Trim() ?? "";
        petition.ReceivedOn = receivedOn ?? default;
        petition.Jurisdiction = Form.Jurisdiction;
        petition.Complexity = Form.Complexity;
        petition.Status = Form.Status;
        petition.AcceptedOn = FormErrors.Date(ModelState, "Form.AcceptedOn", Form.AcceptedOn, required: false);
        petition.AssignedTo = FormErrors.Text(Form.AssignedTo);
        petition.ForwardedOn = FormErrors.Date(ModelState, "Form.ForwardedOn", Form.ForwardedOn, required: false);
        petition.ForwardedTo = FormErrors.Text(Form.ForwardedTo);
        petition.ResolvedOn = FormErrors.Date(ModelState, "Form.ResolvedOn", Form.ResolvedOn, required: false);
        petition.ResolvedBy = FormErrors.Text(Form.ResolvedBy);
        petition.Result = FormErrors.Text(Form.Result);

        petition.RefreshDerived();
        // The unit and the day were checked above; a date that did not parse keeps its own message.
        var errors = petition.Validate().Where(e => e.Field is not ("unit_code" or "received_on")
            && ModelState.GetFieldValidationState("Form." + FormErrors.Pascal(e.Field)) != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid);
        FormErrors.Add(ModelState, errors, PetitionFields.Label);
        if (ModelState.IsValid)
        {
            try
            {
                petition.RefreshDeadline(await HolidayTable.LoadAsync(Db, cancellationToken));
            }
            catch (InvalidOperationException)
            {
                ModelState.AddModelError("Form.ReceivedOn", Admin.Lang.T("Bảng ngày nghỉ chưa có năm này: chưa tính được hạn giải quyết.", "The holiday table has no data for this year: the deadline cannot be computed."));
            }
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (id is null)
        {
            Db.Petitions.Add(petition);
        }

        await AuditTrail.SaveAsync(Db, PetitionFields.RecordType, petition, Scope.UserName, Scope.CodeOf, clock, cancellationToken);
        return Redirect($"/petitions/{petition.Id}?saved=true");
    }

    protected override IQueryable<Petition> Records(FriendlyGovDbContext db) => db.Petitions;
}
