using FriendlyGov.Data;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Receptions;
using FriendlyGov.Server.Workspace;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Receptions;

public sealed class ReceptionForm
{
    public string? UnitCode { get; set; }

    public string? HeldOn { get; set; }

    public string? HostName { get; set; }

    public HostRole HostRole { get; set; }

    public int CitizensReceived { get; set; }

    public string? Topic { get; set; }

    public string? Outcome { get; set; }

    public List<MatterForm> Matters { get; set; } = [];
}

public sealed class MatterForm
{
    public long Id { get; set; }

    public string? Content { get; set; }

    public MatterHandling Handling { get; set; }

    public string? Result { get; set; }

    public bool Remove { get; set; }

    public bool IsBlank => string.IsNullOrWhiteSpace(Content) && Handling == MatterHandling.Unspecified && string.IsNullOrWhiteSpace(Result);
}

/// <summary>/receptions/new and /receptions/{id}/edit: the session and its matters in one form (blank matter rows are left out).</summary>
[Authorize(Policy = RecordScope.WritePolicy)]
public sealed class EditModel(FriendlyGovDbContext db, TimeProvider clock) : RecordPageModel<ReceptionSession>(db)
{
    public const int BlankMatters = 3;

    [BindProperty]
    public ReceptionForm Form { get; set; } = new();

    public long? Id { get; private set; }

    public async Task<IActionResult> OnGetAsync(long? id, CancellationToken cancellationToken)
    {
        await LoadScopeAsync(cancellationToken);
        if (id is null)
        {
            var today = Workspace.Dates.Show(Workspace.Dates.Today(clock));
            Form = new ReceptionForm { HeldOn = today, Topic = Admin.Lang.T("Tiếp công dân định kỳ", "Regular citizen reception"), UnitCode = Scope.Own.Code };
        }
        else
        {
            var session = await FindAsync(id.Value, tracked: false, cancellationToken);
            if (session is null)
            {
                return NotFound();
            }

            Id = id;
            Form = new ReceptionForm
            {
                UnitCode = Scope.Find(session.UnitId)?.Code,
                HeldOn = Workspace.Dates.Show(session.HeldOn),
                HostName = session.HostName,
                HostRole = session.HostRole,
                CitizensReceived = session.CitizensReceived,
                Topic = session.Topic,
                Outcome = session.Outcome,
                Matters = [.. session.Matters.OrderBy(m => m.Id).Select(m => new MatterForm { Id = m.Id, Content = m.Content, Handling = m.Handling, Result = m.Result })],
            };
        }

        PadMatters();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long? id, CancellationToken cancellationToken)
    {
        await LoadScopeAsync(cancellationToken);
        Id = id;
        var session = id is null ? new ReceptionSession() : await FindAsync(id.Value, tracked: true, cancellationToken);
        if (session is null)
        {
            return NotFound();
        }

        var heldOn = FormErrors.Date(ModelState, "Form.HeldOn", Form.HeldOn, required: true);
        session.UnitId = CheckUnit(Form.UnitCode, heldOn)?.Id ?? session.UnitId;
        session.HeldOn = heldOn ?? default;
        session.HostName = Form.HostName?.Trim() ?? "";
        session.HostRole = Form.HostRole;
        session.CitizensReceived = Form.CitizensReceived;
        session.Topic = Form.Topic?.Trim() ?? "";
        session.Outcome = FormErrors.Text(Form.Outcome);
        var kept = ApplyMatters(session);

        session.RefreshDerived();
        // The unit and the day were checked above, with the scope's own words.
        var errors = session.Validate().Where(e => e.Field is not ("unit_code" or "held_on"));
        FormErrors.Add(ModelState, FormErrors.Reindex(errors, "matters", kept), ReceptionFields.Label);
        if (!ModelState.IsValid)
        {
            PadMatters();
            return Page();
        }

        if (id is null)
        {
            Db.ReceptionSessions.Add(session);
        }

        await AuditTrail.SaveAsync(Db, ReceptionFields.RecordType, session, Scope.UserName, Scope.CodeOf, clock, cancellationToken);
        return Redirect($"/receptions/{session.Id}?saved=true");
    }

    /// <summary>Puts the form's matter rows into the session; returns, for each kept matter, its row in the form.</summary>
    private List<int> ApplyMatters(ReceptionSession session) =>
        ChildRows.Apply(Form.Matters, session.Matters, row => row.Remove || row.IsBlank, row => row.Id, m => m.Id, (row, matter, _) =>
        {
            matter.Content = row.Content?.Trim() ?? "";
            matter.Handling = row.Handling;
            matter.Result = FormErrors.Text(row.Result);
        });

    private void PadMatters()
    {
        while (Form.Matters.Count(m => m.IsBlank) < BlankMatters)
        {
            Form.Matters.Add(new MatterForm());
        }
    }

    protected override IQueryable<ReceptionSession> Records(FriendlyGovDbContext db) => db.ReceptionSessions.Include(r => r.Matters);
}
