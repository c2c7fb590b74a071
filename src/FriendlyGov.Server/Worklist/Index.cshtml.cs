using FriendlyGov.Data;
using FriendlyGov.Server.Workspace;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FriendlyGov.Server.Worklist;

/// <summary>/worklist: the officer's day (their home page); leaders may read it too.</summary>
public sealed class IndexModel(FriendlyGovDbContext db, WorklistQueries worklist, WorklistBadge badge, TimeProvider clock) : PageModel
{
    public WorklistDay Day { get; private set; } = null!;

    public RecordScope Scope { get; private set; } = null!;

    public DateTime Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Scope = await RecordScope.OfAsync(db, User, cancellationToken);
        Now = clock.GetUtcNow().UtcDateTime;
        Day = await worklist.DayAsync(Scope, cancellationToken);
        badge.Remember(User, Day.Total);
        return Page();
    }
}
