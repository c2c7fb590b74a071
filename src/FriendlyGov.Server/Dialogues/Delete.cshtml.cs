using FriendlyGov.Data;
using FriendlyGov.Domain.Dialogues;
using FriendlyGov.Server.Workspace;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Dialogues;

/// <summary>/dialogues/{id}/delete: asks, then deletes the dialogue with its opinions; the audit keeps what it held.</summary>
[Authorize(Policy = RecordScope.WritePolicy)]
public sealed class DeleteModel(FriendlyGovDbContext db, TimeProvider clock) : PageModel
{
    public Dialogue Session { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var scope = await RecordScope.OfAsync(db, User, cancellationToken);
        var session = await scope.Within(db.Dialogues.AsNoTracking()).SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
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
        var session = await scope.Within(db.Dialogues).Include(r => r.Opinions).SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (session is null)
        {
            return NotFound();
        }

        db.Dialogues.Remove(session);
        await AuditTrail.SaveAsync(db, DialogueFields.RecordType, session, scope.UserName, u => scope.Find(u)?.Code, clock, cancellationToken);
        return Redirect("/dialogues");
    }
}
