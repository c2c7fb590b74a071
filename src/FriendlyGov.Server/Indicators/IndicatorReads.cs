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

/// <summary>One period of a series: null numbers where nothing was rolled up; closed (khóa sổ) once every snapshot it adds up is.</summary>
public sealed record SeriesPoint(Period Period, decimal? Numerator, decimal? Denominator, decimal? Value, decimal? Target, bool? Met, bool FromPredecessors, DateTime? ClosedAt = null);

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
    /// Each indicator over consecutive periods. With predecessors, a period that began before a unit
    /// took others over adds their records of it to the unit's own (Σ numerators / Σ denominators):
    /// before a new unit existed its predecessors alone, in the year of the reform both.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<SeriesPoint>>> SeriesAsync(
        AdministrativeUnit unit, IReadOnlyList<IndicatorDefinition> indicators, IReadOnlyList<Period> periods, bool includePredecessors, CancellationToken cancellationToken) =>
        (await SeriesOfUnitsAsync([unit], indicators, periods, includePredecessors, cancellationToken))[unit.Id];

    /// <summary><see cref="SeriesAsync"/> of several units at once: two queries however many units (a province's communes).</summary>
    public async Task<IReadOnlyDictionary<int, IReadOnlyDictionary<string, IReadOnlyList<SeriesPoint>>>> SeriesOfUnitsAsync(
        IReadOnlyList<AdministrativeUnit> units, IReadOnlyList<IndicatorDefinition> indicators, IReadOnlyList<Period> periods, bool includePredecessors, CancellationToken cancellationToken)
    {
        var ids = units.Select(u => u.Id).ToList();
        var successions = (includePredecessors
            ? await db.UnitSuccessions.AsNoTracking().Where(s => ids.Contains(s.SuccessorId))
                .Select(s => new Succession(s.SuccessorId, s.PredecessorId, s.EffectiveOn)).ToListAsync(cancellationToken)
            : []).ToLookup(s => s.SuccessorId);
        var codes = indicators.Select(i => i.Code).ToList();
        var snapshots = (await SnapshotsAsync([.. ids, .. successions.SelectMany(g => g.Select(s => s.PredecessorId))], periods.Select(p => p.Key).ToList(), codes, cancellationToken))
            .ToDictionary(s => (s.UnitId, s.IndicatorCode, s.PeriodKey));

        return units.ToDictionary(u => u.Id, u => (IReadOnlyDictionary<string, IReadOnlyList<SeriesPoint>>)indicators.ToDictionary(i => i.Code, i => (IReadOnlyList<SeriesPoint>)periods.Select(period =>
        {
            var own = snapshots.GetValueOrDefault((u.Id, i.Code, period.Key));
            var existed = period.EndExclusive > u.ValidFrom;
            var before = successions[u.Id].Where(s => period.FirstDay < s.EffectiveOn)
                .Select(s => snapshots.GetValueOrDefault((s.PredecessorId, i.Code, period.Key))).OfType<IndicatorSnapshot>().ToList();
            if (before.Count == 0)
            {
                return own is not null && existed
                    ? Point(i, period, own.Numerator, own.Denominator, own.Target, fromPredecessors: false, own.ClosedAt)
                    : new SeriesPoint(period, null, null, null, own?.Target, null, false);
            }

            List<IndicatorSnapshot> parts = own is not null && existed ? [own, .. before] : before;
            return Point(i, period, parts.Sum(s => s.Numerator), parts.Sum(s => s.Denominator), own?.Target ?? before[0].Target, fromPredecessors: true,
                parts.All(s => s.ClosedAt is not null) ? parts.Max(s => s.ClosedAt) : null);
        }).ToList(), StringComparer.Ordinal));
    }

    /// <summary>
    /// The periods a scorecard compares with: the previous one and the same one a year before (for a
    /// year, the year before is both).
    /// </summary>
    public static IReadOnlyList<Period> ComparedPeriods(Period period) => period.IsYear ? [period.Previous] : [period.Previous, new Period(period.Year - 1, period.Quarter)];

    /// <summary>
    /// Every indicator of a unit in the <see cref="ComparedPeriods"/>, by the rule of the trends: a
    /// period before a merger adds up the predecessors; a unit that did not exist then, and had none, has
    /// no value. Nor has a period in which no record was counted (the landing's rule: no numerator above
    /// zero), such as the years before the unit's records were kept here: 0 dossiers then is not a fact.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<SeriesPoint>>> ComparisonsAsync(AdministrativeUnit unit, Period period, CancellationToken cancellationToken)
    {
        var periods = ComparedPeriods(period);
        var series = await SeriesAsync(unit, IndicatorCatalogue.All, periods, includePredecessors: true, cancellationToken);
        var counted = Enumerable.Range(0, periods.Count).Select(c => series.Values.Any(points => points[c].Numerator > 0)).ToList();
        return series.ToDictionary(s => s.Key, s => (IReadOnlyList<SeriesPoint>)s.Value
            .Select((p, c) => counted[c] ? p : new SeriesPoint(p.Period, null, null, null, p.Target, null, false)).ToList(), StringComparer.Ordinal);
    }

    /// <summary>The unit's children that existed for at least a day of the period, by code.</summary>
    public Task<List<AdministrativeUnit>> ChildrenAsync(AdministrativeUnit unit, Period period, CancellationToken cancellationToken) =>
        db.Units.AsNoTracking()
            .Where(u => u.ParentId == unit.Id && u.ValidFrom < period.EndExclusive && (u.ValidTo == null || u.ValidTo > period.FirstDay))
            .OrderBy(u => u.Code).ToListAsync(cancellationToken);

    /// <summary>The unit's children that existed in the period, best first by the indicator.</summary>
    public async Task<IReadOnlyList<RankedUnit>> RankChildrenAsync(AdministrativeUnit unit, IndicatorDefinition indicator, Period period, CancellationToken cancellationToken)
    {
        var children = await ChildrenAsync(unit, period, cancellationToken);
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

    private sealed record Succession(int SuccessorId, int PredecessorId, DateOnly EffectiveOn);

    private static SeriesPoint Point(IndicatorDefinition indicator, Period period, decimal numerator, decimal denominator, decimal? target, bool fromPredecessors, DateTime? closedAt)
    {
        var value = indicator.ValueOf(numerator, denominator);
        bool? met = value is null || target is null ? null : indicator.Better == Better.Lower ? value <= target : value >= target;
        return new SeriesPoint(period, numerator, denominator, value, target, met, fromPredecessors, closedAt);
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
