using FriendlyGov.Data;
using FriendlyGov.Domain.Audit;
using FriendlyGov.Domain.Petitions;
using FriendlyGov.Server.Workspace;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Petitions;

/// <summary>/petitions/{id}: one petition through its lifecycle, its legal deadline, and its change history.</summary>
public sealed class DetailModel(FriendlyGovDbContext db, TimeProvider clock) : RecordPageModel<Petition>(db)
{
    public Petition Petition { get; private set; } = null!;

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

        Petition = record;
        Today = Dates.Today(clock);
        Audit = await AuditTrail.ListAsync(Db, PetitionFields.RecordType, id, cancellationToken);
        return Page();
    }

    protected override IQueryable<Petition> Records(FriendlyGovDbContext db) => db.Petitions.Include(p => p.Unit);
}
