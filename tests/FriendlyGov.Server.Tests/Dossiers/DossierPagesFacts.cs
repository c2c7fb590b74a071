using System.Net;
using FriendlyGov.Data.Demo;
using FriendlyGov.Data.Staff;
using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Server.Tests.Admin;
using FriendlyGov.Server.Tests.Sync;
using FriendlyGov.Server.Tests.Workspace;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Tests.Dossiers;

/// <summary>The synced dossiers in the admin: the keyset list with its filters, and the detail page with its logged personal data.</summary>
public abstract class DossierPagesFacts<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GrpcServer
{
    [Fact]
    public async Task TheListPagesNewestFirstByKeysetWithoutGapOrOverlap()
    {
        using var leader = await server.SignedInAsync(StaffRoles.Leader, DemoData.DistrictCode);
        const string filters = "/dossiers?unit=15958&from=01/01/2023&to=31/12/2023";
        var codes = new List<string>();
        var url = filters;
        for (var page = 0; page < 3; page++)
        {
            var document = await leader.PageAsync(url);
            codes.AddRange(document.QuerySelectorAll("table.records tbody tr td:nth-child(2) a").Select(a => a.TextContent.Trim()));
            url = document.QuerySelector("a[rel=next]")!.GetAttribute("href")!;
            Assert.Contains("after=", url, StringComparison.Ordinal);
        }

        await using var db = server.CreateContext();
        var expected = await db.Dossiers.Where(d => d.Unit!.Code == DemoData.HoangKimCode && d.ReceivedQuarter >= 20231 && d.ReceivedQuarter <= 20234)
            .OrderByDescending(d => d.ReceivedAt).ThenByDescending(d => d.Id).Select(d => d.Code).Take(150).ToListAsync();
        Assert.Equal(expected, codes);
    }

    [Fact]
    public async Task EveryFilterNarrowsTheListToWhatItNames()
    {
        using var leader = await server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);

        // The 40 marriage registrations of Hoằng Kim in 2023 (the report's figure), on one page.
        var marriages = await leader.PageAsync("/dossiers?from=01/01/2023&to=31/12/2023&procedure=1.000894");
        var rows = marriages.QuerySelectorAll("table.records tbody tr").ToList();
        Assert.Equal(40, rows.Count);
        Assert.Null(marriages.QuerySelector("a[rel=next]"));
        Assert.All(rows, r => Assert.Contains("Đăng ký kết hôn", r.TextContent, StringComparison.Ordinal));

        var online = await leader.PageAsync("/dossiers?from=01/01/2023&to=31/12/2023&channel=Online&level=FullyOnline&status=Returned&procedure=1.001193");
        var onlineRows = online.QuerySelectorAll("table.records tbody tr").ToList();
        Assert.Equal(50, onlineRows.Count); // 60 fully online birth registrations: a full first page
        Assert.All(onlineRows, r => Assert.Contains("Trực tuyến toàn trình", r.TextContent, StringComparison.Ordinal));
        Assert.All(onlineRows, r => Assert.Contains("Đã trả kết quả", r.TextContent, StringComparison.Ordinal));

