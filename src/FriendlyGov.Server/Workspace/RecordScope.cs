using System.Security.Claims;
using FriendlyGov.Data;
using FriendlyGov.Data.Staff;
using FriendlyGov.Domain;
using FriendlyGov.Server.Staff;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Workspace;

/// <summary>A unit of the user's subtree, as the record pages offer and check it.</summary>
public sealed record ScopeUnit(int Id, string Code, string Name, string Path, int Depth, DateOnly ValidFrom, DateOnly? ValidTo)
{
    public bool IsValidOn(DateOnly date) => date >= ValidFrom && (ValidTo is null || date < ValidTo);

    /// <summary>The name with its closing day, for a unit closed by the 2025 reform.</summary>
    public string Label => ValidTo is { } to ? $"{Name} ({Admin.Lang.T("đến", "until")} {to.AddDays(-1):dd/MM/yyyy})" : Name;
}

/// <summary>
/// The unit-scope check of every record page: a record of a unit outside the signed-in user's
/// subtree does not exist for them (the pages answer 404, as for a record that never existed).
/// Officers and admins write; leaders read. The units a user may pick for a record are those of
/// their subtree valid on the record's date.
/// </summary>
public sealed class RecordScope
{
    /// <summary>The policy of every page that writes records.</summary>
    public const string WritePolicy = "records:write";

    private readonly Dictionary<int, ScopeUnit> _byId;
    private readonly Dictionary<string, ScopeUnit> _byCode;

    private RecordScope(string userName, string unitCode, bool canWrite, IReadOnlyList<ScopeUnit> units)
    {
        UserName = userName;
        CanWrite = canWrite;
        Units = units;
        _byId = units.ToDictionary(u => u.Id);
        _byCode = units.ToDictionary(u => u.Code, StringComparer.Ordinal);
        Own = _byCode[unitCode];
    }

    public string UserName { get; }

    public bool CanWrite { get; }

    /// <summary>The user's own unit, the root of their subtree.</summary>
    public ScopeUnit Own { get; }

    /// <summary>Every unit of the subtree, in tree order.</summary>
    public IReadOnlyList<ScopeUnit> Units { get; }

    public IReadOnlyCollection<int> UnitIds => _byId.Keys;

    public static void AddPolicy(Microsoft.AspNetCore.Authorization.AuthorizationBuilder authorization) =>
        authorization.AddPolicy(WritePolicy, policy => policy.RequireRole(StaffRoles.Officer, StaffRoles.Admin));

    public static Task<RecordScope> OfAsync(FriendlyGovDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var staff = StaffScope.Of(user) ?? throw new InvalidOperationException("The record pages are behind sign-in.");
        return LoadAsync(db, staff.UserName, staff.UnitCode, staff.SubtreePath, user.IsInRole(StaffRoles.Officer) || user.IsInRole(StaffRoles.Admin), cancellationToken);
    }

    public static async Task<RecordScope> LoadAsync(FriendlyGovDbContext db, string userName, string unitCode, string subtreePath, bool canWrite, CancellationToken cancellationToken)
    {
        var rootDepth = subtreePath.Count(c => c == '/');
        var units = await db.Units.AsNoTracking().Where(u => u.Path.StartsWith(subtreePath)).OrderBy(u => u.Path)
            .Select(u => new { u.Id, u.Code, u.Name, u.Path, u.ValidFrom, u.ValidTo }).ToListAsync(cancellationToken);
        return new RecordScope(userName, unitCode, canWrite, units.Select(u => new ScopeUnit(u.Id, u.Code, u.Name, u.Path, u.Path.Count(c => c == '/') - rootDepth, u.ValidFrom, u.ValidTo)).ToList());
    }

    /// <summary>The unit of that code, or null when it does not exist or lies outside the subtree.</summary>
    public ScopeUnit? Find(string? code) => code is null ? null : _byCode.GetValueOrDefault(code.Trim());

    public ScopeUnit? Find(int unitId) => _byId.GetValueOrDefault(unitId);

    /// <summary>The code of a unit of the subtree, as the audit names a record's unit.</summary>
    public string? CodeOf(int unitId) => Find(unitId)?.Code;

    public bool Sees(int unitId) => _byId.ContainsKey(unitId);

    /// <summary>The ids of a unit and every unit below it (the whole subtree for null).</summary>
    public IReadOnlyList<int> SubtreeIds(ScopeUnit? unit) =>
        unit is null ? [.. _byId.Keys] : [.. Units.Where(u => u.Path.StartsWith(unit.Path, StringComparison.Ordinal)).Select(u => u.Id)];

    /// <summary>Records of the unit's subtree (of the user's whole subtree for null).</summary>
    public IQueryable<T> Within<T>(IQueryable<T> records, ScopeUnit? unit = null)
        where T : class, IRolledUpRecord
    {
        var ids = SubtreeIds(unit);
        if (ids.Count == 1)
        {
            // One unit (a commune's officer): an equality, so that PostgreSQL's planner can read the
            // (unit, time) indexes in their order and stop at the page's last row.
            var only = ids[0];
            return records.Where(r => r.UnitId == only);
        }

        return records.Where(r => ids.Contains(r.UnitId));
    }

    /// <summary>The units a record dated that day may belong to.</summary>
    public IReadOnlyList<ScopeUnit> ValidOn(DateOnly date) => [.. Units.Where(u => u.IsValidOn(date))];

    /// <summary>The unit a new record of that day goes to when none is named: the user's own, or the only one valid then.</summary>
    public ScopeUnit? DefaultOn(DateOnly date)
    {
        if (Own.IsValidOn(date))
        {
            return Own;
        }

        var valid = ValidOn(date);
        return valid.Count == 1 ? valid[0] : null;
    }

    /// <summary>Checks the unit chosen for a record of that day; null when it may be used, else why not.</summary>
    public Words? CheckUnit(string? code, DateOnly date, out ScopeUnit? unit)
    {
        unit = string.IsNullOrWhiteSpace(code) ? DefaultOn(date) : Find(code);
        if (unit is null)
        {
            return string.IsNullOrWhiteSpace(code)
                ? new Words("Chọn đơn vị.", "Choose the unit.")
                : new Words($"Không có đơn vị mã {code.Trim()} trong phạm vi của bạn.", $"No unit with the code {code.Trim()} is within your scope.");
        }

        if (date != default && !unit.IsValidOn(date))
        {
            return new Words($"{unit.Name} không hoạt động vào ngày {date:dd/MM/yyyy}.", $"{unit.Name} did not exist on {date:dd/MM/yyyy}.");
        }

        return null;
    }
}
