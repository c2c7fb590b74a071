using FriendlyGov.Data;
using FriendlyGov.Domain.Calendar;
using FriendlyGov.Domain.Surveys;
using FriendlyGov.Server.Workspace;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Surveys;

public sealed record SurveyRow(long Id, DateTime SurveyedAt, string Unit, SurveyChannel Channel, int? Access, int? Procedure, int? Staff, int? Timeliness, int? Result, int? Feedback,
    bool Satisfied, string? Comment, string SourceSystem, string? DossierCode)
{
    public IReadOnlyList<int?> Scores => [Access, Procedure, Staff, Timeliness, Result, Feedback];
}

/// <summary>
/// /surveys: the satisfaction surveys of the user's subtree — synced from the portal and kiosks, and the
/// paper forms typed in here — read-only, newest first, with keyset paging.
/// </summary>
public sealed class IndexModel(FriendlyGovDbContext db) : KeysetListModel
{
    [FromQuery(Name = "channel")]
    public SurveyChannel? Channel { get; set; }

    /// <summary>"yes" or "no".</summary>
    [FromQuery(Name = "satisfied")]
    public string? Satisfied { get; set; }

    public IReadOnlyList<SurveyRow> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await ResolveAsync(db, cancellationToken))
        {
            return NotFound();
        }

        Rows = await KeysetPageAsync(Query(Position), r => new Keyset(r.SurveyedAt, r.Id), cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        if (!await ResolveAsync(db, cancellationToken))
        {
            return NotFound();
        }

        var rows = await Query(null).Take(MaxExportRows).ToListAsync(cancellationToken);
        string T(string vi, string en) => Admin.Lang.T(vi, en);
        return Xlsx("khao-sat", Spreadsheets.WriteXlsx((T("Khảo sát", "Surveys"),
            [T("Ngày khảo sát", "Surveyed on"), T("Đơn vị", "Unit"), T("Hình thức", "Channel"), .. PaperSurveys.Criteria.Select(c => c.Label.ToString()), T("Hài lòng", "Satisfied"), T("Ý kiến", "Comment"), T("Nguồn", "Source"), T("Mã hồ sơ", "Dossier")],
            rows.Select(r => (IReadOnlyList<OutCell>)[(DateOnly?)VietnamTime.LocalDate(r.SurveyedAt), r.Unit, EnumText.Of(r.Channel).ToString(),
                .. r.Scores.Select(s => s is { } v ? new OutCell(null, v) : new OutCell(null)), r.Satisfied ? T("Có", "Yes") : T("Không", "No"), r.Comment, r.SourceSystem, r.DossierCode]))));
    }

    private IQueryable<SurveyRow> Query(Keyset? after)
    {
        var surveys = Scope.Within(db.Surveys.AsNoTracking(), Unit);
        if (FromUtc is { } start)
        {
            surveys = surveys.Where(s => s.SurveyedAt >= start);
        }

        if (ToUtc is { } end)
        {
            surveys = surveys.Where(s => s.SurveyedAt < end);
        }

        if (Channel is { } channel)
        {
            surveys = surveys.Where(s => s.Channel == channel);
        }

        surveys = Satisfied switch
        {
            "yes" => surveys.Where(s => s.Satisfied),
            "no" => surveys.Where(s => !s.Satisfied),
            _ => surveys,
        };

        if (after is { } position)
        {
            surveys = surveys.Where(s => s.SurveyedAt < position.At || (s.SurveyedAt == position.At && s.Id < position.Id));
        }

        return surveys.OrderByDescending(s => s.SurveyedAt).ThenByDescending(s => s.Id)
            .Select(s => new SurveyRow(s.Id, s.SurveyedAt, s.Unit!.Name, s.Channel, s.AccessScore, s.ProcedureScore, s.StaffAttitudeScore, s.TimelinessScore, s.ResultScore,
                s.FeedbackHandlingScore, s.Satisfied, s.Comment, s.SourceSystem, s.Dossier!.Code));
    }
}
