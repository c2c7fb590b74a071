using FriendlyGov.Data;
using FriendlyGov.Domain.Audit;
using FriendlyGov.Domain.Dialogues;
using FriendlyGov.Server.Workspace;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Dialogues;

/// <summary>/dialogues/{id}: one dialogue, its opinions with their follow-up, and its change history.</summary>
public sealed class DetailModel(FriendlyGovDbContext db, TimeProvider clock) : RecordPageModel<Dialogue>(db)
{
    public Dialogue Dialogue { get; private set; } = null!;

    public IReadOnlyList<AuditEntry> Audit { get; private set; } = [];

    public DateOnly Today { get; private set; }

    [FromQuery(Name = "saved")]
    public bool Saved { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var record = await FindAsync(id, tracked: false, cancellationToken);
        if (record is null)
        {
            return NotFound();
        }

        Dialogue = record;
        Today = Dates.Today(clock);
        Audit = await AuditTrail.ListAsync(Db, DialogueFields.RecordType, id, cancellationToken);
        return Page();
    }

    protected override IQueryable<Dialogue> Records(FriendlyGovDbContext db) => db.Dialogues.Include(d => d.Unit).Include(d => d.Opinions.OrderBy(o => o.Id));
}
