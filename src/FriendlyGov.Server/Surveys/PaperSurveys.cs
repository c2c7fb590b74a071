using FriendlyGov.Data;
using FriendlyGov.Data.Bulk;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Calendar;
using FriendlyGov.Domain.Surveys;
using FriendlyGov.Server.Workspace;

namespace FriendlyGov.Server.Surveys;

/// <summary>The overall answer of a paper form (Hài lòng / Không hài lòng), which a file must state: an empty cell is not a "no".</summary>
public enum PaperAnswer
{
    Unspecified = 0,
    Satisfied = 1,
    Dissatisfied = 2,
}

/// <summary>
/// Paper survey forms (phiếu khảo sát giấy) collected at the counter and typed in, one by one or from a
/// file: they become surveys like the synced ones — source system <see cref="SourceSystem"/>, channel
/// paper, a generated key, on the change feed (the database context gives them their change sequence).
/// </summary>
public static class PaperSurveys
{
    public const string RecordType = "survey";

    public const string SourceSystem = "paper";

    /// <summary>The six criteria of the form, by the domain's field paths.</summary>
    public static readonly IReadOnlyList<(string Field, Words Label)> Criteria =
    [
        ("scores.access", new("Tiếp cận dịch vụ", "Access to the service")),
        ("scores.procedure", new("Thủ tục hành chính", "The procedure")),
        ("scores.staff_attitude", new("Thái độ công chức", "Staff attitude")),
        ("scores.timeliness", new("Thời gian giải quyết", "Timeliness")),
        ("scores.result", new("Kết quả giải quyết", "The result")),
        ("scores.feedback_handling", new("Tiếp nhận, xử lý góp ý", "Feedback handling")),
    ];

    public static readonly IReadOnlyDictionary<string, Words> Labels = new Dictionary<string, Words>
    {
        ["unit_code"] = new("Đơn vị", "Unit"),
        ["surveyed_time"] = new("Ngày khảo sát", "Surveyed on"),
        ["surveyed_at"] = new("Ngày khảo sát", "Surveyed on"),
        ["satisfied"] = new("Hài lòng chung", "Satisfied overall"),
        ["comment"] = new("Ý kiến khác", "Comment"),
        ["channel"] = new("Hình thức", "Channel"),
        ["key"] = new("Mã phiếu", "Form key"),
        ["source_system"] = new("Nguồn", "Source"),
        ["access_score"] = new("Tiếp cận dịch vụ", "Access to the service"),
        ["procedure_score"] = new("Thủ tục hành chính", "The procedure"),
        ["staff_attitude_score"] = new("Thái độ công chức", "Staff attitude"),
        ["timeliness_score"] = new("Thời gian giải quyết", "Timeliness"),
        ["result_score"] = new("Kết quả giải quyết", "The result"),
        ["feedback_handling_score"] = new("Tiếp nhận, xử lý góp ý", "Feedback handling"),
    };

    public static Words? Label(string field) =>
        Labels.TryGetValue(field, out var words) ? words : Criteria.Where(c => c.Field == field).Select(c => (Words?)c.Label).FirstOrDefault();

    /// <summary>A paper form of that day: its time is midday in Vietnam (the form has no hour), or now for today's forms entered before noon.</summary>
    public static SatisfactionSurvey New(int unitId, DateOnly day, IReadOnlyList<int?> scores, bool satisfied, string? comment, DateTime nowUtc)
    {
        var noon = VietnamTime.ToUtc(day, new TimeOnly(12, 0));
        return new SatisfactionSurvey
        {
            Key = $"PAPER-{Guid.NewGuid():N}",
            UnitId = unitId,
            SurveyedAt = noon > nowUtc && day == VietnamTime.LocalDate(nowUtc) ? nowUtc : noon,
            Channel = SurveyChannel.Paper,
            AccessScore = scores[0],
            ProcedureScore = scores[1],
            StaffAttitudeScore = scores[2],
            TimelinessScore = scores[3],
            ResultScore = scores[4],
            FeedbackHandlingScore = scores[5],
            Satisfied = satisfied,
            Comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(),
            SourceSystem = SourceSystem,
            SourceVersion = 1,
            UpdatedAt = nowUtc,
        };
    }
}

/// <summary>Paper forms from a file: one row per form, the six scores 1–5 (empty when not answered), the overall answer.</summary>
public sealed class SurveyImporter(TimeProvider clock) : IRecordImporter
{
    public string RecordType => PaperSurveys.RecordType;

    public Words Title => new("Phiếu khảo sát giấy", "Paper survey forms");

    public IReadOnlyList<ImportColumn> Columns { get; } =
    [
        RecordImport.UnitColumn,
        new("surveyed_time", PaperSurveys.Labels["surveyed_time"], CellKind.Date, Required: true),
        .. PaperSurveys.Criteria.Select(c => new ImportColumn(c.Field, c.Label, CellKind.Integer)),
        ImportColumn.Choice<PaperAnswer>("satisfied", PaperSurveys.Labels["satisfied"]),
        new("comment", PaperSurveys.Labels["comment"], CellKind.Text),
    ];

    public string DateField => "surveyed_time";

    public IReadOnlyList<string> GroupBy { get; } = [];

    public BuiltRecord Build(IReadOnlyList<ImportRow> rows, ScopeUnit unit, WorkingCalendar calendar)
    {
        var row = rows[0];
        var survey = PaperSurveys.New(unit.Id, row.Get<DateOnly>("surveyed_time"), [.. PaperSurveys.Criteria.Select(c => row.Get<int?>(c.Field))],
            row.Get<PaperAnswer>("satisfied") == PaperAnswer.Satisfied, row.Text("comment"), clock.GetUtcNow().UtcDateTime);
        return new BuiltRecord(survey, []);
    }

    /// <summary>A file of paper forms runs to thousands of rows: they are written in bulk.</summary>
    public Task WriteAsync(FriendlyGovDbContext db, IReadOnlyList<IRolledUpRecord> records, string userName, string source, Func<int, string?> unitCode, TimeProvider clock, CancellationToken cancellationToken) =>
        AuditTrail.InsertManyAsync(db, BulkTables.Surveys, RecordType, [.. records.Cast<SatisfactionSurvey>()], userName, source, unitCode, clock, cancellationToken);
}
