using System.Net;
using DocumentFormat.OpenXml.Packaging;
using FriendlyGov.Data.Calendar;
using FriendlyGov.Data.Demo;
using FriendlyGov.Data.Staff;
using FriendlyGov.Domain.Audit;
using FriendlyGov.Domain.Calendar;
using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Domain.Letters;
using FriendlyGov.Server.Letters;
using FriendlyGov.Server.Tests.Admin;
using FriendlyGov.Server.Tests.Indicators;
using FriendlyGov.Server.Tests.Sync;
using FriendlyGov.Server.Tests.Workspace;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FriendlyGov.Server.Tests.Letters;

/// <summary>The letter proposal job and the letter pages (review, edit, issue, print, .docx), on a real database.</summary>
public abstract class LetterFacts<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GrpcServer
{
    private const string Birth = "1.001193";
    private const string Certification = "2.000815";

    // Friday 28/08/2026, 09:00 in Vietnam: the weekend and the National Day holidays (31/08–02/09) come next.
    private static readonly DateTime FridayBeforeNationalDay = VietnamTime.ToUtc(new DateTime(2026, 8, 28, 9, 0, 0));

    [Fact]
    public async Task AFinishedBirthRegistrationYieldsOneBirthCongratulationOnceEvenWhenTheJobRunsTwiceOrAtOnce()
    {
        var now = FridayBeforeNationalDay;
        var dossier = await TestDossiers.AddAsync(server, DemoData.NewHoangPhuCode, Birth, now.AddDays(-3), d => TestDossiers.Finish(d, now.AddDays(-2), returned: true));

        // Two workers at once (both see the dossier without a letter), then the next runs: one letter, written once.
        var together = await Task.WhenAll(RunJobAsync(now), RunJobAsync(now));
        var again = await RunJobAsync(now);
        var later = await RunJobAsync(now.AddMinutes(15));

        Assert.True(together.Sum() > 0);
        Assert.Equal((0, 0), (again, later));
        await using var db = server.CreateContext();
        var letter = await db.Letters.SingleAsync(l => l.DossierId == dossier.Id);
        Assert.Equal(LetterKind.BirthCongratulation, letter.Kind);
        Assert.Equal(LetterState.Proposed, letter.State);
        Assert.Equal(TestDossiers.Applicant, letter.RecipientName);
        Assert.Equal((Letter.SystemProposer, now), (letter.ProposedBy, letter.ProposedAt));
        Assert.Null(letter.IssuedAt);
        var audit = await db.AuditEntries.SingleAsync(a => a.RecordType == LetterFields.RecordType && a.RecordId == letter.Id);
        Assert.Equal((AuditAction.Created, Letter.SystemProposer), (audit.Action, audit.UserName));
    }

    [Fact]
    public async Task ALateDossierGetsAnApologyProposedWithANewAppointmentOnAWorkingDay()
    {
        var now = FridayBeforeNationalDay;

        // Received Monday 24/08, due Tuesday 25/08 at 17:00, still in progress on Friday: late.
        var late = await TestDossiers.AddAsync(server, DemoData.NewHoangPhuCode, Certification, VietnamTime.ToUtc(new DateTime(2026, 8, 24, 9, 0, 0)));
        var onTime = await TestDossiers.AddAsync(server, DemoData.NewHoangPhuCode, Certification, now.AddHours(-1));
        var paused = await TestDossiers.AddAsync(server, DemoData.NewHoangPhuCode, Certification, VietnamTime.ToUtc(new DateTime(2026, 8, 24, 9, 0, 0)), d =>
        {
            d.Status = DossierStatus.SupplementRequested;
            d.Supplements.Add(new SupplementRequest { RequestedAt = d.ReceivedAt.AddHours(2) });
        });

        await RunJobAsync(now);

        await using var db = server.CreateContext();
        var apology = await db.Letters.SingleAsync(l => l.DossierId == late.Id);
        Assert.Equal((LetterKind.LateApology, LetterState.Proposed), (apology.Kind, apology.State));

        // Two working days after Friday 28/08: not Saturday, Sunday, nor 31/08–02/09 (holidays), so Friday 04/09 at 17:00.
        var appointment = VietnamTime.ToLocal(apology.NewAppointmentAt!.Value);
        Assert.Equal(new DateTime(2026, 9, 4, 17, 0, 0), appointment);
        Assert.True((await HolidayTable.LoadAsync(db)).IsWorkingDay(DateOnly.FromDateTime(appointment)));
        Assert.Null(apology.Reason);
        Assert.False(await db.Letters.AnyAsync(l => l.DossierId == onTime.Id || l.DossierId == paused.Id));
    }

