using FriendlyGov.Domain.Calendar;
using FriendlyGov.Domain.Dialogues;
using FriendlyGov.Server.Workspace;

namespace FriendlyGov.Server.Dialogues;

/// <summary>A dialogue's fields and its opinions' follow-up, named as the domain's rules name them.</summary>
public static class DialogueFields
{
    public const string RecordType = "dialogue";

    public static readonly IReadOnlyDictionary<string, Words> Labels = new Dictionary<string, Words>
    {
        ["unit_code"] = new("Đơn vị", "Unit"),
        ["held_on"] = new("Ngày đối thoại", "Day"),
        ["host_name"] = new("Người chủ trì", "Host"),
        ["participants"] = new("Số người tham dự", "Participants"),
        ["topic"] = new("Nội dung đối thoại", "Topic"),
        ["opinions"] = new("Ý kiến", "Opinion"),
        ["opinions[].content"] = new("Nội dung ý kiến", "Opinion raised"),
        ["opinions[].assigned_to"] = new("Giao cho", "Assigned to"),
        ["opinions[].promised_on"] = new("Hẹn trả lời", "Answer promised by"),
        ["opinions[].follow_up"] = new("Nội dung trả lời", "Answer"),
        ["opinions[].answered_on"] = new("Ngày trả lời", "Answered on"),
        ["opinions[].resolved"] = new("Đã kết thúc", "Closed"),
    };

    public static Words? Label(string field) => Labels.TryGetValue(field, out var words) ? words : null;
}

/// <summary>Dialogues as a file: one row per opinion; rows with the same unit, day and host are one dialogue.</summary>
public sealed class DialogueImporter : IRecordImporter
{
    private static readonly string[] OpinionFields = ["opinions[].content", "opinions[].assigned_to", "opinions[].promised_on", "opinions[].follow_up", "opinions[].answered_on"];

    private static Words L(string field) => DialogueFields.Labels[field];

    public string RecordType => DialogueFields.RecordType;

    public Words Title => new("Đối thoại", "Dialogues");

    public IReadOnlyList<ImportColumn> Columns { get; } =
    [
        RecordImport.UnitColumn,
        new("held_on", L("held_on"), CellKind.Date, Required: true),
        new("host_name", L("host_name"), CellKind.Text, Required: true),
        new("participants", L("participants"), CellKind.Integer, Required: true),
        new("topic", L("topic"), CellKind.Text, Required: true),
        new("opinions[].content", L("opinions[].content"), CellKind.Text),
        new("opinions[].assigned_to", L("opinions[].assigned_to"), CellKind.Text),
        new("opinions[].promised_on", L("opinions[].promised_on"), CellKind.Date),
        new("opinions[].follow_up", L("opinions[].follow_up"), CellKind.Text),
        new("opinions[].answered_on", L("opinions[].answered_on"), CellKind.Date),
        new("opinions[].resolved", L("opinions[].resolved"), CellKind.Flag),
    ];

    public string DateField => "held_on";

    public IReadOnlyList<string> GroupBy { get; } = ["unit_code", "held_on", "host_name"];

    public BuiltRecord Build(IReadOnlyList<ImportRow> rows, ScopeUnit unit, WorkingCalendar calendar)
    {
        var first = rows[0];
        var childRows = rows.Where(r => r.HasAny(OpinionFields) || r.Get<bool>("opinions[].resolved")).ToList();
        var dialogue = new Dialogue
        {
            UnitId = unit.Id,
            HeldOn = first.Get<DateOnly>("held_on"),
            HostName = first.Text("host_name") ?? "",
            Participants = first.Get<int>("participants"),
            Topic = first.Text("topic") ?? "",
            Opinions =
            [
                .. childRows.Select(r => new DialogueOpinion
                {
                    Content = r.Text("opinions[].content") ?? "",
                    AssignedTo = r.Text("opinions[].assigned_to"),
                    PromisedOn = r.Get<DateOnly?>("opinions[].promised_on"),
                    FollowUp = r.Text("opinions[].follow_up"),
                    AnsweredOn = r.Get<DateOnly?>("opinions[].answered_on"),
                    Resolved = r.Get<bool>("opinions[].resolved"),
                }),
            ],
        };
        return new BuiltRecord(dialogue, childRows);
    }
}
