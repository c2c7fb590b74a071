using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FriendlyGov.Server.Admin;

/// <summary>The scorecard is the home page until the record pages arrive.</summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/dashboard");
}
