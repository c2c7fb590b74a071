using FriendlyGov.Data;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Calendar;
using FriendlyGov.Domain.Units;
using FriendlyGov.Server.Admin;
using FriendlyGov.Server.Indicators;
using FriendlyGov.Server.Staff;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Dashboard;

/// <summary>
/// The slicers of a dashboard URL (?unit=…&amp;year=…&amp;quarter=…, quarter 0 = the whole year),
/// resolved for one user: a unit outside their subtree is "not found", exactly like one that does not exist.
/// </summary>
public sealed record DashboardSlice(AdministrativeUnit? Unit, Period Period, IReadOnlyDictionary<string, string> Errors)
{
    public const int FirstYear = 2020;

    public bool Found => Unit is not null;

    public static async Task<DashboardSlice> ResolveAsync(
        FriendlyGovDbContext db, IndicatorReads reads, StaffScope? scope, string? unitCode, int? year, int? quarter, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var code = string.IsNullOrWhiteSpace(unitCode) ? scope?.UnitCode : unitCode.Trim();
        var unit = scope is null || code is null ? null : await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Code == code, cancellationToken);
        if (unit is null || !await DashboardUnits.ReadsAsync(db, scope!, unit.Id, unit.Path, cancellationToken))
        {
            return new DashboardSlice(null, Period.OfYear(LastYear(clock)), errors);
        }

        if (year is < FirstYear || year > LastYear(clock))
        {
            errors["year"] = Lang.T($"Năm phải từ {FirstYear} đến {LastYear(clock)}.", $"The year must be {FirstYear} to {LastYear(clock)}.");
        }

        if (quarter is < 0 or > 4)
        {
            errors["quarter"] = Lang.T("Quý phải từ 1 đến 4, hoặc cả năm.", "The quarter must be 1 to 4, or the whole year.");
        }

        var period = errors.Count > 0 || (year is null && quarter is null)
            ? await LandingAsync(reads, unit, clock, cancellationToken)
            : new Period(year ?? LastYear(clock), quarter ?? 0);
        return new DashboardSlice(unit, period, errors);
    }

    /// <summary>
    /// Where a dashboard opens: the last quarter with records counted; without any, the running
    /// quarter, or the last quarter of a closed unit.
    /// </summary>
    public static async Task<Period> LandingAsync(IndicatorReads reads, AdministrativeUnit unit, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await reads.LatestQuarterWithDataAsync(unit.Id, cancellationToken) is { } latest)
        {
            return latest;
        }

        var today = VietnamTime.LocalDate(clock.GetUtcNow().UtcDateTime);
        return Period.QuarterOf(unit.ValidTo is { } to && to <= today ? to.AddDays(-1) : today);
    }

    public static int LastYear(TimeProvider clock) => VietnamTime.LocalDate(clock.GetUtcNow().UtcDateTime).Year;
}
