using System.Globalization;

namespace FriendlyGov.Server.Workspace;

/// <summary>
/// Where a list read newest first by keyset paging stopped: the time and id of its last row. The next
/// page starts strictly after it, on an index of (time, id), so a page costs the same at row 50 and at
/// row 1,000,000 — no count, no offset. Written in the URL as "ticks-id".
/// </summary>
public readonly record struct Keyset(DateTime At, long Id)
{
    public string Token => $"{At.Ticks.ToString(CultureInfo.InvariantCulture)}-{Id.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The position of a token, or null when there is none or it is not one (the list then starts at the top).</summary>
    public static Keyset? Parse(string? token)
    {
        var dash = token?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        return dash > 0
            && long.TryParse(token![..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks is > 0 and <= 3155378975999999999
            && long.TryParse(token[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? new Keyset(new DateTime(ticks, DateTimeKind.Utc), id)
                : null;
    }
}

/// <summary>The links under a keyset list: back to the first page, and on to the next when there is one.</summary>
public sealed record KeysetPagerView(string? First, string? Next, int Shown);
