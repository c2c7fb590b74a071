using FriendlyGov.Domain.Units;

namespace FriendlyGov.Domain.Indicators;

/// <summary>Stable indicator codes. The full catalogue (names, numerators, denominators) builds on these.</summary>
public static class IndicatorCodes
{
    public const string OnTimeShare = "dossiers.on_time_share";
    public const string OverdueCount = "dossiers.overdue_count";
    public const string OnlineShare = "dossiers.online_share";
    public const string ResultsDigitisedShare = "dossiers.results_digitised_share";
    public const string ApologyCoverage = "letters.apology_coverage";
    public const string SatisfactionShare = "surveys.satisfaction_share";
    public const string PartySecretaryReceptionsPerMonth = "receptions.party_secretary_per_month";
    public const string ChairmanReceptionsPerMonth = "receptions.chairman_per_month";
}

public enum TargetDirection
{
    Unspecified = 0,
    AtLeast = 1,
    AtMost = 2,
}

/// <summary>
/// A target (chỉ tiêu) for an indicator, unit and year (or one quarter of it). A unit without its
/// own target inherits the nearest ancestor's.
/// </summary>
public sealed class Target : IRecord
{
    public long Id { get; set; }

    public string IndicatorCode { get; set; } = "";

    public int UnitId { get; set; }

    public AdministrativeUnit? Unit { get; set; }

    public int Year { get; set; }

    /// <summary>1–4 for one quarter; null for every quarter of the year and the year itself.</summary>
    public int? Quarter { get; set; }

    public decimal Value { get; set; }

    public TargetDirection Direction { get; set; }

    /// <summary>The report's targets for the coming period (section IV) and the reception rule.</summary>
    public static IReadOnlyList<(string Indicator, decimal Value, TargetDirection Direction)> ReportDefaults { get; } =
    [
        (IndicatorCodes.OnTimeShare, 100m, TargetDirection.AtLeast),
        (IndicatorCodes.OverdueCount, 0m, TargetDirection.AtMost),
        (IndicatorCodes.ApologyCoverage, 100m, TargetDirection.AtLeast),
        (IndicatorCodes.OnlineShare, 100m, TargetDirection.AtLeast),
        (IndicatorCodes.ResultsDigitisedShare, 100m, TargetDirection.AtLeast),
        (IndicatorCodes.SatisfactionShare, 98m, TargetDirection.AtLeast),
        (IndicatorCodes.PartySecretaryReceptionsPerMonth, 2m, TargetDirection.AtLeast),
        (IndicatorCodes.ChairmanReceptionsPerMonth, 4m, TargetDirection.AtLeast),
    ];

    public bool IsMetBy(decimal actual) => Direction == TargetDirection.AtMost ? actual <= Value : actual >= Value;

    public void RefreshDerived()
    {
    }

    public IReadOnlyList<FieldError> Validate() =>
        new Rules()
            .Required(IndicatorCode, "indicator_code", 100)
            .Positive(UnitId == 0 && Unit is not null ? 1 : UnitId, "unit_code")
            .Check(Year is >= 2000 and <= 2100, "year", "must be between 2000 and 2100")
            .Check(Quarter is null or (>= 1 and <= 4), "quarter", "must be 1 to 4, or empty for the whole year")
            .Check(Value >= 0, "value", "must not be negative")
            .Defined(Direction, "direction")
            .Errors;

    /// <summary>
    /// The target that applies to a unit in a period, among one indicator's targets: the unit's
    /// own or the nearest ancestor's (ids from the unit up to the root); at the same unit, a
    /// quarter's own target wins over the year's.
    /// </summary>
    public static Target? Resolve(IEnumerable<Target> candidates, IReadOnlyList<int> unitAndAncestorIds, Period period) =>
        candidates
            .Where(t => t.Year == period.Year && (t.Quarter is null || t.Quarter == period.Quarter) && unitAndAncestorIds.Contains(t.UnitId))
            .OrderBy(t => IndexOf(unitAndAncestorIds, t.UnitId))
            .ThenBy(t => t.Quarter is null ? 1 : 0)
            .FirstOrDefault();

    private static int IndexOf(IReadOnlyList<int> ids, int id)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            if (ids[i] == id)
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}

