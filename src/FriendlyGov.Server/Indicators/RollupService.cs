using FriendlyGov.Data;
using FriendlyGov.Data.Bulk;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Indicators;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Indicators;

/// <summary>
/// Rolls records up into indicator snapshots. Leaf figures come from <see cref="IndicatorQueries"/>
/// (in the database, one pass per kind of record over all the periods asked); a unit's figure is
/// Σ numerators / Σ denominators of its subtree. A full rollup replaces periods' snapshots for a
/// subtree in one transaction; the incremental one recomputes only the units whose records changed
/// (<see cref="RollupMark"/>) or whose open dossiers went late since their figures were computed, and
/// passes the difference up to their ancestors. Either keeps each snapshot's closing and records a
/// correction after closing (<see cref="IndicatorSnapshot.CarryClosing"/>).
/// </summary>
public sealed class RollupService(FriendlyGovDbContext db, TimeProvider clock)
{
    /// <summary>The first key of the advisory lock that serialises replacing a period's snapshots (the second is the period).</summary>
    public const int SnapshotReplaceLock = 0x46474F56;

    /// <summary>Recomputes a period for the subtree of <paramref name="rootUnitId"/> (all units when null) and the root's ancestors.</summary>
    public Task FullAsync(int? rootUnitId, Period period, RollupRun? run, CancellationToken cancellationToken) =>
        FullAsync(rootUnitId, [period], run, cancellationToken);

