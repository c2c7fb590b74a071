using FriendlyGov.Data;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Indicators;
using FriendlyGov.Server.Workspace;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Targets;

/// <summary>
/// Sets, overrides, removes and copies targets (chỉ tiêu), each change with its audit entry ("target") and, in the
/// same transaction, rollup marks for every unit of the target's subtree from the first quarter it covers: every
/// unit there may inherit it, so the next incremental rollup rewrites their snapshots' target and verdict.
/// </summary>
public sealed class TargetChanges(FriendlyGovDbContext db, TimeProvider clock)
{
    public const string RecordType = "target";

    /// <summary>Sets the unit's own target (an override when an ancestor has one); false when it already held these values.</summary>
    public async Task<bool> SetAsync(ScopeUnit unit, string indicatorCode, int year, int? quarter, decimal value, TargetDirection direction, RecordScope scope, CancellationToken cancellationToken) =>
        await SetManyAsync([new TargetValue(unit.Id, indicatorCode, year, quarter, value, direction)], scope, null, cancellationToken) > 0;

    /// <summary>
    /// Sets many targets of the scope's units at once (an import), in one transaction with one audit entry per target
    /// that changed and the rollup marks; returns how many changed (none written when none did).
    /// </summary>
    public async Task<int> SetManyAsync(IReadOnlyList<TargetValue> values, RecordScope scope, string? source, CancellationToken cancellationToken)
    {
        try
        {
            return await WriteAsync(values, scope, source, cancellationToken);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            // Another admin added one of these targets meanwhile (the unique index let only one in): read again and
            // write over it, as if this change had come second — the later write wins, as two saves on the page do.
            db.ChangeTracker.Clear();
            return await WriteAsync(values, scope, source, cancellationToken);
        }
    }

    private async Task<int> WriteAsync(IReadOnlyList<TargetValue> values, RecordScope scope, string? source, CancellationToken cancellationToken)
    {
        var unitIds = values.Select(v => v.UnitId).Distinct().ToList();
        var years = values.Select(v => v.Year).Distinct().ToList();
        var stored = (await db.Targets.Where(t => unitIds.Contains(t.UnitId) && years.Contains(t.Year)).ToListAsync(cancellationToken))
            .ToDictionary(t => (t.UnitId, t.IndicatorCode, t.Year, t.Quarter));
        foreach (var value in values)
        {
            if (!stored.TryGetValue((value.UnitId, value.IndicatorCode, value.Year, value.Quarter), out var target))
            {
                target = new Target { UnitId = value.UnitId, IndicatorCode = value.IndicatorCode, Year = value.Year, Quarter = value.Quarter };
                stored[(value.UnitId, value.IndicatorCode, value.Year, value.Quarter)] = target;
                db.Targets.Add(target);
            }

            (target.Value, target.Direction) = (value.Value, value.Direction);
        }

        db.ChangeTracker.DetectChanges();
        var changed = stored.Values.Where(t => db.Entry(t).State != EntityState.Unchanged).ToList();
        if (changed.Count > 0)
        {
            await SaveAsync(changed, scope, source, cancellationToken);
        }

        return changed.Count;
    }

    /// <summary>Removes one of the unit's own targets; the unit inherits again what its ancestors set.</summary>
    public async Task<bool> RemoveAsync(long id, RecordScope scope, CancellationToken cancellationToken)
    {
        var ids = scope.UnitIds.ToList();
        var target = await db.Targets.SingleOrDefaultAsync(t => t.Id == id && ids.Contains(t.UnitId), cancellationToken);
        if (target is null)
        {
            return false;
        }

        db.Targets.Remove(target);
        await SaveAsync([target], scope, null, cancellationToken);
        return true;
    }

    /// <summary>
    /// Copies the targets set in the unit's subtree for a year to the next year, where the next year has none for the
    /// same unit, indicator and quarter (a target already set for the next year is never overwritten). Returns (copied, kept).
    /// </summary>
    public async Task<(int Copied, int Kept)> CopyYearAsync(ScopeUnit unit, int year, RecordScope scope, CancellationToken cancellationToken)
    {
        var ids = scope.SubtreeIds(unit).ToList();
        var source = await db.Targets.AsNoTracking().Where(t => t.Year == year && ids.Contains(t.UnitId)).ToListAsync(cancellationToken);
        var existing = (await db.Targets.AsNoTracking().Where(t => t.Year == year + 1 && ids.Contains(t.UnitId))
            .Select(t => new { t.UnitId, t.IndicatorCode, t.Quarter }).ToListAsync(cancellationToken)).ToHashSet();
        var copies = source.Where(t => !existing.Contains(new { t.UnitId, t.IndicatorCode, t.Quarter }))
            .Select(t => new Target { UnitId = t.UnitId, IndicatorCode = t.IndicatorCode, Year = year + 1, Quarter = t.Quarter, Value = t.Value, Direction = t.Direction })
            .ToList();
        if (copies.Count > 0)
        {
            db.Targets.AddRange(copies);
            await SaveAsync(copies, scope, $"copy: {year} → {year + 1}", cancellationToken);
        }

        return (copies.Count, source.Count - copies.Count);
    }

    private Task SaveAsync(IReadOnlyList<Target> targets, RecordScope scope, string? source, CancellationToken cancellationToken)
    {
        var marks = new Dictionary<int, int>();
        foreach (var target in targets)
        {
            var from = new Period(target.Year, target.Quarter ?? 1).Key;
            foreach (var unitId in scope.SubtreeIds(scope.Find(target.UnitId)))
            {
                marks[unitId] = Math.Min(marks.GetValueOrDefault(unitId, int.MaxValue), from);
            }
        }

        db.RollupMarks.AddRange(marks.Select(m => new RollupMark { UnitId = m.Key, FromQuarter = m.Value }));
        return AuditTrail.SaveAsync(db, RecordType, targets, t => ((Target)t).UnitId, scope.UserName, source, scope.CodeOf, clock, cancellationToken);
    }
}

/// <summary>A target to set: the unit (of the admin's subtree), indicator, year, quarter (null for the year), value and direction.</summary>
public sealed record TargetValue(int UnitId, string IndicatorCode, int Year, int? Quarter, decimal Value, TargetDirection Direction);
