using FriendlyGov.Data;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Calendar;
using FriendlyGov.Domain.Indicators;
using FriendlyGov.Domain.Receptions;
using FriendlyGov.Server.Workspace;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Receptions;

/// <summary>The reception book's fields (sổ tiếp công dân), named as the domain's rules name them.</summary>
public static class ReceptionFields
{
    public const string RecordType = "reception";

    public static readonly IReadOnlyDictionary<string, Words> Labels = new Dictionary<string, Words>
    {
        ["unit_code"] = new("Đơn vị", "Unit"),
        ["held_on"] = new("Ngày tiếp", "Day"),
        ["host_name"] = new("Người chủ trì", "Host"),
        ["host_role"] = new("Chức vụ người chủ trì", "Host's role"),
        ["citizens_received"] = new("Số công dân được tiếp", "Citizens received"),
        ["topic"] = new("Nội dung buổi tiếp", "Session"),
        ["outcome"] = new("Kết quả chung", "Overall outcome"),
        ["matters"] = new("Vụ việc", "Matter"),
        ["matters[].content"] = new("Nội dung vụ việc", "Matter raised"),
        ["matters[].handling"] = new("Cách xử lý", "Handling"),
        ["matters[].result"] = new("Kết quả xử lý", "Result"),
    };

    public static Words? Label(string field) => Labels.TryGetValue(field, out var words) ? words : null;
}

/// <summary>
/// The reception book as a file: one row per matter raised; rows with the same unit, day, host and
/// role are one session. A session where nobody raised a matter is one row without a matter.
/// </summary>
public sealed class ReceptionImporter : IRecordImporter
{
    private static Words L(string field) => ReceptionFields.Labels[field];

    public string RecordType => ReceptionFields.RecordType;

    public Words Title => new("Tiếp công dân", "Citizen receptions");

    public IReadOnlyList<ImportColumn> Columns { get; } =
    [
        RecordImport.UnitColumn,
        new("held_on", L("held_on"), CellKind.Date, Required: true),
        new("host_name", L("host_name"), CellKind.Text, Required: true),
        ImportColumn.Choice<HostRole>("host_role", L("host_role")),
        new("citizens_received", L("citizens_received"), CellKind.Integer, Required: true),
        new("topic", L("topic"), CellKind.Text, Required: true),
        new("outcome", L("outcome"), CellKind.Text),
        new("matters[].content", L("matters[].content"), CellKind.Text),
        ImportColumn.Choice<MatterHandling>("matters[].handling", L("matters[].handling"), required: false),
        new("matters[].result", L("matters[].result"), CellKind.Text),
    ];

    public string DateField => "held_on";

    public IReadOnlyList<string> GroupBy { get; } = ["unit_code", "held_on", "host_name", "host_role"];

    public BuiltRecord Build(IReadOnlyList<ImportRow> rows, ScopeUnit unit, WorkingCalendar calendar)
    {
        var first = rows[0];
        var childRows = rows.Where(r => r.HasAny(["matters[].content", "matters[].handling", "matters[].result"])).ToList();
        var session = new ReceptionSession
        {
            UnitId = unit.Id,
            HeldOn = first.Get<DateOnly>("held_on"),
            HostName = first.Text("host_name") ?? "",
            HostRole = first.Get<HostRole>("host_role"),
            CitizensReceived = first.Get<int>("citizens_received"),
            Topic = first.Text("topic") ?? "",
            Outcome = first.Text("outcome"),
            Matters = [.. childRows.Select(r => new ReceptionMatter { Content = r.Text("matters[].content") ?? "", Handling = r.Get<MatterHandling>("matters[].handling"), Result = r.Text("matters[].result") })],
        };
        return new BuiltRecord(session, childRows);
    }
}

/// <summary>One reception rule's month: sessions per unit against the target, as the indicator counts them.</summary>
public sealed record RuleMonth(ReceptionRule Rule, IndicatorDefinition Indicator, int Sessions, int Units, decimal? Target)
{
    public decimal PerUnit => Units == 0 ? 0 : Math.Round((decimal)Sessions / Units, 2);

    public bool? Met => Target is { } target ? PerUnit >= target : null;
}

/// <summary>
/// The month's reception count against the rule, shown on the list: the sessions of the rule's
/// host roles in the month over the units that existed in it (the indicator's definition, per
/// month), against the target of the indicator — the same target table the scorecard reads.
/// </summary>
public static class ReceptionMonth
{
    public static async Task<IReadOnlyList<RuleMonth>> ComputeAsync(FriendlyGovDbContext db, RecordScope scope, ScopeUnit unit, DateOnly month, CancellationToken cancellationToken)
    {
        var first = new DateOnly(month.Year, month.Month, 1);
        var end = first.AddMonths(1);
        var measured = scope.Units.Where(u => u.Path.StartsWith(unit.Path, StringComparison.Ordinal) && u.ValidFrom < end && (u.ValidTo is null || u.ValidTo > first)).Select(u => u.Id).ToList();
        var roles = await db.ReceptionSessions.AsNoTracking()
            .Where(r => measured.Contains(r.UnitId) && r.HeldOn >= first && r.HeldOn < end)
            .GroupBy(r => r.HostRole).Select(g => new { Role = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);

        var codes = unit.Path.Trim('/').Split('/');
        var ancestors = await db.Units.AsNoTracking().Where(u => codes.Contains(u.Code)).Select(u => new { u.Id, u.Path }).ToListAsync(cancellationToken);
        var chain = ancestors.OrderByDescending(a => a.Path.Length).Select(a => a.Id).ToList();
        var indicators = ReceptionRule.All.Select(r => r.IndicatorCode).ToList();
        var targets = await db.Targets.AsNoTracking().Where(t => indicators.Contains(t.IndicatorCode) && chain.Contains(t.UnitId) && t.Year == first.Year).ToListAsync(cancellationToken);
        var period = Period.QuarterOf(first);
        return ReceptionRule.All.Select(rule => new RuleMonth(
            rule,
            IndicatorCatalogue.Get(rule.IndicatorCode),
            roles.Where(r => rule.Roles.Contains(r.Role)).Sum(r => r.Count),
            measured.Count,
            Target.Resolve(targets.Where(t => t.IndicatorCode == rule.IndicatorCode), chain, period)?.Value)).ToList();
    }

    public static DateOnly ThisMonth(TimeProvider clock)
    {
        var today = Dates.Today(clock);
        return new DateOnly(today.Year, today.Month, 1);
    }
}