    [Fact]
    public async Task AnOfficerCompletesIssuesAndDownloadsAnApologyInTheFormsLayout()
    {
        var (letterId, dossier) = await ProposedApologyAsync();
        using var officer = await server.SignedInAsync(StaffRoles.Officer, DemoData.NewHoangPhuCode);

        // The reason is missing: issuing is refused with the message beside it, and nothing changes.
        var detail = await officer.PageAsync($"/letters/{letterId}");
        Assert.Contains("cần nhập trước khi phát hành", detail.QuerySelector("dl.facts")!.TextContent, StringComparison.Ordinal);
        using (var refused = await officer.PostFormAsync($"/letters/{letterId}?handler=Issue", detail, new() { ["Delivery"] = "Printed" }))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("Nhập lý do trễ hạn trước khi phát hành thư xin lỗi.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await using (var db = server.CreateContext())
        {
            Assert.Equal(LetterState.Proposed, (await db.Letters.SingleAsync(l => l.Id == letterId)).State);
        }

        var edit = await officer.PageAsync($"/letters/{letterId}/edit");
        Assert.Equal(TestDossiers.Applicant, edit.QuerySelector("#Form_RecipientName")!.GetAttribute("value"));
        using var saved = await officer.PostFormAsync($"/letters/{letterId}/edit", edit, new()
        {
            ["Form.RecipientName"] = TestDossiers.Applicant, ["Form.RecipientAddress"] = "Thôn 3, xã Hoằng Phú", ["Form.Number"] = "07/PXL-UBND",
            ["Form.Reason"] = "Hồ sơ cần xác minh thêm với cơ quan thuế", ["Form.NewAppointmentOn"] = "15/12/2099", ["Form.NewAppointmentTime"] = "16:30",
            ["Form.SignerTitle"] = "CHỦ TỊCH", ["Form.SignerName"] = "Lê Văn Hùng",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var ready = await officer.PageAsync($"/letters/{letterId}");
        using var issued = await officer.PostFormAsync($"/letters/{letterId}?handler=Issue", ready, new() { ["Delivery"] = "Printed" });
        Assert.Equal(HttpStatusCode.Redirect, issued.StatusCode);

        await using (var db = server.CreateContext())
        {
            var letter = await db.Letters.SingleAsync(l => l.Id == letterId);
            Assert.Equal((LetterState.Issued, LetterDelivery.Printed), (letter.State, letter.Delivery));
            Assert.NotNull(letter.IssuedAt);
            Assert.Equal(letter.IssuedAt, letter.PrintedAt);
            var changes = await db.AuditEntries.Where(a => a.RecordType == LetterFields.RecordType && a.RecordId == letterId).OrderBy(a => a.Id).ToListAsync();
            Assert.Contains(changes, a => a.Changes.Any(c => c.Field == "reason" && c.New == "Hồ sơ cần xác minh thêm với cơ quan thuế"));
            Assert.Contains(changes, a => a.Changes.Any(c => c.Field == "state" && c.New == "LetterState.Issued"));
            Assert.True(await db.PersonalDataAccesses.AnyAsync(p => p.RecordType == LetterFields.RecordType && p.RecordKey == letterId.ToString() && p.UserName != null && p.ClientId == null));
        }

        using var print = await officer.GetAsync($"/letters/{letterId}/print");
        Assert.Equal(HttpStatusCode.OK, print.StatusCode);
        var printed = AdminSite.Parse(await print.Content.ReadAsStringAsync());
        Assert.NotNull(printed.QuerySelector("link[href^='/css/letter.css']"));
        Assert.Contains("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", printed.QuerySelector("article.letter-paper")!.TextContent, StringComparison.Ordinal);

        using var download = await officer.GetAsync($"/letters/{letterId}/print?handler=docx");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(LetterDocx.ContentType, download.Content.Headers.ContentType?.MediaType);
        using var word = WordprocessingDocument.Open(new MemoryStream(await download.Content.ReadAsByteArrayAsync()), false);
        var text = string.Join("\n", word.MainDocumentPart!.Document.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText));
        foreach (var expected in new[]
                 {
                     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "ỦY BAN NHÂN DÂN", "XÃ HOẰNG PHÚ", "Số: 07/PXL-UBND",
                     "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", $"Kính gửi: Ông/Bà {TestDossiers.Applicant}", $"Mã hồ sơ: {dossier.Code}.",
                     "đề nghị giải quyết thủ tục hành chính: Chứng thực bản sao từ bản chính giấy tờ, văn bản.",
                     "Lý do: Hồ sơ cần xác minh thêm với cơ quan thuế.", "16 giờ 30 phút, ngày 15 tháng 12 năm 2099", "Hoằng Phú, ngày ",
                     "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lê Văn Hùng", "Nơi nhận:", "Mẫu số 04, Thông tư 03/2025/TT-VPCP",
                 })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }

        var section = word.MainDocumentPart.Document.Body.Elements<DocumentFormat.OpenXml.Wordprocessing.SectionProperties>().Single();
        Assert.Equal(11906u, section.GetFirstChild<DocumentFormat.OpenXml.Wordprocessing.PageSize>()!.Width!.Value);
    }

    [Fact]
    public async Task ALeaderReadsLettersMaskedAndCannotIssuePrintOrEditThem()
    {
        var (letterId, _) = await ProposedApologyAsync();
        using var leader = await server.SignedInAsync(StaffRoles.Leader, DemoData.NewHoangPhuCode);
        var list = await leader.PageAsync($"/letters?unit={DemoData.NewHoangPhuCode}&state=Proposed");
        var row = list.QuerySelectorAll("table.records tbody tr").Single(r => r.QuerySelector($"a[href='/letters/{letterId}']") is not null);
        Assert.Contains("N* T* L*", row.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(TestDossiers.Applicant, list.DocumentElement.OuterHtml, StringComparison.Ordinal);

        var detail = await leader.PageAsync($"/letters/{letterId}");
        Assert.DoesNotContain(TestDossiers.Applicant, detail.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.Null(detail.QuerySelector("form[action*='Issue']"));
        using var issue = await leader.PostFormAsync($"/letters/{letterId}?handler=Issue", detail, new() { ["Delivery"] = "Printed" });
        Assert.NotEqual(HttpStatusCode.OK, issue.StatusCode);
        foreach (var url in new[] { $"/letters/{letterId}/print", $"/letters/{letterId}/print?handler=docx", $"/letters/{letterId}/edit", "/letters/new" })
        {
            using var response = await leader.GetAsync(url);
            Assert.Contains("/denied", response.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
        }

        await using var db = server.CreateContext();
        Assert.Equal(LetterState.Proposed, (await db.Letters.SingleAsync(l => l.Id == letterId)).State);
        Assert.False(await db.PersonalDataAccesses.AnyAsync(p => p.RecordType == LetterFields.RecordType && p.RecordKey == letterId.ToString()));
    }

    [Fact]
    public async Task ALetterOfAUnitOutsideTheUsersSubtreeDoesNotExistForThem()
    {
        var (letterId, _) = await ProposedApologyAsync();
        using var officer = await server.SignedInAsync(StaffRoles.Officer, DemoData.HoangKimCode);
        foreach (var url in new[] { $"/letters/{letterId}", $"/letters/{letterId}/edit", $"/letters/{letterId}/print", $"/letters/{letterId}/print?handler=docx", $"/letters?unit={DemoData.NewHoangPhuCode}" })
        {
            using var response = await officer.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url}: {(int)response.StatusCode}");
        }

        var any = await officer.PageAsync("/letters");
        using var issued = await officer.PostFormAsync($"/letters/{letterId}?handler=Issue", any, new() { ["Delivery"] = "Printed" });
        Assert.Equal(HttpStatusCode.NotFound, issued.StatusCode);
    }

    [Fact]
    public async Task AnOfficerDraftsAThanksLetterAndSetsAProposalAsideWithAReason()
    {
        using var officer = await server.SignedInAsync(StaffRoles.Officer, DemoData.NewHoangPhuCode);
        var form = await officer.PageAsync("/letters/new");
        using var created = await officer.PostFormAsync("/letters/new", form, new()
        {
            ["Form.Kind"] = "Thanks", ["Form.UnitCode"] = DemoData.NewHoangPhuCode, ["Form.RecipientName"] = "Trần Văn Bình",
            ["Form.Message"] = "Cảm ơn ông đã hiến 200 m² đất làm đường thôn.",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var thanks = long.Parse(created.Headers.Location!.OriginalString.Split('/', '?')[2], System.Globalization.CultureInfo.InvariantCulture);

        var page = await officer.PageAsync($"/letters/{thanks}");
        Assert.Contains("Cảm ơn ông đã hiến 200 m² đất làm đường thôn.", page.QuerySelector("article.letter-paper")!.TextContent, StringComparison.Ordinal);
        using (var noReason = await officer.PostFormAsync($"/letters/{thanks}?handler=Dismiss", page, new() { ["DismissedReason"] = "" }))
        {
            var refused = AdminSite.Parse(await noReason.Content.ReadAsStringAsync());
            Assert.Equal("Nhập lý do không gửi thư.", refused.QuerySelector("#DismissedReason-error")!.TextContent.Trim());
        }

        using var dismissed = await officer.PostFormAsync($"/letters/{thanks}?handler=Dismiss", page, new() { ["DismissedReason"] = "Ông Bình đã chuyển đi nơi khác" });
        Assert.Equal(HttpStatusCode.Redirect, dismissed.StatusCode);
        await using var db = server.CreateContext();
        var letter = await db.Letters.SingleAsync(l => l.Id == thanks);
        Assert.Equal((LetterState.Dismissed, "Ông Bình đã chuyển đi nơi khác"), (letter.State, letter.DismissedReason));
        Assert.Null(letter.DossierId);
    }

    /// <summary>One run of the job, at that time, on its own connection (as each Hangfire worker has).</summary>
    private async Task<int> RunJobAsync(DateTime nowUtc)
    {
        await using var db = server.CreateContext();
        var job = new LetterProposalJob(db, new FixedClock(new DateTimeOffset(nowUtc)), server.Factory.Services.GetRequiredService<IConfiguration>(), NullLogger<LetterProposalJob>.Instance);
        return await job.RunAsync(CancellationToken.None);
    }

    /// <summary>A late certification dossier of Hoằng Phú with its proposed apology.</summary>
    private async Task<(long Letter, Dossier Dossier)> ProposedApologyAsync()
    {
        var now = DateTime.UtcNow;
        var dossier = await TestDossiers.AddAsync(server, DemoData.NewHoangPhuCode, Certification, now.AddDays(-10));
        await RunJobAsync(now);
        await using var db = server.CreateContext();
        return (await db.Letters.Where(l => l.DossierId == dossier.Id).Select(l => l.Id).SingleAsync(), dossier);
    }
}

public sealed class SqliteLetterFacts(SqliteGrpcServer server) : LetterFacts<SqliteGrpcServer>(server);

public sealed class PostgresLetterFacts(PostgresGrpcServer server) : LetterFacts<PostgresGrpcServer>(server);
