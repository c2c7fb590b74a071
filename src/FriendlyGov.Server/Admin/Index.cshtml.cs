using FriendlyGov.Data.Staff;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FriendlyGov.Server.Admin;

/// <summary>Home: an officer goes to their day's work (the worklist), a leader or an admin to the scorecard.</summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() => LocalRedirect(User.IsInRole(StaffRoles.Officer) ? "/worklist" : "/dashboard");
}
