using FriendlyGov.Data;
using FriendlyGov.Domain.Audit;
using FriendlyGov.Domain.Receptions;
using FriendlyGov.Server.Workspace;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Receptions;

/// <summary>/receptions/{id}: one session with its matters and its change history.</summary>
public sealed class DetailModel(FriendlyGovDbContext db) : PageModel
{
    public ReceptionSession Session { get; private set; } = null!;

    public RecordScope Scope { get; private set; } = null!;

    public IReadOnlyList<AuditEntry> Audit { get; private set; } = [];

    [FromQuery(Name = "saved")]
    public bool Saved { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        Scope = await RecordScope.OfAsync(db, User, cancellationToken);
        var session = await Scope.Within(db.ReceptionSessions.AsNoTracking()).Include(r => r.Unit).Include(r => r.Matters.OrderBy(m => m.Id))
            .SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (session is null)
        {
            return NotFound();
        }

        Session = session;
        Audit = await AuditTrail.ListAsync(db, ReceptionFields.RecordType, id, cancellationToken);
        return Page();
    }
}
