using FriendlyGov.Data;
using FriendlyGov.Domain.Petitions;
using FriendlyGov.Server.Workspace;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Petitions;

public sealed record PetitionRow(long Id, DateOnly ReceivedOn, string Unit, PetitionKind Kind, string Subject, PetitionStatus Status, DateOnly? DueOn, string? AssignedTo)
{
    public bool IsOverdueOn(DateOnly today) => Status is PetitionStatus.Received or PetitionStatus.Assigned && DueOn < today;
}

/// <summary>/petitions: the petitions of the user's subtree through their lifecycle, with the legal deadline; overdue ones flagged.</summary>
public sealed class IndexModel(FriendlyGovDbContext db, TimeProvider clock) : RecordListModel
{
    [FromQuery(Name = "kind")]
    public PetitionKind? Kind { get; set; }

    /// <summary>A status, or "open" (received or assigned) or "overdue" (open past the legal deadline).</summary>
    [FromQuery(Name = "status")]
    public string? Status { get; set; }

    public DateOnly Today { get; private set; }

    public int OverdueCount { get; private set; }

    public IReadOnlyList<PetitionRow> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await ResolveAsync(db, cancellationToken))
        {
            return NotFound();
        }

        Today = Dates.Today(clock);
        var today = Today;
        OverdueCount = await Scope.Within(db.Petitions.AsNoTracking(), Unit)
            .CountAsync(p => (p.Status == PetitionStatus.Received || p.Status == PetitionStatus.Assigned) && p.DueOn < today, cancellationToken);
        Rows = await PageAsync(Project(Sorted(Query())), cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        if (!await ResolveAsync(db, cancellationToken))
        {
            return NotFound();
        }

        Today = Dates.Today(clock);
        var rows = await Project(Sorted(Query())).Take(MaxExportRows).ToListAsync(cancellationToken);
        var l = PetitionFields.Labels;
        return Xlsx("don-thu", Spreadsheets.WriteXlsx((Admin.Lang.T("Đơn thư", "Petitions"),
            [l["received_on"].ToString(), l["unit_code"].ToString(), l["kind"].ToString(), l["subject"].ToString(), l["status"].ToString(), l["assigned_to"].ToString(), l["due_on"].ToString(), Admin.Lang.T("Quá hạn", "Overdue")],
            rows.Select(r => (IReadOnlyList<OutCell>)[(DateOnly?)r.ReceivedOn, r.Unit, EnumText.Of(r.Kind).ToString(), r.Subject, EnumText.Of(r.Status).ToString(), r.AssignedTo, r.DueOn, r.IsOverdueOn(Today) ? Admin.Lang.T("Quá hạn", "Overdue") : ""]))));
    }

    private IQueryable<Petition> Query()
    {
        var today = Dates.Today(clock);
        var petitions = Scope.Within(db.Petitions.AsNoTracking(), Unit);
        if (FromDate is { } from)
        {
            petitions = petitions.Where(p => p.ReceivedOn >= from);
        }

        if (ToDate is { } to)
        {
            petitions = petitions.Where(p => p.ReceivedOn <= to);
        }

        if (Kind is { } kind)
        {
            petitions = petitions.Where(p => p.Kind == kind);
        }

        petitions = Status switch
        {
            "open" => petitions.Where(p => p.Status == PetitionStatus.Received || p.Status == PetitionStatus.Assigned),
            "overdue" => petitions.Where(p => (p.Status == PetitionStatus.Received || p.Status == PetitionStatus.Assigned) && p.DueOn < today),
            _ when Enum.TryParse<PetitionStatus>(Status, out var status) => petitions.Where(p => p.Status == status),
            _ => petitions,
        };
        return petitions;
    }

    private static IQueryable<PetitionRow> Project(IQueryable<Petition> petitions) =>
        petitions.Select(p => new PetitionRow(p.Id, p.ReceivedOn, p.Unit!.Name, p.Kind, p.Subject, p.Status, p.DueOn, p.AssignedTo));

    private IQueryable<Petition> Sorted(IQueryable<Petition> rows) => (Sort, Descending) switch
    {
        ("due_on", false) => rows.OrderBy(r => r.DueOn).ThenBy(r => r.Id),
        ("due_on", true) => rows.OrderByDescending(r => r.DueOn).ThenByDescending(r => r.Id),
        ("received_on", false) => rows.OrderBy(r => r.ReceivedOn).ThenBy(r => r.Id),
        _ => rows.OrderByDescending(r => r.ReceivedOn).ThenByDescending(r => r.Id),
    };
}
