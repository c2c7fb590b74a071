using FriendlyGov.Data;
using FriendlyGov.Domain.Letters;
using FriendlyGov.Server.Sync;
using FriendlyGov.Server.Workspace;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Letters;

public sealed record LetterRow(long Id, DateTime On, string Unit, LetterKind Kind, LetterState State, string Recipient, string? DossierCode, DateTime? NewAppointmentAt, bool NeedsReason)
{
    /// <summary>Lists never show personal data: the recipient's name is masked as gRPC masks it.</summary>
    public string MaskedRecipient => PersonalData.MaskName(Recipient);
}

/// <summary>/letters: the letters of the user's subtree — proposed by the system or drafted, issued, set aside — newest first.</summary>
public sealed class IndexModel(FriendlyGovDbContext db) : RecordListModel
{
    [FromQuery(Name = "kind")]
    public LetterKind? Kind { get; set; }

    [FromQuery(Name = "state")]
    public LetterState? State { get; set; }

    public int ProposedCount { get; private set; }

    public bool CanIssue { get; private set; }

    public IReadOnlyList<LetterRow> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await ResolveAsync(db, cancellationToken))
        {
            return NotFound();
        }

        CanIssue = PersonalData.SeenUnmaskedBy(User);
        ProposedCount = await Scope.Within(db.Letters.AsNoTracking(), Unit).CountAsync(l => l.State == LetterState.Proposed, cancellationToken);
        Rows = await PageAsync(LetterRows(), cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        if (!await ResolveAsync(db, cancellationToken))
        {
            return NotFound();
        }

        var rows = await LetterRows().Take(MaxExportRows).ToListAsync(cancellationToken);
        Words L(string f) => LetterFields.Labels[f];
        return Xlsx("thu-cong-dan", Spreadsheets.WriteXlsx((Admin.Lang.T("Thư", "Letters"),
            [Admin.Lang.T("Ngày", "Date"), L("unit_code").ToString(), L("kind").ToString(), L("state").ToString(), L("recipient_name").ToString(), L("dossier_code").ToString(), L("new_appointment_time").ToString()],
            rows.Select(r => (IReadOnlyList<OutCell>)[(DateOnly?)Domain.Calendar.VietnamTime.LocalDate(r.On), r.Unit, EnumText.Of(r.Kind).ToString(), EnumText.Of(r.State).ToString(), r.MaskedRecipient, r.DossierCode,
                r.NewAppointmentAt is { } at ? (DateOnly?)Domain.Calendar.VietnamTime.LocalDate(at) : null]))));
    }

    /// <summary>The filtered letters, sorted, as rows (sorted before the projection, which the database cannot order by).</summary>
    private IQueryable<LetterRow> LetterRows()
    {
        var letters = Scope.Within(db.Letters.AsNoTracking(), Unit);
        if (FromDate is { } from)
        {
            var start = Domain.Calendar.VietnamTime.StartOfDayUtc(from);
            letters = letters.Where(l => (l.IssuedAt ?? l.ProposedAt) >= start);
        }

        if (ToDate is { } to)
        {
            var end = Domain.Calendar.VietnamTime.StartOfDayUtc(to.AddDays(1));
            letters = letters.Where(l => (l.IssuedAt ?? l.ProposedAt) < end);
        }

        if (Kind is { } kind)
        {
            letters = letters.Where(l => l.Kind == kind);
        }

        if (State is { } state)
        {
            letters = letters.Where(l => l.State == state);
        }

        letters = (Sort, Descending) switch
        {
            ("date", false) => letters.OrderBy(l => l.IssuedAt ?? l.ProposedAt).ThenBy(l => l.Id),
            _ => letters.OrderByDescending(l => l.IssuedAt ?? l.ProposedAt).ThenByDescending(l => l.Id),
        };
        return letters.Select(l => new LetterRow(l.Id, (l.IssuedAt ?? l.ProposedAt)!.Value, l.Unit!.Name, l.Kind, l.State, l.RecipientName, l.Dossier!.Code, l.NewAppointmentAt,
            l.Kind == LetterKind.LateApology && l.State == LetterState.Proposed && (l.Reason == null || l.Reason == "")));
    }
}
