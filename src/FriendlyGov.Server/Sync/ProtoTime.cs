using FriendlyGov.Domain;
using Google.Protobuf.WellKnownTypes;

namespace FriendlyGov.Server.Sync;

/// <summary>Timestamps, durations and dates between the wire and .NET, checked: an invalid one is a broken rule of its field, never an exception.</summary>
public static class ProtoTime
{
    // google.protobuf.Timestamp: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z, nanos 0 to 999,999,999.
    private const long MinSeconds = -62_135_596_800;
    private const long MaxSeconds = 253_402_300_799;

    // google.protobuf.Duration: ±315,576,000,000 seconds (10,000 years), nanos of the same sign as seconds.
    private const long MaxDurationSeconds = 315_576_000_000;

    /// <summary>The time a field holds; null when unset, or when invalid (then the rule is added to <paramref name="rules"/>).</summary>
    public static DateTime? ToUtc(Timestamp? timestamp, string field, Rules rules)
    {
        if (timestamp is null)
        {
            return null;
        }

        if (timestamp.Seconds is < MinSeconds or > MaxSeconds || timestamp.Nanos is < 0 or > 999_999_999)
        {
            rules.Add(field, "is not a valid google.protobuf.Timestamp (years 1 to 9999, nanos 0 to 999,999,999)");
            return null;
        }

        return timestamp.ToDateTime();
    }

    /// <summary>The span a field holds; null when unset, or when invalid (then the rule is added to <paramref name="rules"/>).</summary>
    public static TimeSpan? ToTimeSpan(Duration? duration, string field, Rules rules)
    {
        if (duration is null)
        {
            return null;
        }

        if (duration.Seconds is < -MaxDurationSeconds or > MaxDurationSeconds || duration.Nanos is <= -1_000_000_000 or >= 1_000_000_000
            || (duration.Seconds < 0 && duration.Nanos > 0) || (duration.Seconds > 0 && duration.Nanos < 0))
        {
            rules.Add(field, "is not a valid google.protobuf.Duration (at most 10,000 years, nanos of the same sign as seconds)");
            return null;
        }

        return duration.ToTimeSpan();
    }

    public static Timestamp? ToTimestamp(DateTime? utc) => utc is { } value ? Timestamp.FromDateTime(DateTime.SpecifyKind(value, DateTimeKind.Utc)) : null;

    public static FriendlyGov.Grpc.V1.Date? ToDate(DateOnly? date) => date is { } value ? new() { Year = value.Year, Month = value.Month, Day = value.Day } : null;
}
