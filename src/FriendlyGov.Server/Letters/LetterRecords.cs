using FriendlyGov.Data;
using FriendlyGov.Domain.Letters;
using FriendlyGov.Server.Sync;
using FriendlyGov.Server.Workspace;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Letters;

/// <summary>
/// What the pages of one letter share: the letter of the user's subtree with its unit and dossier
/// (outside it, 404), and the recipient's name — unmasked for an officer, each such view logged in
/// personal_data_accesses (Decree 13/2023), masked as gRPC masks it for anyone else.
/// </summary>
public abstract class LetterPageModel(FriendlyGovDbContext db, TimeProvider clock) : RecordPageModel<Letter>(db)
{
    public Letter Letter { get; private set; } = null!;

    /// <summary>The user sees the recipient unmasked (an officer): only they edit, issue, print.</summary>
    public bool Unmasked { get; private set; }

    public string Recipient => Unmasked ? Letter.RecipientName : PersonalData.MaskName(Letter.RecipientName);

    protected TimeProvider Clock => clock;

    protected override IQueryable<Letter> Records(FriendlyGovDbContext db) =>
        db.Letters.Include(l => l.Unit).Include(l => l.Dossier).ThenInclude(d => d!.Procedure);

    /// <summary>Finds the letter (false: it does not exist for this user) and logs the view of its personal data when unmasked; a tracked lookup saves the log with the change.</summary>
    protected async Task<bool> FindLetterAsync(long id, string page, bool tracked, CancellationToken cancellationToken)
    {
        var letter = await FindAsync(id, tracked, cancellationToken);
        if (letter is null)
        {
            return false;
        }

        Letter = letter;
        Unmasked = PersonalData.SeenUnmaskedBy(User);
        if (Unmasked)
        {
            PersonalData.LogView(Db, Scope.UserName, LetterFields.RecordType, id.ToString(System.Globalization.CultureInfo.InvariantCulture), page, clock.GetUtcNow().UtcDateTime);
            if (!tracked)
            {
                await Db.SaveChangesAsync(cancellationToken);
            }
        }

        return true;
    }

    /// <summary>The letter's words, dated today when it is not issued yet.</summary>
    protected LetterDocument Document() => LetterDocument.Of(Letter, Letter.Unit!, Letter.Dossier, Dates.Today(clock));

    /// <summary>Before the page is shown again with its problems: the letter goes back as it was, and the view of its personal data is still logged.</summary>
    protected async Task DropChangesAsync(CancellationToken cancellationToken)
    {
        var entry = Db.Entry(Letter);
        if (entry.State != EntityState.Detached)
        {
            entry.CurrentValues.SetValues(entry.OriginalValues);
            entry.State = EntityState.Unchanged;
        }

        await Db.SaveChangesAsync(cancellationToken);
    }
}
