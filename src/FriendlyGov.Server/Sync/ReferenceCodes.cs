using FriendlyGov.Data;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Domain.Units;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Sync;

/// <summary>
/// Units and procedures by code and by id, loaded once per call: records name them by official
/// code on the wire and by id in the database. Both tables are small (thousands of units).
/// </summary>
public sealed class ReferenceCodes
{
    private ReferenceCodes(Dictionary<string, UnitRef> units, Dictionary<string, ProcedureRef> procedures)
    {
        UnitsByCode = units;
        UnitsById = units.Values.ToDictionary(u => u.Id);
        ProceduresByCode = procedures;
        ProcedureCodes = procedures.Values.ToDictionary(p => p.Id, p => p.Code);
    }

    public IReadOnlyDictionary<string, UnitRef> UnitsByCode { get; }

    public IReadOnlyDictionary<int, UnitRef> UnitsById { get; }

    public IReadOnlyDictionary<string, ProcedureRef> ProceduresByCode { get; }

    public IReadOnlyDictionary<int, string> ProcedureCodes { get; }

    public static async Task<ReferenceCodes> LoadAsync(FriendlyGovDbContext db, CancellationToken cancellationToken)
    {
        var units = await db.Units.AsNoTracking()
            .Select(u => new UnitRef(u.Id, u.Code, u.Path, new UnitLifetime(u.ValidFrom, u.ValidTo)))
            .ToDictionaryAsync(u => u.Code, StringComparer.Ordinal, cancellationToken);
        var procedures = await db.Procedures.AsNoTracking()
            .Select(p => new ProcedureRef(p.Id, p.Code, p.OnlineCapability))
            .ToDictionaryAsync(p => p.Code, StringComparer.Ordinal, cancellationToken);
        return new ReferenceCodes(units, procedures);
    }
}

public sealed record UnitRef(int Id, string Code, string Path, UnitLifetime Lifetime);

public sealed record ProcedureRef(int Id, string Code, OnlineCapability OnlineCapability);

/// <summary>Where a request names a unit: resolves it inside the caller's subtree.</summary>
public static class SubtreeFilter
{
    /// <summary>The subtree path a read covers: the named unit's, or the caller's own when none is named.</summary>
    public static string PathFor(Caller caller, ReferenceCodes codes, string unitCode)
    {
        if (unitCode.Length == 0)
        {
            return caller.SubtreePath;
        }

        GrpcErrors.ThrowIfAny(new Rules().UnitCode(unitCode, "unit_code"));
        if (!codes.UnitsByCode.TryGetValue(unitCode, out var unit))
        {
            GrpcErrors.InvalidArgument("unit_code", $"no unit has the code {unitCode}");
        }

        if (!caller.SeesUnit(unit.Path))
        {
            GrpcErrors.PermissionDenied($"Unit {unitCode} is outside the client's unit subtree.");
        }

        return unit.Path;
    }
}
