using System.Globalization;
using System.Text;
using FriendlyGov.Domain;
using Google.Protobuf;

namespace FriendlyGov.Server.Sync;

/// <summary>
/// Opaque page tokens: the last id of the page and a fingerprint of the filters, so that a token
/// sent with other filters is refused instead of silently paging another list.
/// </summary>
public static class PageToken
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    public static int PageSize(int requested)
    {
        if (requested < 0)
        {
            GrpcErrors.InvalidArgument("page_size", "must not be negative");
        }

        return requested == 0 ? DefaultPageSize : Math.Min(requested, MaxPageSize);
    }

    /// <summary>The id after which the page starts (0 for the first page).</summary>
    public static long After(string token, IMessage filters)
    {
        if (token.Length == 0)
        {
            return 0;
        }

        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split(':');
            if (parts.Length == 3 && parts[0] == "p1" && parts[2] == Fingerprint(filters) && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var after))
            {
                return after;
            }
        }
        catch (FormatException)
        {
        }

        GrpcErrors.InvalidArgument("page_token", "is not a token of this list with these filters");
        return 0;
    }

    public static string Next(long lastId, IMessage filters) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"p1:{lastId.ToString(CultureInfo.InvariantCulture)}:{Fingerprint(filters)}"));

    private static string Fingerprint(IMessage filters) => new ContentHasher().Add(filters.GetType().Name).Add(Convert.ToBase64String(filters.ToByteArray())).Hash()[..12];
}
