using System.Net;
using FriendlyGov.Data.Calendar;
using FriendlyGov.Data.Demo;
using FriendlyGov.Data.Staff;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Calendar;
using FriendlyGov.Domain.Dialogues;
using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Domain.Petitions;
using FriendlyGov.Server.Letters;
using FriendlyGov.Server.Tests.Admin;
using FriendlyGov.Server.Tests.Indicators;
using FriendlyGov.Server.Tests.Sync;
using FriendlyGov.Server.Tests.Workspace;
using FriendlyGov.Server.Worklist;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FriendlyGov.Server.Tests.Worklist;

/// <summary>The officer's day: the deadline-warning job and the worklist page with its count in the navigation.</summary>
public abstract class WorklistFacts<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GrpcServer
{
    private const string Certification = "2.000815"; // one working day
    private const string Amendment = "1.004873"; // three working days

    [Fact]
    public async Task TheDeadlineJobWarnsOfDossiersDueWithinAWorkingDayKeepsWhenItFirstSawThemAndEndsEachWarning()
    {
        // Thursday 27/08/2026: a one-day dossier is due on Friday at 17:00; a three-day one only on Friday 04/09
        // (the weekend and the National Day holidays of 31/08–02/09 come between).
        var received = VietnamTime.ToUtc(new DateTime(2026, 8, 27, 9, 0, 0));
        var finishedInTime = await TestDossiers.AddAsync(server, DemoData.NewHoangPhuCode, Certification, received);
        var goesLate = await TestDossiers.AddAsync(server, DemoData.NewHoangPhuCode, Certification, received);
        var later = await TestDossiers.AddAsync(server, DemoData.NewHoangPhuCode, Amendment, received);
        var firstSeen = received.AddHours(1);

        Assert.Equal(2, (await RunWarningsAsync(firstSeen)).Opened);
        Assert.Equal((0, 0), await RunWarningsAsync(firstSeen.AddMinutes(15)));
        await using (var db = server.CreateContext())
        {
            var warnings = await db.DeadlineWarnings.Where(w => w.DossierId == finishedInTime.Id || w.DossierId == goesLate.Id || w.DossierId == later.Id).ToListAsync();
            Assert.Equal(2, warnings.Count);
            Assert.All(warnings, w => Assert.Equal((WarningOutcome.Open, firstSeen, firstSeen.AddMinutes(15)), (w.Outcome, w.FirstSeenAt, w.LastSeenAt)));
            Assert.All(warnings, w => Assert.Equal(VietnamTime.ToUtc(new DateTime(2026, 8, 28, 17, 0, 0)), w.DueAt));

            var dossier = await db.Dossiers.SingleAsync(d => d.Id == finishedInTime.Id);
            TestDossiers.Finish(dossier, VietnamTime.ToUtc(new DateTime(2026, 8, 28, 11, 0, 0)));
            await db.SaveChangesAsync();
        }

        await RunWarningsAsync(VietnamTime.ToUtc(new DateTime(2026, 8, 28, 18, 0, 0)));
        await using var after = server.CreateContext();
        var ended = await after.DeadlineWarnings.Where(w => w.DossierId == finishedInTime.Id || w.DossierId == goesLate.Id).ToDictionaryAsync(w => w.DossierId);
        Assert.Equal((WarningOutcome.ResolvedInTime, VietnamTime.ToUtc(new DateTime(2026, 8, 28, 11, 0, 0))), (ended[finishedInTime.Id].Outcome, ended[finishedInTime.Id].ClosedAt));
        Assert.Equal(WarningOutcome.WentLate, ended[goesLate.Id].Outcome);
        Assert.Equal(firstSeen, ended[goesLate.Id].FirstSeenAt);
    }

