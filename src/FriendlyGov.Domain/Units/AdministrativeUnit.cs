using System.Text.RegularExpressions;

namespace FriendlyGov.Domain.Units;

public enum UnitLevel
{
    Unspecified = 0,
    Province = 1, // tỉnh, thành phố trực thuộc trung ương
    District = 2, // huyện, thị xã, thành phố thuộc tỉnh (abolished on 1 July 2025)
    Commune = 3, // xã, phường, thị trấn
}

/// <summary>
/// An administrative unit (đơn vị hành chính). Units form a tree of any depth; a unit never
/// moves: when the map changes a new unit is created and the old one gets <see cref="ValidTo"/>
/// and a <see cref="UnitSuccession"/> to its successor, so its history stays its own.
/// </summary>
public sealed partial class AdministrativeUnit : IRecord
{
    public const int MaxCodeLength = 16;

    public const string CodeShape = "must be 1 to 16 digits or capital letters (an official unit code such as 15958)";

    public int Id { get; set; }

    /// <summary>Official code (mã đơn vị hành chính).</summary>
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    public UnitLevel Level { get; set; }

    public int? ParentId { get; set; }

    public AdministrativeUnit? Parent { get; set; }

    /// <summary>Codes from the root down, "/38/380/15958/": a subtree is a prefix match.</summary>
    public string Path { get; set; } = "";

    public DateOnly ValidFrom { get; set; }

    /// <summary>First day the unit no longer exists (exclusive); null while it exists.</summary>
    public DateOnly? ValidTo { get; set; }

    public static AdministrativeUnit Create(string code, string name, UnitLevel level, AdministrativeUnit? parent, DateOnly validFrom, DateOnly? validTo = null) =>
        new AdministrativeUnit
        {
            Code = code,
            Name = name,
            Level = level,
            Parent = parent,
            ParentId = parent?.Id is > 0 ? parent.Id : null,
            Path = PathUnder(parent, code),
            ValidFrom = validFrom,
            ValidTo = validTo,
        }.EnsureValid();

    /// <summary>The path of a unit with this code under this parent (a root when null).</summary>
    public static string PathUnder(AdministrativeUnit? parent, string code) => (parent?.Path ?? "/") + code + "/";

    public bool IsValidOn(DateOnly date) => new UnitLifetime(ValidFrom, ValidTo).Covers(date);

    public bool IsWithin(string subtreePath) => Path.StartsWith(subtreePath, StringComparison.Ordinal);

    /// <summary>Validity nests: a unit exists only while its parent does.</summary>
    public bool NestsIn(AdministrativeUnit parent) =>
        ValidFrom >= parent.ValidFrom && (parent.ValidTo is null || (ValidTo is not null && ValidTo <= parent.ValidTo));

    public void RefreshDerived()
    {
    }

    /// <summary>True when <paramref name="code"/> has the shape of an official unit code.</summary>
    public static bool IsWellFormedCode(string code) => code.Length <= MaxCodeLength && CodePattern().IsMatch(code);

    public IReadOnlyList<FieldError> Validate()
    {
        var rules = new Rules()
            .Required(Name, "name", 200)
            .Defined(Level, "level")
            .Check(ValidTo is null || ValidTo > ValidFrom, "valid_to", "must be after valid_from");
        if (!IsWellFormedCode(Code))
        {
            rules.Add("code", CodeShape);
        }
        else
        {
            rules.Check(Path.EndsWith("/" + Code + "/", StringComparison.Ordinal), "path", "must end with the unit's own code")
                .Check(Parent is null || Path == Parent.Path + Code + "/", "parent_code", "path does not follow the parent");
        }

        return rules.Errors;
    }

    [GeneratedRegex(@"^[0-9A-Z]{1,16}\z")]
    private static partial Regex CodePattern();
}

/// <summary>The days a unit exists: from <see cref="ValidFrom"/> up to the day before <see cref="ValidTo"/> (open while null).</summary>
public readonly record struct UnitLifetime(DateOnly ValidFrom, DateOnly? ValidTo)
{
    public bool Covers(DateOnly date) => date >= ValidFrom && (ValidTo is null || date < ValidTo);
}

/// <summary>A predecessor merged into (or split into) a successor on a date — the 2025 reform.</summary>
public sealed class UnitSuccession
{
    public int Id { get; set; }

    public int PredecessorId { get; set; }

    public AdministrativeUnit? Predecessor { get; set; }

    public int SuccessorId { get; set; }

    public AdministrativeUnit? Successor { get; set; }

    public DateOnly EffectiveOn { get; set; }

    /// <summary>The legal act, e.g. a resolution of the National Assembly Standing Committee.</summary>
    public string Basis { get; set; } = "";

    /// <summary>
    /// What stops <paramref name="successor"/> taking over <paramref name="predecessor"/> on <paramref name="effectiveOn"/>
    /// (the predecessor's Hiệu lực đến), or null: a unit never succeeds itself, only a closed unit has a successor, and the
    /// successor exists on the day it takes over. The unit file import and the merger page both judge by it.
    /// </summary>
    public static SuccessionProblem? Check(AdministrativeUnit predecessor, AdministrativeUnit successor, DateOnly? effectiveOn) =>
        successor == predecessor ? SuccessionProblem.SucceedsItself
        : effectiveOn is not { } day ? SuccessionProblem.PredecessorStillOpen
        : !successor.IsValidOn(day) ? SuccessionProblem.SuccessorNotValid
        : null;

    /// <summary>True when the successions already stored lead from <paramref name="successorId"/> back to one of <paramref name="predecessorIds"/>.</summary>
    public static bool WouldCycle(int successorId, IReadOnlyCollection<int> predecessorIds, IEnumerable<UnitSuccession> stored)
    {
        var next = stored.ToLookup(s => s.PredecessorId, s => s.SuccessorId);
        var seen = new HashSet<int>();
        var frontier = new Queue<int>([successorId]);
        while (frontier.TryDequeue(out var id))
        {
            if (predecessorIds.Contains(id))
            {
                return true;
            }

            foreach (var later in next[id].Where(seen.Add))
            {
                frontier.Enqueue(later);
            }
        }

        return false;
    }
}

public enum SuccessionProblem
{
    SucceedsItself = 1,
    PredecessorStillOpen = 2,
    SuccessorNotValid = 3,
}
