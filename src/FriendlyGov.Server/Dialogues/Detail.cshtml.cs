using FriendlyGov.Data;
using FriendlyGov.Domain.Audit;
using FriendlyGov.Domain.Dialogues;
using FriendlyGov.Server.Workspace;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Dialogues;

/// <summary>/dialogues/{id}: one dialogue, its opinions with their follow-up, and its change history.</summary>
public sealed class DetailModel(FriendlyGovDbContext db, TimeProvider clock) : PageModel
{
    public Dialogue Dialogue { get; private set; } = null!;

    public RecordScope Scope { get; private set; } = null!;

    public IReadOnlyList<AuditEntry> Audit { get; private set; } = [];

    public DateOnly Today { get; private set; }

    [FromQuery(Name = "saved")]
    public bool Saved { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        Scope = await RecordScope.OfAsync(db, User, cancellationToken);
        var dialogue = await Scope.Within(db.Dialogues.AsNoTracking()).Include(d => d.Unit).Include(d => d.Opinions.OrderBy(o => o.Id))
            .SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (dialogue is null)
        {
            return NotFound();
        }

        Dialogue = dialogue;
        Today = Dates.Today(clock);
        Audit = await AuditTrail.ListAsync(db, DialogueFields.RecordType, id, cancellationToken);
        return Page();
    }
}
