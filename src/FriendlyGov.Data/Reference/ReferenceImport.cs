using System.Globalization;
using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Domain.Units;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Data.Reference;

/// <summary>What an import found and would change; nothing of it is saved when <see cref="Errors"/> is not empty.</summary>
public sealed class ReferenceImportResult
{
    public List<ImportError> Errors { get; } = [];

    /// <summary>Every unit the unit file states or names, in the file's order: stored ones (updated) and new ones.</summary>
    public List<AdministrativeUnit> Units { get; } = [];

    public List<AdministrativeUnit> AddedUnits { get; } = [];

    public int ChangedUnits { get; set; }

    public List<UnitSuccession> AddedSuccessions { get; } = [];

    public int ChangedSuccessions { get; set; }

    public List<UnitSuccession> RemovedSuccessions { get; } = [];

    /// <summary>Every procedure of the procedure file, in the file's order: stored ones (updated) and new ones.</summary>
    public List<Procedure> Procedures { get; } = [];

    public List<Procedure> AddedProcedures { get; } = [];

    public int ChangedProcedures { get; set; }

    /// <summary>One line per file: how many records it holds, and what the import adds and changes.</summary>
    public List<string> Summary { get; } = [];
}

/// <summary>
/// Imports the administrative unit tree and the procedure catalogue from reference files (see
/// <see cref="UnitFile"/> and <see cref="ProcedureFile"/>) into the stored reference data.
/// Idempotent: the same files twice change nothing. A unit or procedure is matched by its code; a
/// changed name or validity updates it; a unit never moves to another parent or level (a reform
/// closes it with Hiệu lực đến and names its successors). Units and procedures the files do not
/// mention are left as they are; nothing is ever deleted, except successions a unit's row no
/// longer lists. All or nothing: one report of every broken rule, by file, row and column, and
/// nothing written when there is any. Every record is checked by its domain rules (Validate()).
/// </summary>
public static class ReferenceImport
{
    public static async Task<ReferenceImportResult> ImportAsync(FriendlyGovDbContext db, ReferenceTable? units, ReferenceTable? procedures, CancellationToken cancellationToken = default)
    {
        var storedUnits = await db.Units.ToListAsync(cancellationToken);
        var storedSuccessions = await db.UnitSuccessions.ToListAsync(cancellationToken);
        var storedProcedures = await db.Procedures.ToListAsync(cancellationToken);
        var result = Merge(units, procedures, storedUnits, storedSuccessions, storedProcedures);
        if (result.Errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            return result;
        }

        db.Units.AddRange(result.AddedUnits);
        db.UnitSuccessions.AddRange(result.AddedSuccessions);
        db.UnitSuccessions.RemoveRange(result.RemovedSuccessions);
        db.Procedures.AddRange(result.AddedProcedures);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return result;
    }

    /// <summary>Merges the files into the stored records given (changing them in place) without saving anything.</summary>
    public static ReferenceImportResult Merge(
        ReferenceTable? units,
        ReferenceTable? procedures,
        IReadOnlyCollection<AdministrativeUnit> storedUnits,
        IReadOnlyCollection<UnitSuccession> storedSuccessions,
        IReadOnlyCollection<Procedure> storedProcedures)
    {
        var result = new ReferenceImportResult();
        if (units is not null)
        {
            MergeUnits(units, storedUnits, storedSuccessions, result);
        }

        if (procedures is not null)
        {
            MergeProcedures(procedures, storedProcedures, result);
        }

        return result;
    }

