namespace FriendlyGov.Domain.Calendar;

/// <summary>
/// Vietnam's civil time (Asia/Ho_Chi_Minh): UTC+7 all year, no daylight saving since 1975.
/// A fixed offset, so the period a record falls in never depends on the host's tz database.
/// Records are stored in UTC; every period, deadline and report date is decided here.
/// </summary>
public static class VietnamTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    public static DateTime ToLocal(DateTime utc)
    {
        if (utc.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException("Expected a UTC time.", nameof(utc));
        }

        return DateTime.SpecifyKind(utc + Offset, DateTimeKind.Unspecified);
    }

    public static DateTime ToUtc(DateTime local) => DateTime.SpecifyKind(local - Offset, DateTimeKind.Utc);

    public static DateTime ToUtc(DateOnly date, TimeOnly time) => ToUtc(date.ToDateTime(time));

    public static DateOnly LocalDate(DateTime utc) => DateOnly.FromDateTime(ToLocal(utc));

    /// <summary>Start of a local calendar day, as UTC.</summary>
    public static DateTime StartOfDayUtc(DateOnly date) => ToUtc(date, TimeOnly.MinValue);
}