    [Fact]
    public async Task TheOfficersHomeIsTheWorklistWithEverySectionAndTheCountInTheNavigation()
    {
        var now = DateTime.UtcNow;
        var dueSoon = await TestDossiers.AddAsync(server, DemoData.NewHoangPhuCode, Certification, now.AddMinutes(-30));
        var late = await TestDossiers.AddAsync(server, DemoData.NewHoangPhuCode, Certification, now.AddDays(-10));
        var lateProposed = await TestDossiers.AddAsync(server, DemoData.NewHoangPhuCode, Certification, now.AddDays(-9));
        var today = VietnamTime.LocalDate(now);
        await using (var db = server.CreateContext())
        {
            var unit = await db.Units.SingleAsync(u => u.Code == DemoData.NewHoangPhuCode);
            db.Dialogues.Add(new Dialogue
            {
                UnitId = unit.Id, HeldOn = today.AddDays(-40), HostName = "Lê Văn Hùng", Participants = 50, Topic = "Đối thoại về nước sạch",
                Opinions = [new DialogueOpinion { Content = "Nước sinh hoạt thôn 5 bị đục", AssignedTo = "Địa chính xã", PromisedOn = today.AddDays(-10) }],
            });
            var petition = new Petition { UnitId = unit.Id, Kind = PetitionKind.Reflection, Subject = "Phản ánh đèn đường hỏng", ReceivedOn = today.AddDays(-40), Jurisdiction = Jurisdiction.Own, Status = PetitionStatus.Received };
            petition.RefreshDeadline(await HolidayTable.LoadAsync(db));
            db.Petitions.Add(petition);
            await db.SaveChangesAsync();
        }

        await using (var scope = server.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DeadlineWarningJob>().RunAsync(CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<LetterProposalJob>().RunAsync(CancellationToken.None);
        }

        long proposal;
        await using (var db = server.CreateContext())
        {
            // One of the two late dossiers keeps its proposal; the other's is taken away, so the officer must write one.
            var letters = await db.Letters.Where(l => l.DossierId == late.Id || l.DossierId == lateProposed.Id).ToListAsync();
            proposal = letters.Single(l => l.DossierId == lateProposed.Id).Id;
            db.Letters.Remove(letters.Single(l => l.DossierId == late.Id));
            await db.SaveChangesAsync();
        }

        using var officer = await server.SignedInAsync(StaffRoles.Officer, DemoData.NewHoangPhuCode);
        using (var home = await officer.GetAsync("/"))
        {
            Assert.Equal("/worklist", home.Headers.Location?.OriginalString);
        }

        var page = await officer.PageAsync("/worklist");
        Assert.Contains(dueSoon.Code, page.QuerySelector("#due")!.TextContent, StringComparison.Ordinal);
        var lateSection = page.QuerySelector("#late")!;
        Assert.NotNull(lateSection.QuerySelector($"a[href='/letters/new?kind=LateApology&dossier={Uri.EscapeDataString(late.Code)}']"));
        Assert.NotNull(lateSection.QuerySelector($"a[href='/letters/{proposal}']"));
        Assert.NotNull(page.QuerySelector($"#letters a[href='/letters/{proposal}']"));
        Assert.Contains("Nước sinh hoạt thôn 5 bị đục", page.QuerySelector("#opinions")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Phản ánh đèn đường hỏng", page.QuerySelector("#petitions")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(TestDossiers.Applicant, page.DocumentElement.OuterHtml, StringComparison.Ordinal);

        var counts = page.QuerySelectorAll(".worklist-section h2 .count").Select(c => int.Parse(c.TextContent, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(5, counts.Count);
        Assert.Equal(counts.Sum().ToString(System.Globalization.CultureInfo.InvariantCulture), page.QuerySelector(".topbar nav a[href='/worklist'] .badge")!.TextContent.Trim());
        var elsewhere = await officer.PageAsync("/letters");
        Assert.Equal(counts.Sum().ToString(System.Globalization.CultureInfo.InvariantCulture), elsewhere.QuerySelector(".topbar .badge")!.TextContent.Trim());
    }

    [Fact]
    public async Task AnotherUnitsOfficerSeesNoneOfItAndALeaderGoesToTheScorecard()
    {
        var dueSoon = await TestDossiers.AddAsync(server, DemoData.NewHoangPhuCode, Certification, DateTime.UtcNow.AddMinutes(-20));
        await using (var scope = server.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DeadlineWarningJob>().RunAsync(CancellationToken.None);
        }

        using var other = await server.SignedInAsync(StaffRoles.Officer, DemoData.HoangKimCode);
        var page = await other.PageAsync("/worklist");
        Assert.DoesNotContain(dueSoon.Code, page.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.Equal("0", page.QuerySelector("#due .count")!.TextContent.Trim());

        using var leader = await server.SignedInAsync(StaffRoles.Leader, DemoData.NewHoangPhuCode);
        using var home = await leader.GetAsync("/");
        Assert.Equal("/dashboard", home.Headers.Location?.OriginalString);
        var letters = await leader.PageAsync("/letters");
        Assert.Null(letters.QuerySelector(".topbar a[href='/worklist']"));
    }

    private async Task<(int Opened, int Ended)> RunWarningsAsync(DateTime nowUtc)
    {
        await using var db = server.CreateContext();
        return await new DeadlineWarningJob(db, new FixedClock(new DateTimeOffset(nowUtc)), NullLogger<DeadlineWarningJob>.Instance).RunAsync(CancellationToken.None);
    }
}

public sealed class SqliteWorklistFacts(SqliteGrpcServer server) : WorklistFacts<SqliteGrpcServer>(server);

public sealed class PostgresWorklistFacts(PostgresGrpcServer server) : WorklistFacts<PostgresGrpcServer>(server);
