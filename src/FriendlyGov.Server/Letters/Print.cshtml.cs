using FriendlyGov.Data;
using FriendlyGov.Data.Staff;
using FriendlyGov.Server.Workspace;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FriendlyGov.Server.Letters;

/// <summary>
/// /letters/{id}/print: the letter alone on an A4 page, ready for the browser's print (print CSS served by
/// the app), and ?handler=docx: the same words as a Word document. Officers only: the letter carries the
/// citizen's name, and every view of it is logged.
/// </summary>
[Authorize(Roles = StaffRoles.Officer)]
public sealed class PrintModel(FriendlyGovDbContext db, TimeProvider clock) : PageModel
{
    public LetterDocument Document { get; private set; } = null!;

    public long Id { get; private set; }

    public bool Draft { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var record = await FindAsync(id, "/letters/{id}/print", cancellationToken);
        if (record is null)
        {
            return NotFound();
        }

        Id = id;
        Draft = record.Letter.State != Domain.Letters.LetterState.Issued;
        Document = LetterDocument.Of(record.Letter, record.Letter.Unit!, record.Letter.Dossier, Dates.Today(clock));
        return Page();
    }

    public async Task<IActionResult> OnGetDocxAsync(long id, CancellationToken cancellationToken)
    {
        var record = await FindAsync(id, "/letters/{id}/print?handler=docx", cancellationToken);
        if (record is null)
        {
            return NotFound();
        }

        var document = LetterDocument.Of(record.Letter, record.Letter.Unit!, record.Letter.Dossier, Dates.Today(clock));
        var name = $"thu-{record.Letter.Kind.ToString().ToLowerInvariant()}-{id}.docx";
        return File(LetterDocx.Write(document), LetterDocx.ContentType, name);
    }

    private async Task<LetterRecord?> FindAsync(long id, string page, CancellationToken cancellationToken)
    {
        var scope = await RecordScope.OfAsync(db, User, cancellationToken);
        return await LetterRecord.FindAsync(db, scope, User, id, page, clock, tracked: false, cancellationToken);
    }
}
