using System.Globalization;
using FriendlyGov.Domain.Calendar;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

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

/// <summary>
/// A list of synced records read newest first by keyset (dossiers, surveys): the workspace's filters,
/// the day range as UTC bounds of Vietnam days, and the page after <c>?after=</c> with its pager.
/// </summary>
public abstract class KeysetListModel : RecordListModel
{
    [FromQuery(Name = "after")]
    public string? After { get; set; }

    public KeysetPagerView Pager { get; private set; } = new(null, null, 0);

    /// <summary>Where the page starts: after this row (null: at the top).</summary>
    protected Keyset? Position => Keyset.Parse(After);

    /// <summary>The first instant of the "from" day and the first instant after the "to" day, in UTC.</summary>
    protected DateTime? FromUtc => FromDate is { } from ? VietnamTime.StartOfDayUtc(from) : null;

    protected DateTime? ToUtc => ToDate is { } to ? VietnamTime.StartOfDayUtc(to.AddDays(1)) : null;

    /// <summary>One page of the rows (already after <see cref="Position"/> and in keyset order) and the links around it.</summary>
    protected async Task<List<T>> KeysetPageAsync<T>(IQueryable<T> rows, Func<T, Keyset> positionOf, CancellationToken cancellationToken)
    {
        var page = await rows.Take(PageSize + 1).ToListAsync(cancellationToken);
        var shown = page.Take(PageSize).ToList();
        Pager = new KeysetPagerView(
            Position is null ? null : Link(("after", null)),
            page.Count > PageSize ? Link(("after", positionOf(shown[^1]).Token)) : null,
            shown.Count);
        return shown;
    }
}
