using System.Linq.Expressions;
using FriendlyGov.Data;
using FriendlyGov.Domain.Calendar;
using FriendlyGov.Domain.Surveys;
using FriendlyGov.Server.Indicators;
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

    /// <summary>A criterion of the form (access, procedure, staff_attitude, timeliness, result, feedback_handling): the surveys that scored it.</summary>
    [FromQuery(Name = "criterion")]
    public string? Criterion { get; set; }

    /// <summary>"low": of those, the ones that scored the criterion 1 or 2 of 5.</summary>
    [FromQuery(Name = "score")]
    public string? Score { get; set; }

    /// <summary>Each criterion's score, by the code its average indicator ends with (surveys.score.…).</summary>
    public static readonly IReadOnlyDictionary<string, Expression<Func<SatisfactionSurvey, int?>>> CriterionScores = new Dictionary<string, Expression<Func<SatisfactionSurvey, int?>>>
    {
        ["access"] = s => s.AccessScore,
        ["procedure"] = s => s.ProcedureScore,
        ["staff_attitude"] = s => s.StaffAttitudeScore,
        ["timeliness"] = s => s.TimelinessScore,
        ["result"] = s => s.ResultScore,
        ["feedback_handling"] = s => s.FeedbackHandlingScore,
    };

    /// <summary>The highest score that counts as low: 1 and 2 of the form's 5 are the dissatisfied side.</summary>
    public const int HighestLowScore = 2;

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

    private static Expression<Func<SatisfactionSurvey, bool>> ScoredAtMost(Expression<Func<SatisfactionSurvey, int?>> score, int highest) =>
        Inline.Expand<Func<SatisfactionSurvey, bool>>(s => score.Compile()(s) != null && score.Compile()(s) <= highest);

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

        if (Criterion is { } criterion && CriterionScores.TryGetValue(criterion, out var score))
        {
            surveys = surveys.Where(ScoredAtMost(score, Score == "low" ? HighestLowScore : 5));
        }

        if (after is { } position)
        {
            surveys = surveys.Where(s => s.SurveyedAt < position.At || (s.SurveyedAt == position.At && s.Id < position.Id));
        }

        return surveys.OrderByDescending(s => s.SurveyedAt).ThenByDescending(s => s.Id)
            .Select(s => new SurveyRow(s.Id, s.SurveyedAt, s.Unit!.Name, s.Channel, s.AccessScore, s.ProcedureScore, s.StaffAttitudeScore, s.TimelinessScore, s.ResultScore,
                s.FeedbackHandlingScore, s.Satisfied, s.Comment, s.SourceSystem, s.Dossier!.Code));
    }
}
