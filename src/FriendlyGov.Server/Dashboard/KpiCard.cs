using FriendlyGov.Domain;
using FriendlyGov.Domain.Indicators;
using FriendlyGov.Server.Admin;
using FriendlyGov.Server.Targets;

namespace FriendlyGov.Server.Dashboard;

/// <summary>
/// A KPI card: this period's snapshot against its target, and the change since the previous period.
/// A running period (not closed yet) is shown to date and not judged: a quarter half gone is not a
/// quarter, and the previous period is complete, so neither the verdict nor the change would be fair.
/// </summary>
public sealed record KpiCard(IndicatorDefinition Indicator, Period Period, IndicatorSnapshot Current, IndicatorSnapshot? Previous, bool Running)
{
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

    public decimal? Change => Running ? null : Current.Value is { } now && Previous?.Value is { } before ? now - before : null;

    /// <summary>Whether the change is for the better; null when unchanged or when the indicator has no better (a volume).</summary>
    public bool? Improved => Change is { } c && c != 0 && Indicator.Better != Better.Neutral ? (c > 0) == (Indicator.Better == Better.Higher) : null;

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
