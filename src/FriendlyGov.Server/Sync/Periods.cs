using FriendlyGov.Domain;
using FriendlyGov.Grpc.V1;

namespace FriendlyGov.Server.Sync;

/// <summary>Period and time-range filters of requests, checked.</summary>
public static class Periods
{
    /// <summary>The first and last quarter keys (yyyyQ) a period covers.</summary>
    public static (int First, int Last) QuarterKeys(FriendlyGov.Grpc.V1.Period period, string field)
    {
        var rules = new Rules()
            .Check(period.Year >= RecordDates.First.Year && period.Year <= RecordDates.Last.Year, field + ".year",
                $"must be between {RecordDates.First.Year} and {RecordDates.Last.Year}")
            .Check(period.Quarter is >= 0 and <= 4, field + ".quarter", "must be 1 to 4, or 0 for the whole year");
        GrpcErrors.ThrowIfAny(rules);

        var year = period.Year * 10;
        return period.Quarter == 0 ? (year + 1, year + 4) : (year + period.Quarter, year + period.Quarter);
    }

    public static (DateTime Start, DateTime End) Range(TimeRange range, string field)
    {
        var rules = new Rules();
        var start = ProtoTime.ToUtc(range.StartTime, field + ".start_time", rules) ?? DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc);
        var end = ProtoTime.ToUtc(range.EndTime, field + ".end_time", rules) ?? DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc);
        GrpcErrors.ThrowIfAny(rules.Check(end > start, field + ".end_time", "must be after start_time"));
        return (start, end);
    }
}
