using FriendlyGov.Data;
using FriendlyGov.Domain.Calendar;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Calendar;

/// <summary>
/// Due times are computed from the holiday table, and a year it does not cover is an error. From 1 October the
/// admin pages warn when the next year is not in the table yet (the government announces the Tết arrangement in
/// the autumn), so that an admin adds it before the first dossier of January is received.
/// </summary>
public static class CalendarCoverage
{
    /// <summary>The year that needs adding now, or null when the table covers the next year or it is before October.</summary>
    public static async Task<int?> MissingYearAsync(FriendlyGovDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var today = VietnamTime.LocalDate(clock.GetUtcNow().UtcDateTime);
        var needed = today.Month >= 10 ? today.Year + 1 : today.Year;
        var first = new DateOnly(needed, 1, 1);
        return await db.CalendarDays.AnyAsync(d => d.Date >= first && d.Date < first.AddYears(1), cancellationToken) ? null : needed;
    }
}