    /// <summary>Recomputes periods for the subtree of <paramref name="rootUnitId"/> (all units when null) and the root's ancestors, in one transaction.</summary>
    public async Task FullAsync(int? rootUnitId, IReadOnlyCollection<Period> periods, RollupRun? run, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var tree = await UnitTree.LoadAsync(db, cancellationToken);
        var scope = rootUnitId is { } root ? tree.SubtreeAndAncestors(root) : tree.All;
        await ReportAsync(run, 0, scope.Count, cancellationToken);

        var own = await new IndicatorQueries(db).OwnTotalsAsync(periods, now, null, cancellationToken);
        var targets = await TargetsAsync(periods, cancellationToken);
        var snapshots = new List<IndicatorSnapshot>(scope.Count * periods.Count * IndicatorCatalogue.All.Count);
        foreach (var period in periods)
        {
            var totals = SubtreeTotals(tree, own, period);
            foreach (var unit in scope)
            {
                foreach (var indicator in IndicatorCatalogue.All)
                {
                    var key = (unit.Id, period.Key, indicator.Code);
                    snapshots.Add(Snapshot(unit.Id, period, indicator, totals.GetValueOrDefault(key), own.GetValueOrDefault(key), tree, targets, now));
                }
            }
        }

        var unitIds = rootUnitId is null ? null : scope.Select(u => u.Id).ToList();
        var keys = periods.Select(p => p.Key).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockPeriodsAsync(periods, cancellationToken);

        // Read under the lock: whether each period was closed, whether this rollup corrects it, and what it leaves as it was.
        var stored = await db.IndicatorSnapshots.AsNoTracking().Where(s => keys.Contains(s.PeriodKey) && (unitIds == null || unitIds.Contains(s.UnitId)))
            .ToDictionaryAsync(s => (s.UnitId, s.PeriodKey, s.IndicatorCode), cancellationToken);
        var computed = snapshots.Select(s => (s, stored.Remove((s.UnitId, s.PeriodKey, s.IndicatorCode), out var was) ? was : null)).ToList();
        var gone = stored.Values.ToList(); // what no computed snapshot replaces
        await ReplaceChangedAsync(computed, gone, now, refreshRunning: true, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await ReportAsync(run, scope.Count, scope.Count, cancellationToken);
    }

    /// <summary>
    /// Recomputes the units whose own records changed since the last run, for the quarters marked
    /// and every later quarter up to now (open dossiers turn late later) and the years holding
    /// them, and the units whose open dossiers went late since their figures of a period still
    /// running at that time were computed; ancestors get the difference. Returns the (unit, period)
    /// pairs recomputed.
    /// </summary>
    public async Task<IReadOnlyCollection<(int Unit, int PeriodKey)>> IncrementalAsync(RollupRun? run, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var marks = await db.Set<RollupMark>().AsNoTracking().ToListAsync(cancellationToken);
        var current = Period.QuarterOf(now);
        var work = new Dictionary<Period, HashSet<int>>();
        void Add(Period period, int unit) => (work.TryGetValue(period, out var units) ? units : work[period] = []).Add(unit);
        foreach (var mark in marks)
        {
            for (var quarter = Period.FromKey(mark.FromQuarter); quarter.Key <= current.Key; quarter = quarter.Next)
            {
                Add(quarter, mark.UnitId);
                Add(Period.OfYear(quarter.Year), mark.UnitId);
            }
        }

        foreach (var (period, unit) in await TurnedLateAsync(now, cancellationToken))
        {
            Add(period, unit);
        }

        var recomputed = new HashSet<(int Unit, int PeriodKey)>();
        if (work.Count > 0)
        {
            var tree = await UnitTree.LoadAsync(db, cancellationToken);
            await ReportAsync(run, 0, work.Count, cancellationToken);

            // A unit's own figures are recomputed with its ancestors', so that every snapshot written says as of when its own figures stand.
            var units = work.Values.SelectMany(u => u).SelectMany(tree.UnitAndAncestors).Select(u => u.Id).ToHashSet();
            var keys = work.Keys.Select(p => p.Key).ToList();
            var unitIds = units.ToList();
            var stored = await db.IndicatorSnapshots.AsNoTracking().Where(s => keys.Contains(s.PeriodKey) && unitIds.Contains(s.UnitId)).ToListAsync(cancellationToken);
            var storedCount = stored.GroupBy(s => s.PeriodKey).ToDictionary(g => g.Key, g => g.Count());

            // Never rolled up in full: nothing to add a difference to, so roll the period up in full.
            var never = work.Keys.Where(p => storedCount.GetValueOrDefault(p.Key) < units.Count * IndicatorCatalogue.All.Count).ToList();
            if (never.Count > 0)
            {
                await FullAsync(null, never, null, cancellationToken);
                recomputed.UnionWith(never.SelectMany(p => tree.All.Select(u => (u.Id, p.Key))));
            }

            var rest = work.Keys.Except(never).ToList();
            if (rest.Count > 0)
            {
                var neverKeys = never.Select(p => p.Key).ToHashSet();
                await ApplyDifferencesAsync(rest, units, [.. stored.Where(s => !neverKeys.Contains(s.PeriodKey))], tree, now, cancellationToken);
                recomputed.UnionWith(rest.SelectMany(p => units.Select(u => (u, p.Key))));
            }

            await ReportAsync(run, work.Count, work.Count, cancellationToken);
        }

        // Only the marks read at the start: marks written meanwhile wait for the next run.
        var ids = marks.Select(m => m.Id).ToList();
        await db.Set<RollupMark>().Where(m => ids.Contains(m.Id)).ExecuteDeleteAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return recomputed;
    }

    /// <summary>Whether an incremental run would recompute anything: a unit marked, or an open dossier gone late since its figures.</summary>
    public async Task<bool> HasWorkAsync(CancellationToken cancellationToken) =>
        await db.Set<RollupMark>().AnyAsync(cancellationToken) || (await TurnedLateAsync(clock.GetUtcNow().UtcDateTime, cancellationToken)).Count > 0;

    /// <summary>
    /// The units whose figures of a period changed with time alone: a dossier still open, which went
    /// late after the unit's figures of a period were computed and before the end the period is judged
    /// at. Found by the index of open dossiers' <c>late_at</c>, in the window since the oldest
    /// figures of the period — only periods whose figures were computed before their end can have any.
    /// A dossier that closed since was written, so its unit is marked already.
    /// </summary>
    private async Task<List<(Period Period, int Unit)>> TurnedLateAsync(DateTime now, CancellationToken cancellationToken)
    {
        var current = Period.QuarterOf(now);
        var found = new List<(Period, int)>();
        foreach (var period in new[] { current.Previous, Period.OfYear(current.Previous.Year), current, Period.OfYear(current.Year) }.Distinct())
        {
            var computed = await db.IndicatorSnapshots.AsNoTracking().Where(s => s.PeriodKey == period.Key && s.IndicatorCode == IndicatorCatalogue.OverdueCount)
                .Select(s => new { s.UnitId, s.ComputedAt }).ToDictionaryAsync(s => s.UnitId, s => s.ComputedAt, cancellationToken);
            var end = IndicatorQueries.JudgedAt(period, now);
            if (computed.Count == 0 || computed.Values.Min() is var since && since >= end)
            {
                continue;
            }

            var late = await db.Dossiers.AsNoTracking().Where(d => d.FinishedAt == null && d.LateAt >= since && d.LateAt < end && d.ReceivedAt < end)
                .Select(d => new { d.UnitId, LateAt = d.LateAt!.Value }).ToListAsync(cancellationToken);
            found.AddRange(late.Where(d => computed.TryGetValue(d.UnitId, out var at) && d.LateAt >= at).Select(d => (period, d.UnitId)).Distinct());
        }

        return found;
    }

    /// <summary>Replaces the units' own figures and adds the differences to them and their ancestors, in one transaction.</summary>
    private async Task ApplyDifferencesAsync(List<Period> periods, HashSet<int> units, List<IndicatorSnapshot> stored, UnitTree tree, DateTime now, CancellationToken cancellationToken)
    {
        var own = await new IndicatorQueries(db).OwnTotalsAsync(periods, now, units, cancellationToken);
        var byKey = stored.ToDictionary(s => (s.UnitId, s.PeriodKey, s.IndicatorCode));
        var replaced = stored.ToDictionary(s => s, s => s.Copy());
        foreach (var period in periods)
        {
            foreach (var unitId in units)
            {
                foreach (var indicator in IndicatorCatalogue.All)
                {
                    var mine = byKey[(unitId, period.Key, indicator.Code)];
                    var delta = own.GetValueOrDefault((unitId, period.Key, indicator.Code)) - new Fraction(mine.OwnNumerator, mine.OwnDenominator);
                    if (delta == default)
                    {
                        continue;
                    }

                    mine.OwnNumerator += delta.Numerator;
                    mine.OwnDenominator += delta.Denominator;
                    foreach (var unit in tree.UnitAndAncestors(unitId))
                    {
                        var snapshot = byKey[(unit.Id, period.Key, indicator.Code)];
                        snapshot.Numerator += delta.Numerator;
                        snapshot.Denominator += delta.Denominator;
                    }
                }
            }
        }

        var targets = await TargetsAsync(periods, cancellationToken);
        var computed = stored.Select(snapshot => (Snapshot(snapshot.UnitId, Period.FromKey(snapshot.PeriodKey), IndicatorCatalogue.Get(snapshot.IndicatorCode),
            new Fraction(snapshot.Numerator, snapshot.Denominator), new Fraction(snapshot.OwnNumerator, snapshot.OwnDenominator), tree, targets, now), (IndicatorSnapshot?)replaced[snapshot])).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockPeriodsAsync(periods, cancellationToken);
        await ReplaceChangedAsync(computed, [], now, refreshRunning: false, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Writes the newly computed snapshots over the stored ones (each with its closing carried) and deletes the
    /// <paramref name="gone"/> ones, in the current transaction. A snapshot whose figures and closing are what is stored
    /// is left as it was, with the time its figures were last computed: a closing rollup run again over unchanged records
    /// writes nothing. With <paramref name="refreshRunning"/> (a full rollup) a running period's are written all the same,
    /// so that the day their figures run to (the latest time computed) is today.
    /// </summary>
    private async Task ReplaceChangedAsync(IReadOnlyList<(IndicatorSnapshot Computed, IndicatorSnapshot? Stored)> snapshots, IReadOnlyList<IndicatorSnapshot> gone, DateTime now,
        bool refreshRunning, CancellationToken cancellationToken)
    {
        var written = new List<IndicatorSnapshot>();
        var replaced = gone.Select(s => s.Id).ToList();
        foreach (var (computed, stored) in snapshots)
        {
            computed.CarryClosing(stored, now);
            if (stored is not null && computed.HasTheFiguresOf(stored) && !(refreshRunning && computed.ClosedAt is null))
            {
                continue;
            }

            written.Add(computed);
            if (stored is not null)
            {
                replaced.Add(stored.Id);
            }
        }

        await db.IndicatorSnapshots.Where(s => replaced.Contains(s.Id)).ExecuteDeleteAsync(cancellationToken);
        await BulkInsert.InsertAsync(db, BulkTables.Snapshots, written, cancellationToken);
    }

    /// <summary>Each unit's Σ over its subtree of a period, children before parents (a child's path is longer than its parent's).</summary>
    private static Dictionary<(int Unit, int PeriodKey, string Code), Fraction> SubtreeTotals(UnitTree tree, Dictionary<(int Unit, int PeriodKey, string Code), Fraction> own, Period period)
    {
        var totals = new Dictionary<(int Unit, int PeriodKey, string Code), Fraction>();
        foreach (var unit in tree.All.OrderByDescending(u => u.Path.Length))
        {
            foreach (var indicator in IndicatorCatalogue.All)
            {
                var key = (unit.Id, period.Key, indicator.Code);
                var total = totals.GetValueOrDefault(key) + own.GetValueOrDefault(key);
                totals[key] = total;
                if (unit.ParentId is { } parent)
                {
                    var up = (parent, period.Key, indicator.Code);
                    totals[up] = totals.GetValueOrDefault(up) + total;
                }
            }
        }

        return totals;
    }

    /// <summary>
    /// Two rollups of one period at once (a job and a direct call) would each delete, then both insert.
    /// SQLite's write transaction already excludes the other; PostgreSQL needs the locks, held until
    /// commit, taken in the order of the periods so that two rollups never wait for each other.
    /// </summary>
    private async Task LockPeriodsAsync(IEnumerable<Period> periods, CancellationToken cancellationToken)
    {
        if (db.Provider != DatabaseProvider.PostgreSql)
        {
            return;
        }

        foreach (var key in periods.Select(p => p.Key).Order())
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({SnapshotReplaceLock}, {key})", cancellationToken);
        }
    }

    private static IndicatorSnapshot Snapshot(int unitId, Period period, IndicatorDefinition indicator, Fraction total, Fraction own, UnitTree tree, ILookup<string, Target> targets, DateTime now)
    {
        var value = indicator.ValueOf(total.Numerator, total.Denominator);
        var target = Target.Resolve(targets[indicator.Code], tree.UnitAndAncestorIds(unitId), period);
        return new IndicatorSnapshot
        {
            UnitId = unitId,
            PeriodKey = period.Key,
            IndicatorCode = indicator.Code,
            Numerator = total.Numerator,
            Denominator = total.Denominator,
            OwnNumerator = own.Numerator,
            OwnDenominator = own.Denominator,
            Value = value,
            Target = target?.Value,
            Met = target is null || value is null ? null : target.IsMetBy(value.Value),
            ComputedAt = now,
        };
    }

    /// <summary>The targets of the periods' years (<see cref="Target.Resolve"/> picks the period's).</summary>
    private async Task<ILookup<string, Target>> TargetsAsync(IEnumerable<Period> periods, CancellationToken cancellationToken)
    {
        var years = periods.Select(p => p.Year).Distinct().ToList();
        return (await db.Targets.AsNoTracking().Where(t => years.Contains(t.Year)).ToListAsync(cancellationToken)).ToLookup(t => t.IndicatorCode);
    }

    private async Task ReportAsync(RollupRun? run, int done, int total, CancellationToken cancellationToken)
    {
        if (run is null)
        {
            return;
        }

        await db.Set<RollupRun>().Where(r => r.Id == run.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.UnitsDone, done).SetProperty(r => r.UnitsTotal, total), cancellationToken);
    }
}
