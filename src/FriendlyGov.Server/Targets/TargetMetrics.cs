using FriendlyGov.Data;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Indicators;
using FriendlyGov.Domain.Units;
using FriendlyGov.Server.Admin;
using FriendlyGov.Server.Indicators;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Targets;

/// <summary>
/// A unit's targets as metrics (Power BI's scorecard) for one period: the direction of each target that applies
/// (the unit's own or the nearest ancestor's), its owner and its check-ins. The dashboard's cards, the check-in page
/// and the report read them here.
/// </summary>
public sealed record TargetMetrics(IReadOnlyDictionary<string, TargetDirection> Directions, IReadOnlyDictionary<string, string> Owners, ILookup<string, TargetCheckIn> CheckIns)
{
    public static async Task<TargetMetrics> ReadAsync(FriendlyGovDbContext db, AdministrativeUnit unit, Period period, CancellationToken cancellationToken)
    {
        var codes = unit.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var ancestors = (await db.Units.AsNoTracking().Where(u => codes.Contains(u.Code)).Select(u => new { u.Id, u.Path }).ToListAsync(cancellationToken))
            .OrderByDescending(u => u.Path.Length).Select(u => u.Id).ToList();
        var targets = await db.Targets.AsNoTracking().Where(t => t.Year == period.Year && ancestors.Contains(t.UnitId)).ToListAsync(cancellationToken);
        var directions = targets.GroupBy(t => t.IndicatorCode)
            .Select(g => Target.Resolve(g, ancestors, period))
            .OfType<Target>()
            .ToDictionary(t => t.IndicatorCode, t => t.Direction, StringComparer.Ordinal);
        var owners = await db.TargetOwners.AsNoTracking().Where(o => o.UnitId == unit.Id).ToDictionaryAsync(o => o.IndicatorCode, o => o.Name, StringComparer.Ordinal, cancellationToken);
        var checkIns = await CheckInsOf(db, unit.Id, period).ToListAsync(cancellationToken);
        return new TargetMetrics(directions, owners, checkIns.ToLookup(c => c.IndicatorCode, StringComparer.Ordinal));
    }

    /// <summary>
    /// The check-ins that belong to a unit's period, oldest first (by time written, then id): a quarter's own; for a
    /// year, the year's and its quarters'. The dashboard, the check-in page, the report and gRPC's ListCheckIns read them so.
    /// </summary>
    public static IQueryable<TargetCheckIn> CheckInsOf(FriendlyGovDbContext db, int unitId, Period period)
    {
        List<int> keys = period.IsYear ? [.. Enumerable.Range(0, 5).Select(q => new Period(period.Year, q).Key)] : [period.Key];
        return db.TargetCheckIns.AsNoTracking().Where(c => c.UnitId == unitId && keys.Contains(c.PeriodKey)).OrderBy(c => c.WrittenAt).ThenBy(c => c.Id);
    }

    /// <summary>
    /// The status of an entry's target (<see cref="TargetProgress.Of"/>), on the snapshot's value and target; the
    /// direction is the applying target's (or, were it removed since the rollup, the indicator's better side).
    /// </summary>
    public TargetProgress? ProgressOf(ScorecardEntry entry, Period period, DateOnly? dataTo) =>
        entry.Current.Target is not { } target ? null
            : TargetProgress.Of(entry.Indicator, DirectionOf(entry.Indicator), target, entry.Current.Value, period, dataTo);

    public TargetDirection DirectionOf(IndicatorDefinition indicator) =>
        Directions.TryGetValue(indicator.Code, out var direction) ? direction
            : indicator.Better == Better.Lower ? TargetDirection.AtMost : TargetDirection.AtLeast;

    public string? OwnerOf(string indicatorCode) => Owners.GetValueOrDefault(indicatorCode);

    /// <summary>A status in words, the reader's language (Vietnamese in the report).</summary>
    public static string Word(TargetStatus status) => status switch
    {
        TargetStatus.Met => Lang.T("Đạt", "Met"),
        TargetStatus.OnTrack => Lang.T("Đúng hướng", "On track"),
        TargetStatus.AtRisk => Lang.T("Có nguy cơ", "At risk"),
        TargetStatus.Behind => Lang.T("Chậm", "Behind"),
        TargetStatus.NotMet => Lang.T("Chưa đạt", "Not met"),
        _ => "—",
    };

    /// <summary>The status as a CSS class and data attribute: met, on-track, at-risk, behind, not-met.</summary>
    public static string Css(TargetStatus status) => status switch
    {
        TargetStatus.Met => "met",
        TargetStatus.OnTrack => "on-track",
        TargetStatus.AtRisk => "at-risk",
        TargetStatus.Behind => "behind",
        TargetStatus.NotMet => "not-met",
        _ => "",
    };

    public static string Icon(TargetStatus status) => status switch
    {
        TargetStatus.Met => "✔",
        TargetStatus.OnTrack => "↗",
        TargetStatus.AtRisk => "⚠",
        TargetStatus.Behind => "✘",
        TargetStatus.NotMet => "✘",
        _ => "○",
    };

    /// <summary>The check-in page of a unit's target in a period.</summary>
    public static string CheckInUrl(string unitCode, string indicatorCode, Period period) =>
        $"/targets/check-in?unit={Uri.EscapeDataString(unitCode)}&indicator={Uri.EscapeDataString(indicatorCode)}&year={period.Year}&quarter={period.Quarter}";
}
