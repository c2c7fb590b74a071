using System.Net;
using FriendlyGov.Data.Demo;
using FriendlyGov.Data.Staff;
using FriendlyGov.Server.Calendar;
using FriendlyGov.Server.Tests.Indicators;
using FriendlyGov.Server.Tests.Sync;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Tests.Admin;

/// <summary>/admin/calendar: the root's admin keeps the holiday table, other admins read it, and a missing next year is warned of from 1 October.</summary>
public abstract class CalendarPageFacts<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GrpcServer
{
    [Fact]
    public async Task TheRootAdminAddsAndRemovesADayWithItsAuditAndOtherAdminsOnlyRead()
    {
        using var root = await server.SignedInAsync(StaffRoles.Admin, DemoData.ProvinceCode);
        var page = await root.PageAsync("/admin/calendar?year=2035");
        Assert.NotNull(page.QuerySelector("p.alert"));
        using (var weekend = await root.PostFormAsync("/admin/calendar?handler=Add&year=2035", page, new() { ["Form.Date"] = "06/01/2035", ["Form.Kind"] = "Holiday", ["Form.Name"] = "Thử" }))
        {
            var answer = AdminSite.Parse(await weekend.Content.ReadAsStringAsync());
            Assert.Contains("Thứ Bảy, Chủ nhật đã là ngày nghỉ", answer.QuerySelector("#Form_Kind-error")!.TextContent, StringComparison.Ordinal);
        }

        using (var added = await root.PostFormAsync("/admin/calendar?handler=Add&year=2035", page, new() { ["Form.Date"] = "01/01/2035", ["Form.Kind"] = "Holiday", ["Form.Name"] = "Tết Dương lịch" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        }

        var listed = await root.PageAsync("/admin/calendar?year=2035");
        Assert.Contains("Tết Dương lịch", listed.QuerySelector("tr[data-date='2035-01-01']")!.TextContent, StringComparison.Ordinal);

        using var commune = await server.SignedInAsync(StaffRoles.Admin, DemoData.HoangKimCode);
        var read = await commune.PageAsync("/admin/calendar?year=2035");
        Assert.NotNull(read.QuerySelector("tr[data-date='2035-01-01']"));
        Assert.Null(read.QuerySelector("form.record-form"));
        using (var refused = await commune.PostFormAsync("/admin/calendar?handler=Remove", read, new() { ["date"] = "2035-01-01" }))
        {
            Assert.StartsWith("/denied", refused.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        using (var removed = await root.PostFormAsync("/admin/calendar?handler=Remove", listed, new() { ["date"] = "2035-01-01" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        }

        await using var db = server.CreateContext();
        Assert.False(await db.CalendarDays.AnyAsync(d => d.Date == new DateOnly(2035, 1, 1)));
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.RecordType == "calendar_day" && a.RecordId == 20350101));
    }

    [Fact]
    public async Task FromTheFirstOfOctoberANextYearMissingFromTheTableIsNamed()
    {
        await using var db = server.CreateContext();
        var lastYear = (await db.CalendarDays.MaxAsync(d => d.Date)).Year;
        Assert.Null(await CalendarCoverage.MissingYearAsync(db, new FixedClock(new DateTimeOffset(lastYear, 9, 30, 12, 0, 0, TimeSpan.Zero)), CancellationToken.None));
        Assert.Equal(lastYear + 1, await CalendarCoverage.MissingYearAsync(db, new FixedClock(new DateTimeOffset(lastYear, 9, 30, 17, 30, 0, TimeSpan.Zero)), CancellationToken.None)); // 1 October in Vietnam
    }
}

public sealed class SqliteCalendarPageFacts(SqliteAdminServer server) : CalendarPageFacts<SqliteAdminServer>(server);

public sealed class PostgresCalendarPageFacts(PostgresAdminServer server) : CalendarPageFacts<PostgresAdminServer>(server);
