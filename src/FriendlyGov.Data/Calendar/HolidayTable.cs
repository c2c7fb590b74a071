using FriendlyGov.Domain.Calendar;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Data.Calendar;

/// <summary>
/// Vietnam's public holidays and compensatory working days. The table shipped in
/// holidays-vn.csv is copied into the database at migration; from there an administrator can
/// edit it (the government announces each year's swaps), and deadlines are computed from it.
/// </summary>
public static class HolidayTable
{
    public static string ShippedCsv()
    {
        using var stream = typeof(HolidayTable).Assembly.GetManifestResourceStream("holidays-vn.csv")
            ?? throw new InvalidOperationException("holidays-vn.csv is not embedded in FriendlyGov.Data.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static WorkingCalendar Shipped() => WorkingCalendar.Parse(ShippedCsv());

    /// <summary>Adds the shipped days the database does not have yet; never overwrites an edited day.</summary>
    public static async Task<int> SeedAsync(FriendlyGovDbContext db, CancellationToken cancellationToken = default)
    {
        var known = (await db.CalendarDays.Select(d => d.Date).ToListAsync(cancellationToken)).ToHashSet();
        var missing = Shipped().Days.Where(d => !known.Contains(d.Date)).ToList();
        if (missing.Count > 0)
        {
            db.CalendarDays.AddRange(missing);
            await db.SaveChangesAsync(cancellationToken);
        }

        return missing.Count;
    }

    public static async Task<WorkingCalendar> LoadAsync(FriendlyGovDbContext db, CancellationToken cancellationToken = default) =>
        new(await db.CalendarDays.AsNoTracking().ToListAsync(cancellationToken));
}