    private static void MergeUnits(ReferenceTable table, IReadOnlyCollection<AdministrativeUnit> stored, IReadOnlyCollection<UnitSuccession> storedSuccessions, ReferenceImportResult result)
    {
        var (definitions, errors) = UnitFile.Parse(table);
        result.Errors.AddRange(errors);
        var unreadRows = errors.Select(e => e.Row).ToHashSet();
        void Error(UnitDefinition unit, string column, string message) => result.Errors.Add(new ImportError(table.File, unit.Row, column, message));

        var byCode = stored.ToDictionary(u => u.Code, StringComparer.Ordinal);
        var merged = new Dictionary<UnitDefinition, AdministrativeUnit>();

        // Parents first: a unit's level is always below its parent's.
        foreach (var definition in definitions.OrderBy(d => d.Level))
        {
            var parentColumn = definition.ParentColumn;
            AdministrativeUnit? parent = null;
            if (definition.ParentCode is { } parentCode && !byCode.TryGetValue(parentCode, out parent))
            {
                Error(definition, parentColumn, $"unit {parentCode} is neither in the file nor stored");
            }

            if (byCode.TryGetValue(definition.Code, out var unit))
            {
                if (unit.Level != definition.Level)
                {
                    Error(definition, definition.CodeColumn, $"unit {unit.Code} is stored as a {unit.Level.ToString().ToLowerInvariant()}, not a {definition.Level.ToString().ToLowerInvariant()}");
                }
                else if (unit.Parent?.Code != definition.ParentCode)
                {
                    Error(definition, parentColumn, $"unit {unit.Code} is stored under {unit.Parent?.Code ?? "no unit"}, not {definition.ParentCode ?? "no unit"}: a unit never moves; close it ({UnitFile.ValidTo}) and name its successor ({UnitFile.Successors})");
                }

                // A unit named only in its children's columns keeps its stored validity, and its name when they give none.
                var changed = (definition.Stated || definition.Name.Length > 0) && unit.Name != definition.Name;
                unit.Name = changed ? definition.Name : unit.Name;
                if (definition.Stated)
                {
                    changed |= unit.ValidFrom != definition.ValidFrom || unit.ValidTo != definition.ValidTo;
                    unit.ValidFrom = definition.ValidFrom;
                    unit.ValidTo = definition.ValidTo;
                }

                result.ChangedUnits += changed ? 1 : 0;
            }
            else
            {
                unit = new AdministrativeUnit
                {
                    Code = definition.Code,
                    Name = definition.Name,
                    Level = definition.Level,
                    Parent = parent,
                    Path = AdministrativeUnit.PathUnder(parent, definition.Code),
                    ValidFrom = definition.ValidFrom,
                    ValidTo = definition.ValidTo,
                };
                byCode[unit.Code] = unit;
                result.AddedUnits.Add(unit);
            }

            merged[definition] = unit;
            foreach (var error in unit.Validate())
            {
                Error(definition, error.Field switch
                {
                    "code" => definition.CodeColumn,
                    "name" => definition.NameColumn,
                    "level" => UnitFile.Kind,
                    "valid_to" => UnitFile.ValidTo,
                    "path" or "parent_code" => parentColumn,
                    _ => error.Field,
                }, error.Message);
            }
        }

        result.Units.AddRange(definitions.Select(d => merged[d]));
        foreach (var definition in definitions.Where(d => d.Stated && d.SuccessorCodes is not null))
        {
            MergeSuccessions(definition, merged[definition], byCode, storedSuccessions, result, Error);
        }

        // Validity nests: a unit exists only while its parent does, whether the file changed the unit or its parent
        // (rows whose cells could not be read are already reported).
        var children = byCode.Values.Where(u => u.Parent is not null).ToLookup(u => u.Parent!);
        var inFile = merged.Values.ToHashSet();
        foreach (var definition in definitions.Where(d => !unreadRows.Contains(d.Row)))
        {
            var unit = merged[definition];
            if (unit.Parent is { } parent && !unit.NestsIn(parent))
            {
                Error(definition, UnitFile.ValidFrom, $"unit {unit.Code} exists {Span(unit)}, outside its parent {parent.Code} ({Span(parent)})");
            }

            foreach (var child in children[unit].Where(c => !inFile.Contains(c) && !c.NestsIn(unit)))
            {
                Error(definition, UnitFile.ValidTo, $"stored unit {child.Code} under it exists {Span(child)}, outside this unit's {Span(unit)}");
            }
        }

        var successions = result.AddedSuccessions.Count + result.ChangedSuccessions + result.RemovedSuccessions.Count;
        result.Summary.Add($"{table.File}: {definitions.Count} units ({result.AddedUnits.Count} added, {result.ChangedUnits} changed, {definitions.Count - result.AddedUnits.Count - result.ChangedUnits} unchanged)"
            + (successions > 0 ? $"; successions {result.AddedSuccessions.Count} added, {result.ChangedSuccessions} changed, {result.RemovedSuccessions.Count} removed" : ""));
    }

