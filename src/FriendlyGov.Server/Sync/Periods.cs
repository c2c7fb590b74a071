using FriendlyGov.Grpc.V1;

namespace FriendlyGov.Server.Sync;

/// <summary>Period and time-range filters of list requests, checked.</summary>
public static class Periods
{
    /// <summary>The first and last quarter keys (yyyyQ) a period covers.</summary>
    public static (int First, int Last) QuarterKeys(Period period, string field)
    {
        if (period.Year is < 2000 or > 2100)
        {
            GrpcErrors.InvalidArgument(field + ".year", "must be between 2000 and 2100");
        }

        if (period.Quarter is < 0 or > 4)
        {
            GrpcErrors.InvalidArgument(field + ".quarter", "must be 1 to 4, or 0 for the whole year");
        }

        var year = period.Year * 10;
        return period.Quarter == 0 ? (year + 1, year + 4) : (year + period.Quarter, year + period.Quarter);
    }

    public static (DateTime Start, DateTime End) Range(TimeRange range, string field)
    {
        var start = range.StartTime?.ToDateTime() ?? DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc);
        var end = range.EndTime?.ToDateTime() ?? DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc);
        if (end <= start)
        {
            GrpcErrors.InvalidArgument(field + ".end_time", "must be after start_time");
        }

        return (start, end);
    }
}
