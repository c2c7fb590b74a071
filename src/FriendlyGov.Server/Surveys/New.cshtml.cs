using FriendlyGov.Data;
using FriendlyGov.Domain.Audit;
using FriendlyGov.Server.Workspace;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Surveys;

public sealed class PaperForm
{
    public string? UnitCode { get; set; }

    public string? SurveyedOn { get; set; }

    public string?[] Scores { get; set; } = new string?[6];

    /// <summary>"yes" or "no": the form must say which.</summary>
    public string? Satisfied { get; set; }

    public string? Comment { get; set; }
}

/// <summary>
/// /surveys/new: paper forms typed in one after the other, keyboard only — the six scores (1–5, empty
/// when not answered), satisfied or not, a comment. The unit and the day stay for the next form, and
/// after each save the form comes back empty with the focus on the first score.
/// </summary>
[Authorize(Policy = RecordScope.WritePolicy)]
public sealed class NewModel(FriendlyGovDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty]
    public PaperForm Form { get; set; } = new();

    public RecordScope Scope { get; private set; } = null!;

    [FromQuery(Name = "saved")]
    public long? Saved { get; set; }

    /// <summary>Paper forms this user has entered today.</summary>
    public int EnteredToday { get; private set; }

    public async Task OnGetAsync([FromQuery(Name = "unit")] string? unit, [FromQuery(Name = "on")] string? on, CancellationToken cancellationToken)
    {
        Scope = await RecordScope.OfAsync(db, User, cancellationToken);
        Form = new PaperForm { UnitCode = Scope.Find(unit)?.Code ?? Scope.Own.Code, SurveyedOn = Dates.TryParse(on, out var day) ? Dates.Show(day) : Dates.Show(Dates.Today(clock)) };
        await CountAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Scope = await RecordScope.OfAsync(db, User, cancellationToken);
        var day = FormErrors.Date(ModelState, "Form.SurveyedOn", Form.SurveyedOn, required: true);
        ScopeUnit? unit = null;
        if (day is { } d)
        {
            if (d > Dates.Today(clock))
            {
                ModelState.AddModelError("Form.SurveyedOn", Admin.Lang.T("Ngày khảo sát chưa đến.", "The day has not come yet."));
            }
            else if (Scope.CheckUnit(Form.UnitCode, d, out unit) is { } problem)
            {
                ModelState.AddModelError("Form.UnitCode", problem.ToString());
            }
        }

        var scores = new int?[6];
        for (var i = 0; i < 6; i++)
        {
            var text = i < Form.Scores.Length ? Form.Scores[i]?.Trim() : null;
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            if (int.TryParse(text, out var score))
            {
                scores[i] = score;
            }
            else
            {
                ModelState.AddModelError($"Form.Scores[{i}]", Admin.Lang.T("Nhập điểm từ 1 đến 5.", "Enter a score from 1 to 5."));
            }
        }

        if (Form.Satisfied is not ("yes" or "no"))
        {
            ModelState.AddModelError("Form.Satisfied", Admin.Lang.T("Chọn Hài lòng hoặc Không hài lòng.", "Choose satisfied or not."));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var survey = PaperSurveys.New(unit?.Id ?? Scope.Own.Id, day ?? Dates.Today(clock), scores, Form.Satisfied == "yes", Form.Comment, now);
        survey.RefreshDerived();
        foreach (var error in survey.Validate().Where(e => e.Field.StartsWith("scores.", StringComparison.Ordinal) || e.Field == "comment"))
        {
            var index = PaperSurveys.Criteria.Select(c => c.Field).ToList().IndexOf(error.Field);
            var key = index >= 0 ? $"Form.Scores[{index}]" : "Form.Comment";
            if (ModelState.GetFieldValidationState(key) != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
            {
                ModelState.AddModelError(key, FieldMessages.Translate(error, PaperSurveys.Label).ToString());
            }
        }

        if (!ModelState.IsValid)
        {
            await CountAsync(cancellationToken);
            return Page();
        }

        db.Surveys.Add(survey);
        await AuditTrail.SaveAsync(db, PaperSurveys.RecordType, survey, Scope.UserName, Scope.CodeOf, clock, cancellationToken);
        return Redirect($"/surveys/new?unit={Uri.EscapeDataString(unit!.Code)}&on={Uri.EscapeDataString(Form.SurveyedOn!.Trim())}&saved={survey.Id}");
    }

    private async Task CountAsync(CancellationToken cancellationToken)
    {
        var start = Domain.Calendar.VietnamTime.StartOfDayUtc(Dates.Today(clock));
        EnteredToday = await db.AuditEntries.CountAsync(a => a.RecordType == PaperSurveys.RecordType && a.UserName == Scope.UserName && a.Action == AuditAction.Created && a.At >= start, cancellationToken);
    }
}
