using FriendlyGov.Data;
using FriendlyGov.Domain.Dialogues;
using FriendlyGov.Server.Workspace;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Dialogues;

public sealed record OpinionRow(long DialogueId, DateOnly HeldOn, string Unit, string Topic, long Id, string Content, string? AssignedTo,
    DateOnly? PromisedOn, string? FollowUp, DateOnly? AnsweredOn, bool Resolved);

/// <summary>
/// /dialogues/opinions: every opinion raised in the dialogues of the user's subtree, one a row, placed by
/// the day its dialogue was held — the records the indicator dialogues.opinions counts — with its follow-up.
/// </summary>
public sealed class OpinionsModel(FriendlyGovDbContext db, TimeProvider clock) : RecordListModel
{
    /// <summary>"open": not closed yet; "overdue": open past its promised day.</summary>
    [FromQuery(Name = "follow_up")]
    public string? FollowUp { get; set; }

    public DateOnly Today { get; private set; }

    public IReadOnlyList<OpinionRow> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await ResolveAsync(db, cancellationToken))
        {
            return NotFound();
        }

        Rows = await PageAsync(Query(), cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        if (!await ResolveAsync(db, cancellationToken))
        {
            return NotFound();
        }

        var rows = await Query().Take(MaxExportRows).ToListAsync(cancellationToken);
        var l = DialogueFields.Labels;
        return Xlsx("y-kien-doi-thoai", Spreadsheets.WriteXlsx((Admin.Lang.T("Ý kiến đối thoại", "Dialogue opinions"),
            [l["held_on"].ToString(), l["unit_code"].ToString(), l["topic"].ToString(), l["opinions[].content"].ToString(), l["opinions[].assigned_to"].ToString(),
                l["opinions[].promised_on"].ToString(), l["opinions[].follow_up"].ToString(), l["opinions[].answered_on"].ToString(), l["opinions[].resolved"].ToString()],
            rows.Select(r => (IReadOnlyList<OutCell>)[(DateOnly?)r.HeldOn, r.Unit, r.Topic, r.Content, r.AssignedTo, r.PromisedOn, r.FollowUp, r.AnsweredOn,
                r.Resolved ? Admin.Lang.T("Có", "Yes") : Admin.Lang.T("Chưa", "No")]))));
    }

    private IQueryable<OpinionRow> Query()
    {
        Today = Dates.Today(clock);
        var today = Today;
        var dialogues = Scope.Within(db.Dialogues.AsNoTracking(), Unit);
        if (FromDate is { } from)
        {
            dialogues = dialogues.Where(d => d.HeldOn >= from);
        }

        if (ToDate is { } to)
        {
            dialogues = dialogues.Where(d => d.HeldOn <= to);
        }

        var opinions = dialogues.SelectMany(d => d.Opinions, (d, o) => new { Dialogue = d, Opinion = o });
        opinions = FollowUp switch
        {
            "open" => opinions.Where(x => !x.Opinion.Resolved),
            "overdue" => opinions.Where(x => !x.Opinion.Resolved && x.Opinion.PromisedOn < today),
            _ => opinions,
        };
        return opinions.OrderByDescending(x => x.Dialogue.HeldOn).ThenByDescending(x => x.Dialogue.Id).ThenBy(x => x.Opinion.Id)
            .Select(x => new OpinionRow(x.Dialogue.Id, x.Dialogue.HeldOn, x.Dialogue.Unit!.Name, x.Dialogue.Topic, x.Opinion.Id, x.Opinion.Content, x.Opinion.AssignedTo,
                x.Opinion.PromisedOn, x.Opinion.FollowUp, x.Opinion.AnsweredOn, x.Opinion.Resolved));
    }
}
