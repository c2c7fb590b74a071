using System.Globalization;
using FriendlyGov.Data;
using FriendlyGov.Domain.Receptions;
using FriendlyGov.Server.Workspace;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Receptions;

public sealed record ReceptionRow(long Id, DateOnly HeldOn, string Unit, string HostName, HostRole HostRole, int CitizensReceived, int Matters, string Topic);

/// <summary>/receptions: the reception sessions of the user's subtree, filtered, sorted and paged, and the month against the rule.</summary>
public sealed class IndexModel(FriendlyGovDbContext db, TimeProvider clock) : RecordListModel
{
    [FromQuery(Name = "role")]
    public HostRole? Role { get; set; }

    /// <summary>"chairman" or "party-secretary": the sessions a reception rule counts (<see cref="ReceptionRule"/>: the chairman's and vice-chairmen's together).</summary>
    [FromQuery(Name = "rule")]
    public string? RuleName { get; set; }

    public static IReadOnlyList<(string Name, ReceptionRule Rule)> RuleFilters { get; } = [("chairman", ReceptionRule.Chairman), ("party-secretary", ReceptionRule.PartySecretary)];

    /// <summary>The month of the rule's summary, yyyy-MM; the current month by default.</summary>
    [FromQuery(Name = "month")]
    public string? Month { get; set; }

    public DateOnly SummaryMonth { get; private set; }

    public IReadOnlyList<RuleMonth> Rules { get; private set; } = [];

    public IReadOnlyList<ReceptionRow> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await ResolveAsync(db, cancellationToken))
        {
            return NotFound();
        }

        SummaryMonth = DateOnly.TryParseExact(Month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) ? month : ReceptionMonth.ThisMonth(clock);
        Rules = await ReceptionMonth.ComputeAsync(db, Scope, Unit ?? Scope.Own, SummaryMonth, cancellationToken);
        Rows = await PageAsync(Project(Sorted(Query())), cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        if (!await ResolveAsync(db, cancellationToken))
        {
            return NotFound();
        }

        var rows = await Project(Sorted(Query())).Take(MaxExportRows).ToListAsync(cancellationToken);
        var l = ReceptionFields.Labels;
        return Xlsx("tiep-cong-dan", Spreadsheets.WriteXlsx((Admin.Lang.T("Tiếp công dân", "Receptions"),
            [l["held_on"].ToString(), l["unit_code"].ToString(), l["host_name"].ToString(), l["host_role"].ToString(), l["citizens_received"].ToString(), Admin.Lang.T("Số vụ việc", "Matters"), l["topic"].ToString()],
            rows.Select(r => (IReadOnlyList<OutCell>)[(DateOnly?)r.HeldOn, r.Unit, r.HostName, EnumText.Of(r.HostRole).ToString(), r.CitizensReceived, r.Matters, r.Topic]))));
    }

    public string MonthLink(DateOnly month) => Link(("month", month.ToString("yyyy-MM", CultureInfo.InvariantCulture)), ("from", Dates.Show(month)), ("to", Dates.Show(month.AddMonths(1).AddDays(-1))));

    private IQueryable<ReceptionSession> Query()
    {
        var sessions = Scope.Within(db.ReceptionSessions.AsNoTracking(), Unit);
        if (FromDate is { } from)
        {
            sessions = sessions.Where(r => r.HeldOn >= from);
        }

        if (ToDate is { } to)
        {
            sessions = sessions.Where(r => r.HeldOn <= to);
        }

        if (Role is { } role)
        {
            sessions = sessions.Where(r => r.HostRole == role);
        }

        if (RuleFilters.FirstOrDefault(f => f.Name == RuleName).Rule is { } rule)
        {
            var roles = rule.Roles.ToArray();
            sessions = sessions.Where(r => roles.Contains(r.HostRole));
        }

        return sessions;
    }

    private static IQueryable<ReceptionRow> Project(IQueryable<ReceptionSession> sessions) =>
        sessions.Select(r => new ReceptionRow(r.Id, r.HeldOn, r.Unit!.Name, r.HostName, r.HostRole, r.CitizensReceived, r.Matters.Count, r.Topic));

    private IQueryable<ReceptionSession> Sorted(IQueryable<ReceptionSession> rows) => (Sort, Descending) switch
    {
        ("citizens", false) => rows.OrderBy(r => r.CitizensReceived).ThenBy(r => r.Id),
        ("citizens", true) => rows.OrderByDescending(r => r.CitizensReceived).ThenByDescending(r => r.Id),
        ("host", false) => rows.OrderBy(r => r.HostName).ThenBy(r => r.Id),
        ("host", true) => rows.OrderByDescending(r => r.HostName).ThenByDescending(r => r.Id),
        ("held_on", false) => rows.OrderBy(r => r.HeldOn).ThenBy(r => r.Id),
        _ => rows.OrderByDescending(r => r.HeldOn).ThenByDescending(r => r.Id),
    };
}
