using FriendlyGov.Data;
using FriendlyGov.Domain.Audit;
using FriendlyGov.Domain.Petitions;
using FriendlyGov.Server.Workspace;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Petitions;

/// <summary>/petitions/{id}: one petition through its lifecycle, its legal deadline, and its change history.</summary>
public sealed class DetailModel(FriendlyGovDbContext db, TimeProvider clock) : PageModel
{
    public Petition Petition { get; private set; } = null!;

    public RecordScope Scope { get; private set; } = null!;

    public IReadOnlyList<AuditEntry> Audit { get; private set; } = [];

    public DateOnly Today { get; private set; }

    [FromQuery(Name = "saved")]
    public bool Saved { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        Scope = await RecordScope.OfAsync(db, User, cancellationToken);
        var petition = await Scope.Within(db.Petitions.AsNoTracking()).Include(p => p.Unit).SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (petition is null)
        {
            return NotFound();
        }

        Petition = petition;
        Today = Dates.Today(clock);
        Audit = await AuditTrail.ListAsync(db, PetitionFields.RecordType, id, cancellationToken);
        return Page();
    }
}
