using System.Globalization;
using System.Text;
using FriendlyGov.Domain;
using Google.Protobuf;

namespace FriendlyGov.Server.Sync;

/// <summary>
/// Opaque page tokens: the position after the page's last item (its sort key) and a fingerprint
/// of the filters, so that a token sent with other filters is refused instead of silently paging
/// another list.
/// </summary>
public static class PageToken
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    /// <summary>Longer than any token a list sends (a position holds at most a time, a source system and a key).</summary>
    public const int MaxTokenLength = 1024;

    private const string NotAToken = "is not a token of this list with these filters";

    public static int PageSize(int requested)
    {
        if (requested < 0)
        {
            GrpcErrors.InvalidArgument("page_size", "must not be negative");
        }

        return requested == 0 ? DefaultPageSize : Math.Min(requested, MaxPageSize);
    }

    /// <summary>The position after which the page starts; null for the first page.</summary>
    public static string[]? After(string token, IMessage request, int parts)
    {
        if (token.Length == 0)
        {
            return null;
        }

        if (token.Length > MaxTokenLength)
        {
            GrpcErrors.InvalidArgument("page_token", NotAToken);
        }

        try
        {
            var fields = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('\u001f');
            if (fields.Length == parts + 2 && fields[0] == "p2" && fields[1] == Fingerprint(request))
            {
                return fields[2..];
            }
        }
        catch (FormatException)
        {
        }

        GrpcErrors.InvalidArgument("page_token", NotAToken);
        return null;
    }

    public static string Next(IMessage request, params string[] position) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Join('\u001f', ["p2", Fingerprint(request), .. position])));

    /// <summary>A time in a position, as written by <see cref="Position(DateTime)"/>.</summary>
    public static DateTime Time(string text)
    {
        if (IsDigits(text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTime.MaxValue.Ticks)
        {
            return new DateTime(ticks, DateTimeKind.Utc);
        }

        GrpcErrors.InvalidArgument("page_token", NotAToken);
        return default;
    }

    /// <summary>An offset in a position: digits only, so "-5" or "abc" is refused, never read as 0.</summary>
    public static int Offset(string text) => Id(text) is var offset and <= int.MaxValue ? (int)offset : Refused();

    /// <summary>A record's id in a position: digits only.</summary>
    public static long Id(string text)
    {
        if (IsDigits(text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return id;
        }

        return Refused();
    }

    private static int Refused()
    {
        GrpcErrors.InvalidArgument("page_token", NotAToken);
        return 0;
    }

    public static string Position(DateTime time) => time.Ticks.ToString(CultureInfo.InvariantCulture);

    // NumberStyles.None still lets .NET's parser skip trailing NUL characters: digits are checked first.
    private static bool IsDigits(string text) => text.Length > 0 && text.All(char.IsAsciiDigit);

    /// <summary>A short hash of the request's filters: every field but page_size and page_token.</summary>
    private static string Fingerprint(IMessage request)
    {
        var filters = request.Descriptor.Parser.ParseFrom(request.ToByteString());
        foreach (var paging in new[] { "page_size", "page_token" })
        {
            filters.Descriptor.FindFieldByName(paging)?.Accessor.Clear(filters);
        }

        return new ContentHasher().Add(filters.Descriptor.FullName).Add(Convert.ToBase64String(filters.ToByteArray())).Hash()[..12];
    }
}