/// <summary>
/// Derived: an indicator's value for a unit and period. A parent's value is Σ numerators / Σ
/// denominators of its subtree, never an average of its children's rates. Always rebuildable from records.
/// </summary>
public sealed class IndicatorSnapshot
{
    public long Id { get; set; }

    public int UnitId { get; set; }

    /// <summary><see cref="Period.Key"/>: yyyyQ, quarter 0 for the year.</summary>
    public int PeriodKey { get; set; }

    public string IndicatorCode { get; set; } = "";

    /// <summary>Σ over the unit's subtree (the unit's own records included).</summary>
    public decimal Numerator { get; set; }

    public decimal Denominator { get; set; }

    /// <summary>From the unit's own records only: what an incremental rollup replaces and passes up the tree as a difference.</summary>
    public decimal OwnNumerator { get; set; }

    public decimal OwnDenominator { get; set; }

    public decimal? Value { get; set; }

    public decimal? Target { get; set; }

    public bool? Met { get; set; }

    public DateTime ComputedAt { get; set; }

    /// <summary>When a rollup first computed the period after its end (khóa sổ); null while the period runs.</summary>
    public DateTime? ClosedAt { get; set; }

    /// <summary>When a rollup after closing last changed the numerator or denominator (điều chỉnh sau khi khóa sổ); null if never.</summary>
    public DateTime? CorrectedAt { get; set; }

    /// <summary>
    /// Khóa sổ: a period is closed once a rollup computes it after its end. Its figures then depend only
    /// on what had happened by the end, so they move only when a record that belongs to the period is
    /// corrected (a late-arriving dossier received in it, a fixed time); a rollup that changes the
    /// numerator or denominator of a closed snapshot records that day. A new target is not a correction.
    /// Sets this newly computed snapshot's closing from the one it replaces (null when there was none).
    /// </summary>
    public void CarryClosing(IndicatorSnapshot? replaced, DateTime nowUtc)
    {
        if (nowUtc < Period.FromKey(PeriodKey).EndUtc)
        {
            (ClosedAt, CorrectedAt) = (null, null);
        }
        else if (replaced?.ClosedAt is null)
        {
            (ClosedAt, CorrectedAt) = (nowUtc, null);
        }
        else
        {
            ClosedAt = replaced.ClosedAt;
            CorrectedAt = replaced.Numerator != Numerator || replaced.Denominator != Denominator ? nowUtc : replaced.CorrectedAt;
        }
    }

    public IndicatorSnapshot Copy() => (IndicatorSnapshot)MemberwiseClone();

    /// <summary>The same figures, target, verdict and closing as <paramref name="other"/> (a rewrite would change nothing but the time computed).</summary>
    public bool HasTheFiguresOf(IndicatorSnapshot other) =>
        (Numerator, Denominator, OwnNumerator, OwnDenominator, Value, Target, Met, ClosedAt, CorrectedAt)
        == (other.Numerator, other.Denominator, other.OwnNumerator, other.OwnDenominator, other.Value, other.Target, other.Met, other.ClosedAt, other.CorrectedAt);
}

public enum RollupState
{
    Queued = 1,
    Running = 2,
    Succeeded = 3,
    Failed = 4,
}

/// <summary>One rollup (full for a subtree and period, or incremental), with its progress.</summary>
public sealed class RollupRun
{
    public long Id { get; set; }

    /// <summary>"full" or "incremental".</summary>
    public string Kind { get; set; } = "";

    public int? UnitId { get; set; }

    /// <summary><see cref="Period.Key"/>; null for an incremental run.</summary>
    public int? PeriodKey { get; set; }

    public RollupState State { get; set; }

    public int UnitsDone { get; set; }

    public int UnitsTotal { get; set; }

    public DateTime QueuedAt { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    public string? Error { get; set; }
}

/// <summary>A unit whose own records changed in a quarter (or a later one), waiting for the incremental rollup.</summary>
public sealed class RollupMark
{
    public long Id { get; set; }

    public int UnitId { get; set; }

    /// <summary>The first quarter (yyyyQ) whose figures may have changed; later quarters may have too (open dossiers).</summary>
    public int FromQuarter { get; set; }
}
