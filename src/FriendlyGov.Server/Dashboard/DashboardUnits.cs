using FriendlyGov.Data;
using FriendlyGov.Server.Staff;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Dashboard;

/// <summary>A unit a leader may open on the dashboard; <see cref="Successor"/> for one outside their subtree that carries on a unit of it.</summary>
public sealed record UnitOption(int Id, string Code, string Name, string Path, int Depth, DateOnly ValidFrom, DateOnly? ValidTo, bool Successor)
{
    public bool ExistedIn(FriendlyGov.Domain.Period period) => ValidFrom < period.EndExclusive && (ValidTo is null || ValidTo > period.FirstDay);
}

/// <summary>
/// The units a signed-in user reads on the dashboard: their subtree, and the successors (kế thừa) of
/// its units after a reform, followed to the newest. The history of a closed commune lives on in the
/// unit that took it over, so its leaders may follow it there; they read the successor's scorecard,
/// not the units below it.
/// </summary>
public static class DashboardUnits
{
    public static async Task<IReadOnlyList<UnitOption>> ReadableAsync(FriendlyGovDbContext db, StaffScope scope, CancellationToken cancellationToken)
    {
        var rootDepth = scope.SubtreePath.Count(c => c == '/');
        var own = (await db.Units.AsNoTracking().Where(u => u.Path.StartsWith(scope.SubtreePath)).OrderBy(u => u.Path)
                .Select(u => new { u.Id, u.Code, u.Name, u.Path, u.ValidFrom, u.ValidTo }).ToListAsync(cancellationToken))
            .Select(u => new UnitOption(u.Id, u.Code, u.Name, u.Path, u.Path.Count(c => c == '/') - rootDepth, u.ValidFrom, u.ValidTo, Successor: false))
            .ToList();

        var known = own.Select(u => u.Id).ToHashSet();
        var successors = new List<UnitOption>();
        var frontier = own.Where(u => u.ValidTo is not null).Select(u => u.Id).ToList();
        while (frontier.Count > 0)
        {
            var next = (await db.UnitSuccessions.AsNoTracking().Where(s => frontier.Contains(s.PredecessorId))
                    .Select(s => new { s.Successor!.Id, s.Successor.Code, s.Successor.Name, s.Successor.Path, s.Successor.ValidFrom, s.Successor.ValidTo })
                    .ToListAsync(cancellationToken))
                .DistinctBy(u => u.Id).Where(u => !known.Contains(u.Id)).ToList();
            successors.AddRange(next.Select(u => new UnitOption(u.Id, u.Code, u.Name, u.Path, 0, u.ValidFrom, u.ValidTo, Successor: true)));
            known.UnionWith(next.Select(u => u.Id));
            frontier = next.Where(u => u.ValidTo is not null).Select(u => u.Id).ToList();
        }

        return [.. own, .. successors.OrderBy(u => u.Path, StringComparer.Ordinal)];
    }

    /// <summary>Whether the user reads this unit: it lies in their subtree, or carries on (through successions) a unit that does.</summary>
    public static async Task<bool> ReadsAsync(FriendlyGovDbContext db, StaffScope scope, int unitId, string unitPath, CancellationToken cancellationToken)
    {
        if (scope.SeesUnit(unitPath))
        {
            return true;
        }

        var seen = new HashSet<int> { unitId };
        var frontier = new List<int> { unitId };
        while (frontier.Count > 0)
        {
            var predecessors = await db.UnitSuccessions.AsNoTracking().Where(s => frontier.Contains(s.SuccessorId))
                .Select(s => new { s.Predecessor!.Id, s.Predecessor.Path }).ToListAsync(cancellationToken);
            if (predecessors.Any(p => scope.SeesUnit(p.Path)))
            {
                return true;
            }

            frontier = predecessors.Select(p => p.Id).Where(seen.Add).ToList();
        }

        return false;
    }
}
