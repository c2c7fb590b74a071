using FriendlyGov.Data;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Indicators;
using FriendlyGov.Domain.Units;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Indicators;

/// <summary>One indicator of a scorecard: this period's snapshot and the previous period's, if any.</summary>
public sealed record ScorecardEntry(IndicatorDefinition Indicator, IndicatorSnapshot Current, IndicatorSnapshot? Previous);

/// <summary>
/// When a unit's period was closed (khóa sổ) and last corrected after closing (điều chỉnh sau khi khóa
/// sổ), from its snapshots (<see cref="IndicatorSnapshot.CarryClosing"/>); null while the period
/// runs, and when never corrected.
/// </summary>
public sealed record ScorecardClosing(DateTime? ClosedAt, DateTime? CorrectedAt)
{
    public static ScorecardClosing Of(IReadOnlyCollection<ScorecardEntry> scorecard) =>
        new(scorecard.Count > 0 && scorecard.All(e => e.Current.ClosedAt is not null) ? scorecard.Min(e => e.Current.ClosedAt) : null,
            scorecard.Max(e => e.Current.CorrectedAt));
}

/// <summary>One period of a series: null numbers where nothing was rolled up.</summary>
public sealed record SeriesPoint(Period Period, decimal? Numerator, decimal? Denominator, decimal? Value, decimal? Target, bool? Met, bool FromPredecessors);

/// <summary>A child unit in a ranking; rank shared by every unit without a value (they come last).</summary>
public sealed record RankedUnit(int Rank, int UnitId, string UnitCode, string UnitName, IndicatorSnapshot? Snapshot);

/// <summary>
/// Indicators as the rollups wrote them into the snapshots, for every reader: the gRPC API, the
/// dashboard and its charts. Nothing here recomputes from records.
/// </summary>
public sealed class IndicatorReads(FriendlyGovDbContext db)
{
    public const int MaxSeriesLength = 40;

    /// <summary>Every indicator rolled up for a unit and period, in catalogue order; empty when the period was never rolled up.</summary>
    public async Task<IReadOnlyList<ScorecardEntry>> ScorecardAsync(int unitId, Period period, CancellationToken cancellationToken)
    {
        var snapshots = await SnapshotsAsync([unitId], [period.Key, period.Previous.Key], null, cancellationToken);
        var current = snapshots.Where(s => s.PeriodKey == period.Key).ToDictionary(s => s.IndicatorCode);
        var previous = snapshots.Where(s => s.PeriodKey == period.Previous.Key).ToDictionary(s => s.IndicatorCode);
        return IndicatorCatalogue.All.Where(i => current.ContainsKey(i.Code))
            .Select(i => new ScorecardEntry(i, current[i.Code], previous.GetValueOrDefault(i.Code)))
            .ToList();
    }

