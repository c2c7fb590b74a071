using FriendlyGov.Data;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Indicators;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Indicators;

/// <summary>
/// Rolls records up into indicator snapshots. Leaf figures come from <see cref="IndicatorQueries"/>
/// (in the database); a unit's figure is Σ numerators / Σ denominators of its subtree. A full
/// rollup replaces a period's snapshots for a subtree in one transaction; the incremental one
/// recomputes only the units whose records changed (<see cref="RollupMark"/>) and passes the
/// difference up to their ancestors. Either keeps each snapshot's closing and records a correction
/// after closing (<see cref="IndicatorSnapshot.CarryClosing"/>).
/// </summary>
public sealed class RollupService(FriendlyGovDbContext db, TimeProvider clock)
{
    // The first key of the advisory lock that serialises replacing a period's snapshots (the second is the period).
    private const int SnapshotReplaceLock = 0x46474F56;

    /// <summary>Recomputes a period for the subtree of <paramref name="rootUnitId"/> (all units when null) and the root's ancestors.</summary>
    public async Task FullAsync(int? rootUnitId, Period period, RollupRun? run, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var tree = await UnitTree.LoadAsync(db, cancellationToken);
        var scope = rootUnitId is { } root ? tree.SubtreeAndAncestors(root) : tree.All;
        await ReportAsync(run, 0, scope.Count, cancellationToken);

        var own = await new IndicatorQueries(db).OwnTotalsAsync(period, now, null, cancellationToken);
        var targets = await TargetsAsync(period, cancellationToken);
        var snapshots = new List<IndicatorSnapshot>(scope.Count * IndicatorCatalogue.All.Count);
        var done = 0;
        foreach (var unit in scope)
        {
            var subtree = tree.Subtree(unit.Id);
            foreach (var indicator in IndicatorCatalogue.All)
            {
                var ownFraction = own.GetValueOrDefault((unit.Id, indicator.Code));
                var total = subtree.Aggregate(default(Fraction), (sum, u) => sum + own.GetValueOrDefault((u.Id, indicator.Code)));
                snapshots.Add(Snapshot(unit.Id, period, indicator, total, ownFraction, tree, targets, now));
            }

            if (++done % 100 == 0)
            {
                await ReportAsync(run, done, scope.Count, cancellationToken);
            }
        }

        var unitIds = scope.Select(u => u.Id).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Two full rollups of one period at once (a job and a direct call) would each delete, then both insert.
        // SQLite's write transaction already excludes the other; PostgreSQL needs the lock, held until commit.
        if (db.Provider == DatabaseProvider.PostgreSql)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({SnapshotReplaceLock}, {period.Key})", cancellationToken);
        }

        // Read under the lock: whether the period was closed, and whether this rollup corrects it.
        var replaced = await db.IndicatorSnapshots.AsNoTracking().Where(s => s.PeriodKey == period.Key && unitIds.Contains(s.UnitId))
            .ToDictionaryAsync(s => (s.UnitId, s.IndicatorCode), cancellationToken);
        foreach (var snapshot in snapshots)
        {
            snapshot.CarryClosing(replaced.GetValueOrDefault((snapshot.UnitId, snapshot.IndicatorCode)), now);
        }

        await db.IndicatorSnapshots.Where(s => s.PeriodKey == period.Key && unitIds.Contains(s.UnitId)).ExecuteDeleteAsync(cancellationToken);
        await SnapshotWriter.InsertAsync(db, snapshots, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await ReportAsync(run, scope.Count, scope.Count, cancellationToken);
    }

