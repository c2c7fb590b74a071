using FriendlyGov.Data;
using FriendlyGov.Domain.Audit;
using FriendlyGov.Domain.Receptions;
using FriendlyGov.Server.Workspace;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Receptions;

/// <summary>/receptions/{id}: one session with its matters and its change history.</summary>
public sealed class DetailModel(FriendlyGovDbContext db) : RecordPageModel<ReceptionSession>(db)
{
    public ReceptionSession Session { get; private set; } = null!;

    public IReadOnlyList<AuditEntry> Audit { get; private set; } = [];

    [FromQuery(Name = "saved")]
    public bool Saved { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var record = await FindAsync(id, tracked: false, cancellationToken);
        if (record is null)
        {
            return NotFound();
        }

        Session = record;
        Audit = await AuditTrail.ListAsync(Db, ReceptionFields.RecordType, id, cancellationToken);
        return Page();
    }

    protected override IQueryable<ReceptionSession> Records(FriendlyGovDbContext db) => db.ReceptionSessions.Include(r => r.Unit).Include(r => r.Matters.OrderBy(m => m.Id));
}