        var none = await leader.PageAsync("/dossiers?from=01/01/2023&to=31/12/2023&late=late");
        Assert.Empty(none.QuerySelectorAll("table.records tbody tr")); // Hoằng Kim had no late dossier in 2023
        Assert.NotNull(none.QuerySelector(".empty"));
    }

    [Fact]
    public async Task TheLateAndOverdueFiltersFindTheDossiersPastTheirDueTime()
    {
        var now = DateTime.UtcNow;
        var overdue = await TestDossiers.AddAsync(server, DemoData.NewHoangPhuCode, "2.000815", now.AddDays(-10));
        var finishedLate = await TestDossiers.AddAsync(server, DemoData.NewHoangPhuCode, "2.000815", now.AddDays(-10), d => TestDossiers.Finish(d, now.AddDays(-2)));
        var fresh = await TestDossiers.AddAsync(server, DemoData.NewHoangPhuCode, "2.000815", now.AddMinutes(-5));
        using var officer = await server.SignedInAsync(StaffRoles.Officer, DemoData.NewHoangPhuCode);

        var lateCodes = await CodesAsync(officer, $"/dossiers?late=late&from={Day(now.AddDays(-11))}");
        Assert.Contains(overdue.Code, lateCodes);
        Assert.Contains(finishedLate.Code, lateCodes);
        Assert.DoesNotContain(fresh.Code, lateCodes);

        var overdueCodes = await CodesAsync(officer, $"/dossiers?late=overdue&status=open&from={Day(now.AddDays(-11))}");
        Assert.Contains(overdue.Code, overdueCodes);
        Assert.DoesNotContain(finishedLate.Code, overdueCodes);
        Assert.DoesNotContain(fresh.Code, overdueCodes);
    }

    [Fact]
    public async Task TheDetailShowsTheTimelineAndThePersonalDataOnlyToTheUnitsOfficersEachViewLogged()
    {
        var received = DateTime.UtcNow.AddDays(-6);
        var dossier = await TestDossiers.AddAsync(server, DemoData.NewHoangPhuCode, "1.004873", received, d =>
        {
            d.Supplements.Add(new SupplementRequest { RequestedAt = received.AddHours(3), ResumedAt = received.AddHours(30) });
            TestDossiers.Finish(d, received.AddDays(2), returned: true);
        });

        using var officer = await server.SignedInAsync(StaffRoles.Officer, DemoData.NewHoangPhuCode);
        var masked = await officer.PageAsync($"/dossiers/{dossier.Code}");
        var personal = masked.QuerySelector("dl.personal")!.TextContent;
        Assert.Contains("N* T* L*", personal, StringComparison.Ordinal);
        Assert.Contains("*********234", personal, StringComparison.Ordinal);
        Assert.DoesNotContain(TestDossiers.Applicant, masked.DocumentElement.OuterHtml, StringComparison.Ordinal);
        var timeline = masked.QuerySelector("ol.timeline")!.TextContent;
        foreach (var step in new[] { "Tiếp nhận hồ sơ", "Yêu cầu bổ sung lần 1", "Công dân bổ sung xong lần 1", "Hẹn trả kết quả", "Có kết quả giải quyết", "Trả kết quả cho công dân" })
        {
            Assert.Contains(step, timeline, StringComparison.Ordinal);
        }

        await using (var db = server.CreateContext())
        {
            Assert.False(await db.PersonalDataAccesses.AnyAsync(a => a.RecordKey == dossier.Code));
        }

        var shown = await officer.PageAsync(masked.QuerySelector("a[href*='personal=show']")!.GetAttribute("href")!);
        var unmasked = shown.QuerySelector("dl.personal")!.TextContent;
        Assert.Contains(TestDossiers.Applicant, unmasked, StringComparison.Ordinal);
        Assert.Contains(TestDossiers.ApplicantId, unmasked, StringComparison.Ordinal);
        Assert.Contains(TestDossiers.ApplicantPhone, unmasked, StringComparison.Ordinal);

        using var leader = await server.SignedInAsync(StaffRoles.Leader, DemoData.NewHoangPhuCode);
        var leaders = await leader.PageAsync($"/dossiers/{dossier.Code}?personal=show");
        Assert.DoesNotContain(TestDossiers.Applicant, leaders.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.Null(leaders.QuerySelector("a[href*='personal=show']"));
        using var admin = await server.SignedInAsync(StaffRoles.Admin, DemoData.NewHoangPhuCode);
        var admins = await admin.PageAsync($"/dossiers/{dossier.Code}?personal=show");
        Assert.DoesNotContain(TestDossiers.ApplicantId, admins.DocumentElement.OuterHtml, StringComparison.Ordinal);

        await using var after = server.CreateContext();
        var access = await after.PersonalDataAccesses.SingleAsync(a => a.RecordKey == dossier.Code);
        Assert.Equal(("dossier", null, "/dossiers/{code}"), (access.RecordType, access.ClientId, access.Method));
        Assert.StartsWith("officer.", access.UserName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADossierOfAUnitOutsideTheUsersSubtreeDoesNotExistForThem()
    {
        var dossier = await TestDossiers.AddAsync(server, DemoData.NewHoangPhuCode, "2.000815", DateTime.UtcNow.AddDays(-1));
        using var officer = await server.SignedInAsync(StaffRoles.Officer, DemoData.HoangKimCode);
        foreach (var url in new[] { $"/dossiers/{dossier.Code}", $"/dossiers/{dossier.Code}?personal=show", $"/dossiers?unit={DemoData.NewHoangPhuCode}", "/dossiers/KHONG-CO-HO-SO" })
        {
            using var response = await officer.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url}: {(int)response.StatusCode}");
        }

        var list = await officer.PageAsync("/dossiers");
        Assert.DoesNotContain(dossier.Code, list.DocumentElement.OuterHtml, StringComparison.Ordinal);
    }

    private static string Day(DateTime utc) => Domain.Calendar.VietnamTime.LocalDate(utc).ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<List<string>> CodesAsync(HttpClient client, string url) =>
        [.. (await client.PageAsync(url)).QuerySelectorAll("table.records tbody tr td:nth-child(2) a").Select(a => a.TextContent.Trim())];
}

public sealed class SqliteDossierPagesFacts(SqliteGrpcServer server) : DossierPagesFacts<SqliteGrpcServer>(server);

public sealed class PostgresDossierPagesFacts(PostgresGrpcServer server) : DossierPagesFacts<PostgresGrpcServer>(server);