    /// <summary>
    /// Recomputes the units whose own records changed since the last run, for the quarters marked
    /// and every later quarter up to now (open dossiers turn late later) and the years holding
    /// them; ancestors get the difference. Returns the (unit, period) pairs recomputed.
    /// </summary>
    public async Task<IReadOnlyCollection<(int Unit, int PeriodKey)>> IncrementalAsync(RollupRun? run, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var marks = await db.Set<RollupMark>().AsNoTracking().ToListAsync(cancellationToken);
        if (marks.Count == 0)
        {
            return [];
        }

        var current = Period.QuarterOf(now);
        var work = new Dictionary<Period, HashSet<int>>();
        foreach (var mark in marks)
        {
            for (var quarter = Period.FromKey(mark.FromQuarter); quarter.Key <= current.Key; quarter = quarter.Next)
            {
                (work.TryGetValue(quarter, out var q) ? q : work[quarter] = []).Add(mark.UnitId);
                var year = Period.OfYear(quarter.Year);
                (work.TryGetValue(year, out var y) ? y : work[year] = []).Add(mark.UnitId);
            }
        }

        var tree = await UnitTree.LoadAsync(db, cancellationToken);
        var recomputed = new HashSet<(int Unit, int PeriodKey)>();
        await ReportAsync(run, 0, work.Count, cancellationToken);
        var done = 0;
        foreach (var (period, units) in work.OrderBy(w => w.Key.Key))
        {
            var affected = units.SelectMany(tree.UnitAndAncestors).Select(u => u.Id).ToHashSet();
            var stored = await db.IndicatorSnapshots.Where(s => s.PeriodKey == period.Key && affected.Contains(s.UnitId)).ToListAsync(cancellationToken);
            if (stored.Count < affected.Count * IndicatorCatalogue.All.Count)
            {
                // Never rolled up in full: nothing to add a difference to, so roll the period up in full.
                db.ChangeTracker.Clear();
                await FullAsync(null, period, null, cancellationToken);
                recomputed.UnionWith(tree.All.Select(u => (u.Id, period.Key)));
            }
            else
            {
                await ApplyDifferencesAsync(period, units, stored, tree, now, cancellationToken);
                recomputed.UnionWith(stored.Select(s => (s.UnitId, period.Key)));
            }

            await ReportAsync(run, ++done, work.Count, cancellationToken);
        }

        // Only the marks read at the start: marks written meanwhile wait for the next run.
        var ids = marks.Select(m => m.Id).ToList();
        await db.Set<RollupMark>().Where(m => ids.Contains(m.Id)).ExecuteDeleteAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return recomputed;
    }

    /// <summary>Replaces the changed units' own figures and adds the differences to them and their ancestors, in one transaction.</summary>
    private async Task ApplyDifferencesAsync(Period period, HashSet<int> units, List<IndicatorSnapshot> stored, UnitTree tree, DateTime now, CancellationToken cancellationToken)
    {
        var own = await new IndicatorQueries(db).OwnTotalsAsync(period, now, units, cancellationToken);
        var byKey = stored.ToDictionary(s => (s.UnitId, s.IndicatorCode));
        var replaced = stored.ToDictionary(s => s, s => s.Copy());
        foreach (var unitId in units)
        {
            foreach (var indicator in IndicatorCatalogue.All)
            {
                var mine = byKey[(unitId, indicator.Code)];
                var delta = own.GetValueOrDefault((unitId, indicator.Code)) - new Fraction(mine.OwnNumerator, mine.OwnDenominator);
                mine.OwnNumerator += delta.Numerator;
                mine.OwnDenominator += delta.Denominator;
                foreach (var unit in tree.UnitAndAncestors(unitId))
                {
                    var snapshot = byKey[(unit.Id, indicator.Code)];
                    snapshot.Numerator += delta.Numerator;
                    snapshot.Denominator += delta.Denominator;
                }
            }
        }

        var targets = await TargetsAsync(period, cancellationToken);
        foreach (var snapshot in stored)
        {
            var refreshed = Snapshot(snapshot.UnitId, period, IndicatorCatalogue.Get(snapshot.IndicatorCode),
                new Fraction(snapshot.Numerator, snapshot.Denominator), new Fraction(snapshot.OwnNumerator, snapshot.OwnDenominator), tree, targets, now);
            (snapshot.Value, snapshot.Target, snapshot.Met, snapshot.ComputedAt) = (refreshed.Value, refreshed.Target, refreshed.Met, refreshed.ComputedAt);
            snapshot.CarryClosing(replaced[snapshot], now);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static IndicatorSnapshot Snapshot(int unitId, Period period, IndicatorDefinition indicator, Fraction total, Fraction own, UnitTree tree, ILookup<string, Target> targets, DateTime now)
    {
        var value = indicator.ValueOf(total.Numerator, total.Denominator);
        var target = Target.Resolve(targets[indicator.Code], tree.UnitAndAncestors(unitId).Select(u => u.Id).ToList(), period);
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

    private async Task<ILookup<string, Target>> TargetsAsync(Period period, CancellationToken cancellationToken) =>
        (await db.Targets.AsNoTracking().Where(t => t.Year == period.Year).ToListAsync(cancellationToken)).ToLookup(t => t.IndicatorCode);

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
