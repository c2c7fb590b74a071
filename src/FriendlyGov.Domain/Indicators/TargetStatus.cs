using FriendlyGov.Domain.Units;

namespace FriendlyGov.Domain.Indicators;

/// <summary>
/// Where a target stands (Power BI's metric statuses). A running period is met (Đạt), on track (Đúng hướng),
/// at risk (Có nguy cơ) or behind (Chậm); a closed period is judged as it stood at its end (DESIGN.md): met
/// (Đạt) or not met (Chưa đạt), nothing in between.
/// </summary>
public enum TargetStatus
{
    Unspecified = 0,
    Met = 1,
    OnTrack = 2,
    AtRisk = 3,
    Behind = 4,
    NotMet = 5,
}

/// <summary>A target's status in a period and the value projected to the period's end (null for a closed period: nothing is projected).</summary>
public sealed record TargetProgress(TargetStatus Status, decimal? Projected)
{
    /// <summary>
    /// "At risk" is a projection short of the target by at most this share of the target (5%: 93,1% against 98%,
    /// 3,8 sessions a month against 4); further short is "behind". A target of 0 has no such margin.
    /// </summary>
    public const decimal AtRiskMargin = 0.05m;

    /// <summary>A count or a per-month rule is projected linearly in the period's days; a share or an average is its value so far.</summary>
    public static bool GrowsWithDays(IndicatorDefinition indicator) => indicator.Unit is IndicatorUnit.Count or IndicatorUnit.PerMonth;

    /// <summary>
    /// The status of a target from the value to date. <paramref name="dataTo"/> is the last day the running period's
    /// figures count (null once the period is closed: then only met or not met).
    /// How it projects to the period's end: a share or an average (%, scores) is its value so far — the records yet
    /// to come are assumed like those so far; a count or a per-month rule (whose months are the whole period's)
    /// grows linearly with the period's elapsed days (value × days of the period / days elapsed, the last day
    /// counted). A count only grows, so a running "≥ n" already reached is met, and a "≤ n" already passed is behind.
    /// </summary>
    public static TargetProgress? Of(IndicatorDefinition indicator, TargetDirection direction, decimal target, decimal? value, Period period, DateOnly? dataTo)
    {
        if (value is not { } actual)
        {
            return null;
        }

        var atMost = direction == TargetDirection.AtMost;
        bool Meets(decimal v) => atMost ? v <= target : v >= target;
        if (dataTo is not { } to)
        {
            return new(Meets(actual) ? TargetStatus.Met : TargetStatus.NotMet, null);
        }

        var cumulative = GrowsWithDays(indicator);
        var days = period.EndExclusive.DayNumber - period.FirstDay.DayNumber;
        var elapsed = Math.Clamp(to.DayNumber - period.FirstDay.DayNumber + 1, 1, days);
        var projected = cumulative ? Math.Round(actual * days / elapsed, 2) : actual;
        if (cumulative && Meets(actual) != atMost)
        {
            // Reached a "≥" for good, or passed a "≤" for good.
            return new(atMost ? TargetStatus.Behind : TargetStatus.Met, projected);
        }

        if (Meets(projected))
        {
            return new(TargetStatus.OnTrack, projected);
        }

        var margin = target * AtRiskMargin;
        var shortBy = atMost ? projected - target : target - projected;
        return new(shortBy <= margin || (cumulative && atMost) ? TargetStatus.AtRisk : TargetStatus.Behind, projected);
    }
}

/// <summary>
/// The official responsible for a unit's target of one indicator (người phụ trách chỉ tiêu), as free text: name and
/// title ("Lê Văn Hùng – Chủ tịch UBND xã"). Not a user account: the responsible official (a party secretary, a
/// civil servant of the field) often has none. One per unit and indicator, for every period; its changes are in the
/// audit history.
/// </summary>
public sealed class TargetOwner : IRecord
{
    public const int NameLength = 200;

    public long Id { get; set; }

    public int UnitId { get; set; }

    public AdministrativeUnit? Unit { get; set; }

    public string IndicatorCode { get; set; } = "";

    public string Name { get; set; } = "";

    public void RefreshDerived()
    {
    }

    public IReadOnlyList<FieldError> Validate() =>
        new Rules()
            .Required(IndicatorCode, "indicator_code", 100)
            .Positive(UnitId, "unit_code")
            .Required(Name, "name", NameLength)
            .Errors;
}

/// <summary>
/// A check-in on a unit's target for one period (the report's "Khuyết điểm, nguyên nhân" lines): the note, the status
/// its writer judged, who wrote it and when, and the value the scorecard showed then. Check-ins are only ever added:
/// the history is the story behind the number.
/// </summary>
public sealed class TargetCheckIn : IRecord
{
    public const int NoteLength = 2000;

    public long Id { get; set; }

    public int UnitId { get; set; }

    public AdministrativeUnit? Unit { get; set; }

    public string IndicatorCode { get; set; } = "";

    /// <summary><see cref="Period.Key"/>: the quarter (or the year) the note is about.</summary>
    public int PeriodKey { get; set; }

    public string Note { get; set; } = "";

    public TargetStatus Status { get; set; }

    /// <summary>The signed-in user's name.</summary>
    public string Author { get; set; } = "";

    /// <summary>Their full name as it was when they wrote.</summary>
    public string AuthorName { get; set; } = "";

    public DateTime WrittenAt { get; set; }

    /// <summary>The indicator's value for the unit and period when the note was written (its snapshot then); null when it had none.</summary>
    public decimal? Value { get; set; }

    /// <summary>The writer as shown beside the note: their full name, or their user name when they had none.</summary>
    public string WrittenBy => AuthorName.Length > 0 ? AuthorName : Author;

    /// <summary>The statuses a writer may judge: a closed period's are met and not met; a running one's the other four.</summary>
    public static IReadOnlyList<TargetStatus> StatusesFor(bool closed) =>
        closed ? [TargetStatus.Met, TargetStatus.NotMet] : [TargetStatus.Met, TargetStatus.OnTrack, TargetStatus.AtRisk, TargetStatus.Behind];

    public void RefreshDerived()
    {
    }

    public IReadOnlyList<FieldError> Validate() =>
        new Rules()
            .Required(IndicatorCode, "indicator_code", 100)
            .Positive(UnitId, "unit_code")
            .Check(PeriodKey / 10 is >= 2000 and <= 2100 && PeriodKey % 10 is >= 0 and <= 4, "period", "must be a quarter or a year from 2000 to 2100")
            .RequiredFreeText(Note, "note", NoteLength)
            .Defined(Status, "status")
            .Required(Author, "author", 256)
            .Optional(AuthorName, "author_name", 256)
            .Time(WrittenAt, "written_at")
            .Errors;
}
