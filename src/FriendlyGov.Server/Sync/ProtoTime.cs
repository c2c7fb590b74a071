using Google.Protobuf.WellKnownTypes;

namespace FriendlyGov.Server.Sync;

public static class ProtoTime
{
    public static DateTime? ToUtc(Timestamp? timestamp) => timestamp?.ToDateTime();

    public static Timestamp? ToTimestamp(DateTime? utc) => utc is { } value ? Timestamp.FromDateTime(DateTime.SpecifyKind(value, DateTimeKind.Utc)) : null;
}