    /// <summary>
    /// Each indicator over consecutive periods. With predecessors, a period before the unit existed
    /// shows its predecessors' records summed (Σ numerators / Σ denominators).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<SeriesPoint>>> SeriesAsync(
        AdministrativeUnit unit, IReadOnlyList<IndicatorDefinition> indicators, IReadOnlyList<Period> periods, bool includePredecessors, CancellationToken cancellationToken)
    {
        var predecessors = includePredecessors
            ? await db.UnitSuccessions.AsNoTracking().Where(s => s.SuccessorId == unit.Id).Select(s => s.PredecessorId).ToListAsync(cancellationToken)
            : [];
        var codes = indicators.Select(i => i.Code).ToList();
        var snapshots = (await SnapshotsAsync([unit.Id, .. predecessors], periods.Select(p => p.Key).ToList(), codes, cancellationToken))
            .ToLookup(s => (s.IndicatorCode, s.PeriodKey));

        return indicators.ToDictionary(i => i.Code, i => (IReadOnlyList<SeriesPoint>)periods.Select(period =>
        {
            var all = snapshots[(i.Code, period.Key)].ToList();
            var own = all.SingleOrDefault(s => s.UnitId == unit.Id);
            if (own is not null && period.EndExclusive > unit.ValidFrom)
            {
                return Point(i, period, own.Numerator, own.Denominator, own.Target, fromPredecessors: false);
            }

            var before = all.Where(s => s.UnitId != unit.Id).ToList();
            return before.Count > 0
                ? Point(i, period, before.Sum(s => s.Numerator), before.Sum(s => s.Denominator), own?.Target ?? before[0].Target, fromPredecessors: true)
                : new SeriesPoint(period, null, null, null, own?.Target, null, false);
        }).ToList(), StringComparer.Ordinal);
    }

    /// <summary>The unit's children that existed in the period, best first by the indicator.</summary>
    public async Task<IReadOnlyList<RankedUnit>> RankChildrenAsync(AdministrativeUnit unit, IndicatorDefinition indicator, Period period, CancellationToken cancellationToken)
    {
        var children = await db.Units.AsNoTracking()
            .Where(u => u.ParentId == unit.Id && u.ValidFrom < period.EndExclusive && (u.ValidTo == null || u.ValidTo > period.FirstDay))
            .Select(u => new { u.Id, u.Code, u.Name }).ToListAsync(cancellationToken);
        var snapshots = (await SnapshotsAsync(children.Select(c => c.Id).ToList(), [period.Key], [indicator.Code], cancellationToken))
            .ToDictionary(s => s.UnitId);

        var ranked = children
            .Select(c => (Child: c, Snapshot: snapshots.GetValueOrDefault(c.Id)))
            .OrderBy(c => c.Snapshot?.Value is null)
            .ThenBy(c => indicator.Better == Better.Lower ? c.Snapshot?.Value : -c.Snapshot?.Value)
            .ThenBy(c => c.Child.Code, StringComparer.Ordinal)
            .ToList();
        var withValue = ranked.Count(r => r.Snapshot?.Value is not null);
        return ranked.Select((r, i) => new RankedUnit(i < withValue ? i + 1 : withValue + 1, r.Child.Id, r.Child.Code, r.Child.Name, r.Snapshot)).ToList();
    }

    /// <summary>
    /// The latest quarter in which a unit's snapshots count any record (a numerator above zero), if
    /// any: where a dashboard opens by default. A closed unit's later quarters, rolled up empty, are not it.
    /// </summary>
    public async Task<Period?> LatestQuarterWithDataAsync(int unitId, CancellationToken cancellationToken)
    {
        var key = await db.IndicatorSnapshots.AsNoTracking().Where(s => s.UnitId == unitId && s.PeriodKey % 10 != 0 && s.Numerator > 0)
            .MaxAsync(s => (int?)s.PeriodKey, cancellationToken);
        return key is { } k ? Period.FromKey(k) : null;
    }

    private static SeriesPoint Point(IndicatorDefinition indicator, Period period, decimal numerator, decimal denominator, decimal? target, bool fromPredecessors)
    {
        var value = indicator.ValueOf(numerator, denominator);
        bool? met = value is null || target is null ? null : indicator.Better == Better.Lower ? value <= target : value >= target;
        return new SeriesPoint(period, numerator, denominator, value, target, met, fromPredecessors);
    }

    /// <summary>
    /// Snapshots of the units and periods, of the given indicators only (null: all of them). The codes
    /// are filtered in SQL: a province's ranking would otherwise read every indicator of 600 communes.
    /// </summary>
    private Task<List<IndicatorSnapshot>> SnapshotsAsync(IReadOnlyCollection<int> units, IReadOnlyCollection<int> periodKeys, IReadOnlyCollection<string>? codes, CancellationToken cancellationToken)
    {
        var query = db.IndicatorSnapshots.AsNoTracking().Where(s => units.Contains(s.UnitId) && periodKeys.Contains(s.PeriodKey));
        return (codes is null ? query : query.Where(s => codes.Contains(s.IndicatorCode))).ToListAsync(cancellationToken);
    }
}
