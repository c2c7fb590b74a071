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
public sealed class EditModel(FriendlyGovDbContext db, TimeProvider clock) : PageModel
{
    public const int BlankMatters = 3;

    [BindProperty]
    public ReceptionForm Form { get; set; } = new();

    public long? Id { get; private set; }

    public RecordScope Scope { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long? id, CancellationToken cancellationToken)
    {
        Scope = await RecordScope.OfAsync(db, User, cancellationToken);
        if (id is null)
        {
            var today = Workspace.Dates.Show(Workspace.Dates.Today(clock));
            Form = new ReceptionForm { HeldOn = today, Topic = Admin.Lang.T("Tiếp công dân định kỳ", "Regular citizen reception"), UnitCode = Scope.Own.Code };
        }
        else
        {
            var session = await LoadAsync(id.Value, cancellationToken);
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
        Scope = await RecordScope.OfAsync(db, User, cancellationToken);
        Id = id;
        var session = id is null ? new ReceptionSession() : await LoadAsync(id.Value, cancellationToken);
        if (session is null)
        {
            return NotFound();
        }

        var heldOn = FormErrors.Date(ModelState, "Form.HeldOn", Form.HeldOn, required: true);
        if (heldOn is { } day)
        {
            if (Scope.CheckUnit(Form.UnitCode, day, out var unit) is { } problem)
            {
                ModelState.AddModelError("Form.UnitCode", problem.ToString());
            }
            else
            {
                session.UnitId = unit!.Id;
            }
        }

        session.HeldOn = heldOn ?? default;
        session.HostName = Form.HostName?.Trim() ?? "";
        session.HostRole = Form.HostRole;
        session.CitizensReceived = Form.CitizensReceived;
        session.Topic = Form.Topic?.Trim() ?? "";
        session.Outcome = string.IsNullOrWhiteSpace(Form.Outcome) ? null : Form.Outcome.Trim();
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
            db.ReceptionSessions.Add(session);
        }

        await AuditTrail.SaveAsync(db, ReceptionFields.RecordType, session, Scope.UserName, u => Scope.Find(u)?.Code, clock, cancellationToken);
        return Redirect($"/receptions/{session.Id}?saved=true");
    }

    /// <summary>Puts the form's matter rows into the session; returns, for each kept matter, its row in the form.</summary>
    private List<int> ApplyMatters(ReceptionSession session)
    {
        var kept = new List<int>();
        var matters = new List<ReceptionMatter>();
        for (var i = 0; i < Form.Matters.Count; i++)
        {
            var row = Form.Matters[i];
            if (row.Remove || row.IsBlank)
            {
                continue;
            }

            var matter = row.Id > 0 ? session.Matters.SingleOrDefault(m => m.Id == row.Id) ?? new ReceptionMatter() : new ReceptionMatter();
            matter.Content = row.Content?.Trim() ?? "";
            matter.Handling = row.Handling;
            matter.Result = string.IsNullOrWhiteSpace(row.Result) ? null : row.Result.Trim();
            matters.Add(matter);
            kept.Add(i);
        }

        foreach (var removed in session.Matters.Except(matters).ToList())
        {
            session.Matters.Remove(removed);
        }

        foreach (var added in matters.Except(session.Matters).ToList())
        {
            session.Matters.Add(added);
        }

        return kept;
    }

    private void PadMatters()
    {
        while (Form.Matters.Count(m => m.IsBlank) < BlankMatters)
        {
            Form.Matters.Add(new MatterForm());
        }
    }

    private Task<ReceptionSession?> LoadAsync(long id, CancellationToken cancellationToken) =>
        Scope.Within(db.ReceptionSessions).Include(r => r.Matters).SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
}
