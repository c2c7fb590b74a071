using FriendlyGov.Domain;
using FriendlyGov.Domain.Calendar;
using FriendlyGov.Domain.Indicators;
using FriendlyGov.Server.Indicators;
using FriendlyGov.Server.Targets;

namespace FriendlyGov.Server.Dashboard;

/// <summary>
/// A scorecard as a leader reads it first: the targets, those missed first, with "n/m targets met", then
/// the other figures per section of charts/dashboard.json. The dashboard and the subscribers' mail both
/// read it from here, so that the mail says what the page says.
/// </summary>
public sealed record ScorecardSummary(IReadOnlyList<KpiCard> Targeted, IReadOnlyList<(CardSection Section, IReadOnlyList<KpiCard> Cards)> Sections, DateOnly? DataTo)
{
    public static ScorecardSummary Empty { get; } = new([], [], null);

    /// <summary>The period is not closed yet: its figures run to <see cref="DataTo"/> and are not judged.</summary>
    public bool Running => DataTo is not null;

    public int MetCount => Targeted.Count(c => c.State == "met");

    /// <summary>Targets judged: met or not met (not those with nothing to measure, nor a running period's).</summary>
    public int JudgedCount => Targeted.Count(c => c.State is "met" or "not-met");

    public int CardCount => Targeted.Count + Sections.Sum(s => s.Cards.Count);

    public IEnumerable<KpiCard> Missed => Targeted.Where(c => c.State == "not-met");

    /// <summary>A running period's targets by status (<see cref="TargetProgress"/>), in the order a leader acts on them.</summary>
    public IReadOnlyList<(TargetStatus Status, int Count)> StatusCounts =>
        [.. Targeted.Where(c => c.Progress is not null).GroupBy(c => c.Progress!.Status).Select(g => (g.Key, g.Count())).OrderByDescending(g => g.Key)];

    /// <param name="compared">The values to compare with (<see cref="IndicatorReads.ComparisonsAsync"/>); without them, the cards show no change.</param>
    public static ScorecardSummary Of(
        DashboardLayout layout, IReadOnlyList<ScorecardEntry> entries, Period period, TargetMetrics metrics, string unitCode,
        Func<IndicatorDefinition, IReadOnlyList<DrillLink>>? drills = null, IReadOnlyDictionary<string, IReadOnlyList<SeriesPoint>>? compared = null)
    {
        var dataTo = DataToOf(entries, period);
        var scorecard = entries.ToDictionary(e => e.Indicator.Code);
        var sections = layout.Sections
            .Select(s => (Section: s, Cards: s.Indicators.Where(scorecard.ContainsKey)
                .Select(c => new KpiCard(scorecard[c].Indicator, period, scorecard[c].Current, dataTo is not null)
                {
                    Compared = compared?.GetValueOrDefault(c) ?? [],
                    Drills = drills?.Invoke(scorecard[c].Indicator) ?? [],
                    Progress = metrics.ProgressOf(scorecard[c], period, dataTo),
                    Owner = metrics.OwnerOf(c),
                    CheckInUrl = scorecard[c].Current.Target is null ? null : TargetMetrics.CheckInUrl(unitCode, c, period),
                    CheckIns = metrics.CheckIns[c].Count(),
                }).ToList()))
            .ToList();

        // Those missed (or falling behind) first.
        var targeted = sections.SelectMany(s => s.Cards).Where(c => c.HasTarget)
            .OrderBy(c => c.Progress?.Status switch { TargetStatus.NotMet => 0, TargetStatus.Behind => 1, TargetStatus.AtRisk => 2, TargetStatus.OnTrack => 3, TargetStatus.Met => 4, _ => 5 }).ToList();
        var counts = sections.Select(s => (s.Section, (IReadOnlyList<KpiCard>)s.Cards.Where(c => !c.HasTarget).ToList()))
            .Where(s => s.Item2.Count > 0).ToList();
        return new ScorecardSummary(targeted, counts, dataTo);
    }

    /// <summary>A period not closed yet runs to the day of its last rollup (no further than its end); null once closed.</summary>
    public static DateOnly? DataToOf(IReadOnlyList<ScorecardEntry> entries, Period period)
    {
        if (entries.Count == 0 || ScorecardClosing.Of(entries).ClosedAt is not null)
        {
            return null;
        }

        var computed = VietnamTime.LocalDate(entries.Max(e => e.Current.ComputedAt));
        var last = period.EndExclusive.AddDays(-1);
        return computed < last ? computed : last;
    }
}
