using FriendlyGov.Data;
using FriendlyGov.Domain.Dialogues;
using FriendlyGov.Server.Workspace;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Dialogues;

public sealed record DialogueRow(long Id, DateOnly HeldOn, string Unit, string HostName, int Participants, string Topic, int Opinions, int Open, int Overdue);

/// <summary>/dialogues: the dialogues of the user's subtree with their opinions' follow-up; an open opinion past its promised day is flagged.</summary>
public sealed class IndexModel(FriendlyGovDbContext db, TimeProvider clock) : RecordListModel
{
    /// <summary>"open": with an opinion still open; "overdue": with an open opinion past its promised day.</summary>
    [FromQuery(Name = "follow_up")]
    public string? FollowUp { get; set; }

    public DateOnly Today { get; private set; }

    public IReadOnlyList<DialogueRow> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await ResolveAsync(db, cancellationToken))
        {
            return NotFound();
        }

        Rows = await PageAsync(Project(Sorted(Query())), cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        if (!await ResolveAsync(db, cancellationToken))
        {
            return NotFound();
        }

        var rows = await Project(Sorted(Query())).Take(MaxExportRows).ToListAsync(cancellationToken);
        var l = DialogueFields.Labels;
        return Xlsx("doi-thoai", Spreadsheets.WriteXlsx((Admin.Lang.T("Đối thoại", "Dialogues"),
            [l["held_on"].ToString(), l["unit_code"].ToString(), l["host_name"].ToString(), l["participants"].ToString(), l["topic"].ToString(), Admin.Lang.T("Số ý kiến", "Opinions"), Admin.Lang.T("Còn mở", "Open"), Admin.Lang.T("Quá hẹn", "Past promised day")],
            rows.Select(r => (IReadOnlyList<OutCell>)[(DateOnly?)r.HeldOn, r.Unit, r.HostName, r.Participants, r.Topic, r.Opinions, r.Open, r.Overdue]))));
    }

    private IQueryable<Dialogue> Query()
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

        if (FollowUp == "open")
        {
            dialogues = dialogues.Where(d => d.Opinions.Any(o => !o.Resolved));
        }
        else if (FollowUp == "overdue")
        {
            dialogues = dialogues.Where(d => d.Opinions.Any(o => !o.Resolved && o.PromisedOn < today));
        }

        return dialogues;
    }

    private IQueryable<DialogueRow> Project(IQueryable<Dialogue> dialogues)
    {
        var today = Today;
        return dialogues.Select(d => new DialogueRow(d.Id, d.HeldOn, d.Unit!.Name, d.HostName, d.Participants, d.Topic,
            d.Opinions.Count, d.Opinions.Count(o => !o.Resolved), d.Opinions.Count(o => !o.Resolved && o.PromisedOn < today)));
    }

    private IQueryable<Dialogue> Sorted(IQueryable<Dialogue> rows) => (Sort, Descending) switch
    {
        ("overdue", false) => rows.OrderBy(d => d.Opinions.Count(o => !o.Resolved && o.PromisedOn < Today)).ThenBy(r => r.Id),
        ("overdue", true) => rows.OrderByDescending(d => d.Opinions.Count(o => !o.Resolved && o.PromisedOn < Today)).ThenByDescending(r => r.Id),
        ("held_on", false) => rows.OrderBy(r => r.HeldOn).ThenBy(r => r.Id),
        _ => rows.OrderByDescending(r => r.HeldOn).ThenByDescending(r => r.Id),
    };
}
