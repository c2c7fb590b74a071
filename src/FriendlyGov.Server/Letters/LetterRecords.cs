using FriendlyGov.Data;
using FriendlyGov.Domain.Letters;
using FriendlyGov.Server.Sync;
using FriendlyGov.Server.Workspace;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Letters;

/// <summary>
/// A letter of the user's subtree with its unit and dossier, as the letter pages read it, and whether
/// the user sees the recipient unmasked (an officer, every view logged for Decree 13/2023).
/// </summary>
public sealed record LetterRecord(Letter Letter, bool Unmasked)
{
    public string Recipient => Unmasked ? Letter.RecipientName : PersonalData.MaskName(Letter.RecipientName);

    public string? Address => Letter.RecipientAddress is null ? null : Unmasked ? Letter.RecipientAddress : PersonalData.Mask(Letter.RecipientAddress);

    /// <summary>Finds the letter within the scope (null: it does not exist for this user) and logs the view of its personal data when unmasked.</summary>
    public static async Task<LetterRecord?> FindAsync(FriendlyGovDbContext db, RecordScope scope, System.Security.Claims.ClaimsPrincipal user, long id, string page, TimeProvider clock, bool tracked, CancellationToken cancellationToken)
    {
        var letters = tracked ? db.Letters : db.Letters.AsNoTracking();
        var letter = await scope.Within(letters).Include(l => l.Unit).Include(l => l.Dossier).ThenInclude(d => d!.Procedure)
            .SingleOrDefaultAsync(l => l.Id == id, cancellationToken);
        if (letter is null)
        {
            return null;
        }

        var unmasked = PersonalData.SeenUnmaskedBy(user);
        if (unmasked)
        {
            PersonalData.LogView(db, scope.UserName, LetterFields.RecordType, id.ToString(System.Globalization.CultureInfo.InvariantCulture), page, clock.GetUtcNow().UtcDateTime);
            if (!tracked)
            {
                await db.SaveChangesAsync(cancellationToken);
            }
        }

        return new LetterRecord(letter, unmasked);
    }
}
