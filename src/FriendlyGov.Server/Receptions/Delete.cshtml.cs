using FriendlyGov.Data;
using FriendlyGov.Domain.Receptions;
using FriendlyGov.Server.Workspace;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Receptions;

/// <summary>/receptions/{id}/delete: asks, then deletes the session with its matters; the audit keeps what it held.</summary>
[Authorize(Policy = RecordScope.WritePolicy)]
public sealed class DeleteModel(FriendlyGovDbContext db, TimeProvider clock) : PageModel
{
    public ReceptionSession Session { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var scope = await RecordScope.OfAsync(db, User, cancellationToken);
        var session = await scope.Within(db.ReceptionSessions.AsNoTracking()).SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (session is null)
        {
            return NotFound();
        }

        Session = session;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        var scope = await RecordScope.OfAsync(db, User, cancellationToken);
        var session = await scope.Within(db.ReceptionSessions).Include(r => r.Matters).SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (session is null)
        {
            return NotFound();
        }

        db.ReceptionSessions.Remove(session);
        await AuditTrail.SaveAsync(db, ReceptionFields.RecordType, session, scope.UserName, u => scope.Find(u)?.Code, clock, cancellationToken);
        return Redirect("/receptions");
    }
}
