using FriendlyGov.Data;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Indicators;

/// <summary>The whole unit tree in memory (thousands of rows at most): subtrees and ancestor chains for rollups and targets.</summary>
public sealed class UnitTree
{
    private readonly Dictionary<int, TreeUnit> _byId;
    private readonly Dictionary<int, IReadOnlyList<int>> _chains = [];

    private UnitTree(List<TreeUnit> units)
    {
        All = units;
        _byId = units.ToDictionary(u => u.Id);
    }

    public IReadOnlyList<TreeUnit> All { get; }

    public static async Task<UnitTree> LoadAsync(FriendlyGovDbContext db, CancellationToken cancellationToken) =>
        new(await db.Units.AsNoTracking().OrderBy(u => u.Path)
            .Select(u => new TreeUnit(u.Id, u.ParentId, u.Code, u.Name, u.Path)).ToListAsync(cancellationToken));

    /// <summary>The unit and every unit below it.</summary>
    public IReadOnlyList<TreeUnit> Subtree(int id) => [.. All.Where(u => u.Path.StartsWith(_byId[id].Path, StringComparison.Ordinal))];

    /// <summary>The unit, then its parent, up to the root.</summary>
    public IEnumerable<TreeUnit> UnitAndAncestors(int id)
    {
        for (TreeUnit? unit = _byId[id]; unit is not null; unit = unit.ParentId is { } parent ? _byId[parent] : null)
        {
            yield return unit;
        }
    }

    /// <summary>The ids of <see cref="UnitAndAncestors"/>, kept: a rollup asks for each unit's chain once per snapshot (targets are inherited down it).</summary>
    public IReadOnlyList<int> UnitAndAncestorIds(int id) =>
        _chains.TryGetValue(id, out var chain) ? chain : _chains[id] = [.. UnitAndAncestors(id).Select(u => u.Id)];

    public IReadOnlyList<TreeUnit> SubtreeAndAncestors(int id) => [.. Subtree(id).Concat(UnitAndAncestors(id).Skip(1))];
}

public sealed record TreeUnit(int Id, int? ParentId, string Code, string Name, string Path);
