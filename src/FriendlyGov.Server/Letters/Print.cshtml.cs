using FriendlyGov.Data;
using FriendlyGov.Data.Staff;
using FriendlyGov.Domain.Letters;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace FriendlyGov.Server.Letters;

/// <summary>
/// /letters/{id}/print: the letter alone on an A4 page, ready for the browser's print (print CSS served by
/// the app), and ?handler=docx: the same words as a Word document. Officers only: the letter carries the
/// citizen's name, and every view of it is logged.
/// </summary>
[Authorize(Roles = StaffRoles.Officer)]
public sealed class PrintModel(FriendlyGovDbContext db, TimeProvider clock) : LetterPageModel(db, clock)
{
    public LetterDocument LetterText { get; private set; } = null!;

    public bool Draft => Letter.State != LetterState.Issued;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (!await FindLetterAsync(id, "/letters/{id}/print", tracked: false, cancellationToken))
        {
            return NotFound();
        }

        LetterText = Document();
        return Page();
    }

    public async Task<IActionResult> OnGetDocxAsync(long id, CancellationToken cancellationToken)
    {
        if (!await FindLetterAsync(id, "/letters/{id}/print?handler=docx", tracked: false, cancellationToken))
        {
            return NotFound();
        }

        return File(LetterDocx.Write(Document()), LetterDocx.ContentType, $"thu-{Letter.Kind.ToString().ToLowerInvariant()}-{id}.docx");
    }
}