    /// <summary>The unit's successions become exactly those its row lists, taking over on its Hiệu lực đến.</summary>
    private static void MergeSuccessions(
        UnitDefinition definition,
        AdministrativeUnit unit,
        Dictionary<string, AdministrativeUnit> byCode,
        IReadOnlyCollection<UnitSuccession> stored,
        ReferenceImportResult result,
        Action<UnitDefinition, string, string> error)
    {
        var current = stored.Where(s => s.Predecessor == unit).ToList();
        if (definition.SuccessorCodes!.Count > 0 && definition.ValidTo is null)
        {
            error(definition, UnitFile.Successors, $"a unit that still exists has no successor: give its {UnitFile.ValidTo}");
        }

        foreach (var code in definition.SuccessorCodes)
        {
            if (!byCode.TryGetValue(code, out var successor))
            {
                error(definition, UnitFile.Successors, $"unit {code} is neither in the file nor stored");
                continue;
            }

            switch (UnitSuccession.Check(unit, successor, definition.ValidTo))
            {
                case SuccessionProblem.SucceedsItself:
                    error(definition, UnitFile.Successors, "a unit cannot succeed itself");
                    continue;
                case SuccessionProblem.PredecessorStillOpen:
                    continue;
                case SuccessionProblem.SuccessorNotValid:
                    error(definition, UnitFile.Successors, $"successor {code} does not exist on {Day(definition.ValidTo!.Value)}, when it takes over ({Span(successor)})");
                    break;
            }

            var effective = definition.ValidTo!.Value;
            if (current.FirstOrDefault(s => s.Successor == successor) is { } kept)
            {
                result.ChangedSuccessions += kept.EffectiveOn != effective || kept.Basis != definition.Basis ? 1 : 0;
                kept.EffectiveOn = effective;
                kept.Basis = definition.Basis;
            }
            else
            {
                result.AddedSuccessions.Add(new UnitSuccession { Predecessor = unit, Successor = successor, EffectiveOn = effective, Basis = definition.Basis });
            }
        }

        result.RemovedSuccessions.AddRange(current.Where(s => !definition.SuccessorCodes.Contains(s.Successor!.Code)));
    }

    private static void MergeProcedures(ReferenceTable table, IReadOnlyCollection<Procedure> stored, ReferenceImportResult result)
    {
        var (procedures, errors) = ProcedureFile.Parse(table);
        result.Errors.AddRange(errors);
        var byCode = stored.ToDictionary(p => p.Code, StringComparer.Ordinal);
        foreach (var (procedure, _) in procedures)
        {
            if (!byCode.TryGetValue(procedure.Code, out var kept))
            {
                byCode[procedure.Code] = procedure;
                result.AddedProcedures.Add(procedure);
                result.Procedures.Add(procedure);
                continue;
            }

            var changed = (kept.Name, kept.Field, kept.ProcessingWorkingDays, kept.OnlineCapability, kept.CivilEvent, kept.Levels)
                != (procedure.Name, procedure.Field, procedure.ProcessingWorkingDays, procedure.OnlineCapability, procedure.CivilEvent, procedure.Levels);
            kept.Name = procedure.Name;
            kept.Field = procedure.Field;
            kept.ProcessingWorkingDays = procedure.ProcessingWorkingDays;
            kept.OnlineCapability = procedure.OnlineCapability;
            kept.CivilEvent = procedure.CivilEvent;
            kept.Levels = procedure.Levels;
            result.ChangedProcedures += changed ? 1 : 0;
            result.Procedures.Add(kept);
        }

        result.Summary.Add($"{table.File}: {procedures.Count} procedures ({result.AddedProcedures.Count} added, {result.ChangedProcedures} changed, {procedures.Count - result.AddedProcedures.Count - result.ChangedProcedures} unchanged)");
    }

    private static string Span(AdministrativeUnit unit) =>
        $"from {Day(unit.ValidFrom)}" + (unit.ValidTo is { } to ? $" until {Day(to)}" : "");

    private static string Day(DateOnly day) => day.ToString("dd'/'MM'/'yyyy", CultureInfo.InvariantCulture);
}
