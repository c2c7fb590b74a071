using FriendlyGov.Domain.Calendar;

namespace FriendlyGov.Domain;

/// <summary>
/// A reporting period: a quarter (1–4) or a whole year (quarter 0). <see cref="Key"/> is the
/// integer stored beside records (yyyyQ, e.g. 20234 for Q4 2023) so that databases can group by
/// period without date arithmetic; the quarter of a record is decided in Vietnam's time.
/// </summary>
public readonly record struct Period(int Year, int Quarter)
{
    public int Key => (Year * 10) + Quarter;

    public bool IsYear => Quarter == 0;

    public static Period OfYear(int year) => new(year, 0);

    public static Period QuarterOf(DateOnly localDate) => new(localDate.Year, ((localDate.Month - 1) / 3) + 1);

    public static Period QuarterOf(DateTime utc) => QuarterOf(VietnamTime.LocalDate(utc));

    public static int QuarterKey(DateTime utc) => QuarterOf(utc).Key;

    public static int QuarterKey(DateOnly localDate) => QuarterOf(localDate).Key;

    public static Period FromKey(int key) => new(key / 10, key % 10);

    public DateOnly FirstDay => new(Year, IsYear ? 1 : ((Quarter - 1) * 3) + 1, 1);

    /// <summary>First day after the period.</summary>
    public DateOnly EndExclusive => IsYear ? FirstDay.AddYears(1) : FirstDay.AddMonths(3);

    /// <summary>The end of the period, where it is judged: its first local midnight after, as UTC.</summary>
    public DateTime EndUtc => VietnamTime.StartOfDayUtc(EndExclusive);

    public Period Next => IsYear ? OfYear(Year + 1) : Quarter == 4 ? new(Year + 1, 1) : new(Year, Quarter + 1);

    public Period Previous => IsYear ? OfYear(Year - 1) : Quarter == 1 ? new(Year - 1, 4) : new(Year, Quarter - 1);

    public override string ToString() => IsYear ? $"{Year}" : $"Q{Quarter}/{Year}";
}
