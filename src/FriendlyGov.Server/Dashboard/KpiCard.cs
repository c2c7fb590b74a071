using FriendlyGov.Domain;
using FriendlyGov.Domain.Indicators;
using FriendlyGov.Server.Admin;
using FriendlyGov.Server.Indicators;
using FriendlyGov.Server.Targets;

namespace FriendlyGov.Server.Dashboard;

/// <summary>
/// A KPI card: this period's snapshot against its target, and the change since the previous period
/// and since the same period a year before. A running period (not closed yet) is shown to date and
/// not judged: a quarter half gone is not a quarter, and the periods compared with are complete, so
/// neither the verdict nor a change would be fair.
/// </summary>
public sealed record KpiCard(IndicatorDefinition Indicator, Period Period, IndicatorSnapshot Current, bool Running)
{
    /// <summary>
    /// The values of the periods compared with (<see cref="IndicatorReads.ComparedPeriods"/>), read as
    /// the trends read them: before a merger, the predecessors' figures added up.
    /// </summary>
    public IReadOnlyList<SeriesPoint> Compared { get; init; } = [];

    /// <summary>
    /// met / not-met: a closed period's value against its target; running: a target, but the period
    /// is not over; no-value: nothing to measure (no late dossier for apology coverage, no survey…),
    /// target or not; no-target: a value without a target.
    /// </summary>
    public string State => Current.Value is null ? "no-value"
        : Current.Target is null ? "no-target"
        : Running ? "running"
        : Current.Met == true ? "met" : "not-met";

    public bool HasTarget => Current.Target is not null;

    /// <summary>The lists of the records behind the number (<see cref="DrillThrough"/>); none for a unit outside the reader's record scope.</summary>
    public IReadOnlyList<DrillLink> Drills { get; init; } = [];

    /// <summary>The target's status (<see cref="TargetProgress"/>): a running period's projected to its end; null without a target or a value.</summary>
    public TargetProgress? Progress { get; init; }

    /// <summary>The responsible official (người phụ trách), if one is named.</summary>
    public string? Owner { get; init; }

    /// <summary>The target's check-in page, and how many check-ins the period has.</summary>
    public string? CheckInUrl { get; init; }

    public int CheckIns { get; init; }

    /// <summary>The change since each compared period with a value; none while the period runs.</summary>
    public IReadOnlyList<KpiChange> Changes => Running || Current.Value is not { } now
        ? []
        : [.. Compared.Where(p => p.Value is not null).Select(p => new KpiChange(p, now - p.Value!.Value, Improved(now - p.Value!.Value)))];

    /// <summary>Whether a change is for the better; null when unchanged or when the indicator has no better (a volume).</summary>
    private bool? Improved(decimal change) => change != 0 && Indicator.Better != Better.Neutral ? (change > 0) == (Indicator.Better == Better.Higher) : null;

    public string StateText => State switch
    {
        "met" => Lang.T("Đạt", "Met"),
        "not-met" => Lang.T("Chưa đạt", "Not met"),
        "running" when Progress is { } progress => TargetMetrics.Word(progress.Status),
        "running" => Lang.T("Tạm tính, chưa đánh giá", "Provisional, not judged"),
        "no-value" => IndicatorFormat.Nothing(Indicator),
        _ => Lang.T("Không có chỉ tiêu", "No target"),
    };

    public string StateIcon => State switch { "met" => "✔", "not-met" => "✘", "running" when Progress is { } p => TargetMetrics.Icon(p.Status), "running" => "◔", _ => "○" };

    /// <summary>The status as a class and data attribute (met, on-track, at-risk, behind, not-met); empty without one.</summary>
    public string Status => Progress is { } p ? TargetMetrics.Css(p.Status) : "";
}

/// <summary>A card's change since one compared period.</summary>
public sealed record KpiChange(SeriesPoint Against, decimal Change, bool? Improved)
{
    public string Css => Improved switch { true => "better", false => "worse", null => "same" };

    /// <summary>"so với quý 3/2023", "so với cùng kỳ quý 4/2022"; with "(tốt hơn)" or "(kém hơn)" where the indicator has a better.</summary>
    public string Text(Period period)
    {
        var against = IndicatorFormat.Period(Against.Period);
        var text = Against.Period == period.Previous ? Lang.T($"so với {against}", $"on {against}") : Lang.T($"so với cùng kỳ {against}", $"on {against}, a year before");
        var merged = Against.FromPredecessors ? Lang.T(" (cộng các đơn vị tiền thân)", " (its predecessors added up)") : "";
        return text + merged + Improved switch { true => Lang.T(" (tốt hơn)", " (better)"), false => Lang.T(" (kém hơn)", " (worse)"), null => "" };
    }
}
