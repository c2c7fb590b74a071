using FriendlyGov.Domain.Calendar;
using FriendlyGov.Domain.Petitions;
using FriendlyGov.Server.Workspace;

namespace FriendlyGov.Server.Petitions;

/// <summary>The petition register's fields (sổ theo dõi đơn thư), named as the domain's rules name them.</summary>
public static class PetitionFields
{
    public const string RecordType = "petition";

    public static readonly IReadOnlyDictionary<string, Words> Labels = new Dictionary<string, Words>
    {
        ["unit_code"] = new("Đơn vị", "Unit"),
        ["kind"] = new("Loại đơn", "Kind"),
        ["subject"] = new("Nội dung đơn", "Subject"),
        ["received_on"] = new("Ngày nhận đơn", "Received on"),
        ["jurisdiction"] = new("Thẩm quyền", "Jurisdiction"),
        ["complexity"] = new("Tính chất vụ việc", "Complexity"),
        ["status"] = new("Trạng thái", "Status"),
        ["accepted_on"] = new("Ngày thụ lý, giao giải quyết", "Accepted on"),
        ["assigned_to"] = new("Người được giao", "Assigned to"),
        ["forwarded_on"] = new("Ngày chuyển", "Forwarded on"),
        ["forwarded_to"] = new("Chuyển đến cơ quan", "Forwarded to"),
        ["resolved_on"] = new("Ngày giải quyết xong", "Resolved on"),
        ["resolved_by"] = new("Cơ quan giải quyết (khi chuyển)", "Resolved by (when forwarded)"),
        ["result"] = new("Kết quả giải quyết", "Result"),
        ["due_on"] = new("Hạn theo luật", "Legal deadline"),
    };

    public static Words? Label(string field) => Labels.TryGetValue(field, out var words) ? words : null;
}

/// <summary>The petition register as a file: one row per petition; its legal deadline is computed as on the form.</summary>
public sealed class PetitionImporter : IRecordImporter
{
    private static Words L(string field) => PetitionFields.Labels[field];

    public string RecordType => PetitionFields.RecordType;

    public Words Title => new("Đơn thư", "Petitions");

    public IReadOnlyList<ImportColumn> Columns { get; } =
    [
        RecordImport.UnitColumn,
        ImportColumn.Choice<PetitionKind>("kind", L("kind")),
        new("subject", L("subject"), CellKind.Text, Required: true),
        new("received_on", L("received_on"), CellKind.Date, Required: true),
        ImportColumn.Choice<Jurisdiction>("jurisdiction", L("jurisdiction")),
        ImportColumn.Choice<PetitionComplexity>("complexity", L("complexity"), required: false),
        ImportColumn.Choice<PetitionStatus>("status", L("status")),
        new("accepted_on", L("accepted_on"), CellKind.Date),
        new("assigned_to", L("assigned_to"), CellKind.Text),
        new("forwarded_on", L("forwarded_on"), CellKind.Date),
        new("forwarded_to", L("forwarded_to"), CellKind.Text),
        new("resolved_on", L("resolved_on"), CellKind.Date),
        new("resolved_by", L("resolved_by"), CellKind.Text),
        new("result", L("result"), CellKind.Text),
    ];

    public string DateField => "received_on";

    public IReadOnlyList<string> GroupBy { get; } = [];

    public BuiltRecord Build(IReadOnlyList<ImportRow> rows, ScopeUnit unit, WorkingCalendar calendar)
    {
        var row = rows[0];
        var petition = new Petition
        {
            UnitId = unit.Id,
            Kind = row.Get<PetitionKind>("kind"),
            Subject = row.Text("subject") ?? "",
            ReceivedOn = row.Get<DateOnly>("received_on"),
            Jurisdiction = row.Get<Jurisdiction>("jurisdiction"),
            Complexity = row.Get<PetitionComplexity?>("complexity") ?? PetitionComplexity.Normal,
            Status = row.Get<PetitionStatus>("status"),
            AcceptedOn = row.Get<DateOnly?>("accepted_on"),
            AssignedTo = row.Text("assigned_to"),
            ForwardedOn = row.Get<DateOnly?>("forwarded_on"),
            ForwardedTo = row.Text("forwarded_to"),
            ResolvedOn = row.Get<DateOnly?>("resolved_on"),
            ResolvedBy = row.Text("resolved_by"),
            Result = row.Text("result"),
        };
        petition.RefreshDeadline(calendar);
        return new BuiltRecord(petition, []);
    }
}
