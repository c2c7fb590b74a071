using FriendlyGov.Data;
using FriendlyGov.Domain.Dialogues;
using FriendlyGov.Server.Workspace;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Dialogues;

public sealed class DialogueForm
{
    public string? UnitCode { get; set; }

    public string? HeldOn { get; set; }

    public string? HostName { get; set; }

    public int Participants { get; set; }

    public string? Topic { get; set; }

    public List<OpinionForm> Opinions { get; set; } = [];
}

public sealed class OpinionForm
{
    public long Id { get; set; }

    public string? Content { get; set; }

    public string? AssignedTo { get; set; }

    public string? PromisedOn { get; set; }

    public string? FollowUp { get; set; }

    public string? AnsweredOn { get; set; }

    public bool Resolved { get; set; }

    public bool Remove { get; set; }

    public bool IsBlank => new[] { Content, AssignedTo, PromisedOn, FollowUp, AnsweredOn }.All(string.IsNullOrWhiteSpace) && !Resolved;
}

/// <summary>/dialogues/new and /dialogues/{id}/edit: the dialogue and each opinion's follow-up in one form.</summary>
[Authorize(Policy = RecordScope.WritePolicy)]
public sealed class EditModel(FriendlyGovDbContext db, TimeProvider clock) : RecordPageModel<Dialogue>(db)
{
    public const int BlankOpinions = 3;

    [BindProperty]
    public DialogueForm Form { get; set; } = new();

    public long? Id { get; private set; }

    public async Task<IActionResult> OnGetAsync(long? id, CancellationToken cancellationToken)
    {
        await LoadScopeAsync(cancellationToken);
        if (id is null)
        {
            Form = new DialogueForm { HeldOn = Dates.Show(Dates.Today(clock)), UnitCode = Scope.Own.Code };
        }
        else
        {
            var dialogue = await FindAsync(id.Value, tracked: false, cancellationToken);
            if (dialogue is null)
            {
                return NotFound();
            }

            Id = id;
            Form = new DialogueForm
            {
                UnitCode = Scope.Find(dialogue.UnitId)?.Code,
                HeldOn = Dates.Show(dialogue.HeldOn),
                HostName = dialogue.HostName,
                Participants = dialogue.Participants,
                Topic = dialogue.Topic,
                Opinions =
                [
                    .. dialogue.Opinions.OrderBy(o => o.Id).Select(o => new OpinionForm
                    {
                        Id = o.Id,
                        Content = o.Content,
                        AssignedTo = o.AssignedTo,
                        PromisedOn = Dates.Show(o.PromisedOn),
                        FollowUp = o.FollowUp,
                        AnsweredOn = Dates.Show(o.AnsweredOn),
                        Resolved = o.Resolved,
                    }),
                ],
            };
        }

        Pad();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long? id, CancellationToken cancellationToken)
    {
        await LoadScopeAsync(cancellationToken);
        Id = id;
        var dialogue = id is null ? new Dialogue() : await FindAsync(id.Value, tracked: true, cancellationToken);
        if (dialogue is null)
        {
            return NotFound();
        }

        var heldOn = FormErrors.Date(ModelState, "Form.HeldOn", Form.HeldOn, required: true);
        dialogue.UnitId = CheckUnit(Form.UnitCode, heldOn)?.Id ?? dialogue.UnitId;
        dialogue.HeldOn = heldOn ?? default;
        dialogue.HostName = Form.HostName?.Trim() ?? "";
        dialogue.Participants = Form.Participants;
        dialogue.Topic = Form.Topic?.Trim() ?? "";
        var kept = ApplyOpinions(dialogue);

        dialogue.RefreshDerived();
        var errors = dialogue.Validate().Where(e => e.Field is not ("unit_code" or "held_on"));
        FormErrors.Add(ModelState, FormErrors.Reindex(errors, "opinions", kept), DialogueFields.Label);
        if (!ModelState.IsValid)
        {
            Pad();
            return Page();
        }

        if (id is null)
        {
            Db.Dialogues.Add(dialogue);
        }

        await AuditTrail.SaveAsync(Db, DialogueFields.RecordType, dialogue, Scope.UserName, Scope.CodeOf, clock, cancellationToken);
        return Redirect($"/dialogues/{dialogue.Id}?saved=true");
    }

    private List<int> ApplyOpinions(Dialogue dialogue) =>
        ChildRows.Apply(Form.Opinions, dialogue.Opinions, row => row.Remove || row.IsBlank, row => row.Id, o => o.Id, (row, opinion, i) =>
        {
            opinion.Content = row.Content?.Trim() ?? "";
            opinion.AssignedTo = FormErrors.Text(row.AssignedTo);
            opinion.PromisedOn = FormErrors.Date(ModelState, $"Form.Opinions[{i}].PromisedOn", row.PromisedOn, required: false);
            opinion.FollowUp = FormErrors.Text(row.FollowUp);
            opinion.AnsweredOn = FormErrors.Date(ModelState, $"Form.Opinions[{i}].AnsweredOn", row.AnsweredOn, required: false);
            opinion.Resolved = row.Resolved;
        });

    private void Pad()
    {
        while (Form.Opinions.Count(o => o.IsBlank) < BlankOpinions)
        {
            Form.Opinions.Add(new OpinionForm());
        }
    }

    protected override IQueryable<Dialogue> Records(FriendlyGovDbContext db) => db.Dialogues.Include(d => d.Opinions);
}
