using System.Net;
using DocumentFormat.OpenXml.Packaging;
using FriendlyGov.Data.Demo;
using FriendlyGov.Data.Staff;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Calendar;
using FriendlyGov.Server.Dashboard;
using FriendlyGov.Server.Indicators;
using FriendlyGov.Server.Operations;
using FriendlyGov.Server.Subscriptions;
using FriendlyGov.Server.Tests.Admin;
using FriendlyGov.Server.Tests.Indicators;
using FriendlyGov.Server.Tests.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MimeKit;
using Period = FriendlyGov.Domain.Period;

namespace FriendlyGov.Server.Tests.Subscriptions;

/// <summary>Leaders' subscriptions, mailed by the job to an SMTP sink on loopback that each test starts.</summary>
public abstract class SubscriptionMailFacts<TServer> : IClassFixture<TServer>, IAsyncLifetime
    where TServer : GrpcServer
{
    // 02/10/2026 10:00 in Vietnam: Q3 2026 has ended and is closed (rolled up after its end). Subscriptions are to
    // units that exist: the new Hoằng Phú, formed on 01/07/2025 (Hoằng Kim, closed then, has no quarter left to close).
    private static readonly DateTimeOffset AfterQ32026 = new(VietnamTime.ToUtc(new DateTime(2026, 10, 2, 10, 0, 0)));
    private const string Unit = DemoData.NewHoangPhuCode;

    private readonly TServer _server;

    protected SubscriptionMailFacts(TServer server) => _server = server;

    public Task InitializeAsync() => _server.RollUpAsync(new Period(2026, 2), new Period(2026, 3), new Period(2026, 4));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AClosedQuarterIsMailedOnceWithTheDashboardsFiguresAndTheReport()
    {
        await using var sink = new SmtpSink();
        var (client, email) = await SubscribedLeaderAsync(Unit, report: true);

        var run = await RunJobAsync(AfterQ32026, Smtp(sink.Port));
        Assert.True(run.MailOn);
        var mail = Assert.Single(sink.Received, m => m.Recipients.Contains(email));
        var message = mail.Message;

        // The summary of the dashboard's page for the same unit and quarter, word for word.
        var page = await client.PageAsync($"/dashboard?unit={Unit}&year=2026&quarter=3");
        var count = page.QuerySelector(".summary-count")!.TextContent.Trim();
        var name = page.QuerySelector("h1")!.TextContent.Trim();
        Assert.Equal(email, message.To.Mailboxes.Single().Address);
        Assert.Equal($"{name} – quý 3/2026: {count} chỉ tiêu đạt", message.Subject);
        var text = message.TextBody;
        Assert.Contains($"{count} chỉ tiêu đạt", text, StringComparison.Ordinal);
        Assert.Contains("đã khóa sổ ngày", text, StringComparison.Ordinal);
        foreach (var card in page.QuerySelectorAll(".targets article.kpi"))
        {
            var line = $"- {card.QuerySelector("h3")!.TextContent.Trim()}: {card.QuerySelector(".kpi-actual")!.TextContent.Trim()} (chỉ tiêu {card.QuerySelector(".kpi-target-line")!.TextContent.Replace("Chỉ tiêu", "", StringComparison.Ordinal).Trim()})";
            Assert.Contains(line, text, StringComparison.Ordinal);
        }

        Assert.Contains($"Xem bảng chỉ số: https://chiso.hoanghoa.gov.vn/dashboard?unit={Unit}&year=2026&quarter=3", text, StringComparison.Ordinal);

        var attachment = Assert.IsType<MimePart>(Assert.Single(message.Attachments));
        Assert.Equal($"bao-cao-{Unit}-2026-q3.docx", attachment.FileName);
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        var downloaded = await client.GetByteArrayAsync($"/dashboard/report.docx?unit={Unit}&year=2026&quarter=3");
        var paragraphs = Paragraphs(content.ToArray());
        Assert.Contains("II. KẾT QUẢ THỰC HIỆN", paragraphs);
        Assert.Contains(paragraphs, p => p.StartsWith("Trong ", StringComparison.Ordinal) && p.Contains($"{name} tiếp nhận", StringComparison.Ordinal));
        Assert.Equal(Paragraphs(downloaded), paragraphs);

        // A second run, and two servers' runs at once, send nothing more.
        await RunJobAsync(AfterQ32026, Smtp(sink.Port));
        await Task.WhenAll(RunJobAsync(AfterQ32026, Smtp(sink.Port)), RunJobAsync(AfterQ32026, Smtp(sink.Port)));
        Assert.Single(sink.Received, m => m.Recipients.Contains(email));
        var listed = await client.PageAsync("/subscriptions");
        Assert.Matches(@"^\d\d/\d\d/\d{4} \d\d:\d\d$", listed.QuerySelector("table.subscriptions tbody td:nth-child(3)")!.TextContent.Trim());
    }

    [Fact]
    public async Task TwoServersRunningAtOnceSendEachMailOnce()
    {
        await using var sink = new SmtpSink();
        var (_, email) = await SubscribedLeaderAsync(Unit, report: false);
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => RunJobAsync(AfterQ32026, Smtp(sink.Port))));
        var mail = Assert.Single(sink.Received, m => m.Recipients.Contains(email));
        Assert.Empty(mail.Message.Attachments);
    }

    [Fact]
    public async Task NothingIsSentOrMarkedSentWhileSmtpIsUnsetAndTheAdminSeesThatMailIsOff()
    {
        var (client, email) = await SubscribedLeaderAsync(Unit, report: true);
        var run = await RunJobAsync(AfterQ32026, new Dictionary<string, string?> { ["Mail:From"] = "chiso@hoanghoa.gov.vn" });
        Assert.False(run.MailOn);
        Assert.Equal(0, run.Sent);
        await using (var db = _server.CreateContext())
        {
            Assert.False(await db.SubscriptionMailings.AnyAsync(m => db.ReportSubscriptions.Any(s => s.Id == m.SubscriptionId && s.User!.Email == email)));
        }

        var page = await client.PageAsync("/subscriptions");
        Assert.Contains("Thư điện tử đang tắt", page.QuerySelector(".mail-off")!.TextContent, StringComparison.Ordinal);
        using var admin = await _server.SignedInAsync(StaffRoles.Admin, DemoData.ProvinceCode);
        var adminPage = await admin.PageAsync("/admin/users");
        Assert.Contains("Mail:Host", adminPage.QuerySelector(".mail-off")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailingSmtpServerLeavesTheMailUnsentAndTheNextRunSendsIt()
    {
        var (_, email) = await SubscribedLeaderAsync(Unit, report: false);
        int closedPort;
        await using (var gone = new SmtpSink())
        {
            closedPort = gone.Port;
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => RunJobAsync(AfterQ32026, Smtp(closedPort)));
        await using (var db = _server.CreateContext())
        {
            Assert.False(await db.SubscriptionMailings.AnyAsync(m => db.ReportSubscriptions.Any(s => s.Id == m.SubscriptionId && s.User!.Email == email)));
        }

        await using var sink = new SmtpSink();
        await RunJobAsync(AfterQ32026, Smtp(sink.Port));
        Assert.Single(sink.Received, m => m.Recipients.Contains(email));
    }

    [Fact]
    public async Task AMonthlySubscriberGetsTheRunningQuarterToDateNotJudged()
    {
        await using var sink = new SmtpSink();
        var (_, email) = await SubscribedLeaderAsync(Unit, report: false, monthly: true);
        var (_, quarterly) = await SubscribedLeaderAsync(Unit, report: false);

        // 20/11/2026: October, the first month of Q4, has ended; Q3 2026 is the last closed quarter.
        var name = (await (await _server.SignedInAsync(StaffRoles.Leader, Unit)).PageAsync($"/dashboard?unit={Unit}")).QuerySelector("h1")!.TextContent.Trim();
        await RunJobAsync(new DateTimeOffset(DemoData.AsOfUtc), Smtp(sink.Port));
        var subjects = sink.Received.Where(m => m.Recipients.Contains(email)).Select(m => m.Message.Subject).Order(StringComparer.Ordinal).ToList();
        Assert.Contains($"{name} – quý 4/2026 (đến 20/11/2026): số liệu tạm tính, chưa đánh giá", subjects);
        Assert.DoesNotContain(sink.Received, m => m.Recipients.Contains(quarterly) && m.Message.Subject!.Contains("quý 4/2026", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ALeaderSubscribesOnlyToUnitsTheyReadAndCancelsTheirOwn()
    {
        var (client, _) = await SubscribedLeaderAsync(Unit, report: false);
        var page = await client.PageAsync("/subscriptions");
        var response = await client.PostFormAsync("/subscriptions", page, new() { ["unit"] = DemoData.DistrictCode, ["Scorecard"] = "true", ["Email"] = "a@b.vn" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Chọn một đơn vị trong phạm vi của bạn.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var cancel = page.QuerySelector("table.subscriptions form")!.GetAttribute("action")!;
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync(cancel, page, [])).StatusCode);
        Assert.Null((await client.PageAsync("/subscriptions")).QuerySelector("table.subscriptions"));
    }

    private static List<string> Paragraphs(byte[] docx)
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(docx), false);
        return document.MainDocumentPart!.Document!.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText).ToList();
    }

    private static Dictionary<string, string?> Smtp(int port) => new()
    {
        ["Mail:Host"] = "127.0.0.1",
        ["Mail:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:Tls"] = "None",
        ["Mail:From"] = "Bảng chỉ số <chiso@hoanghoa.gov.vn>",
        ["Mail:PublicBaseUrl"] = "https://chiso.hoanghoa.gov.vn/",
    };

    /// <summary>A new leader of the unit, subscribed to it through the page's form with a new address.</summary>
    private async Task<(HttpClient Client, string Email)> SubscribedLeaderAsync(string unitCode, bool report, bool monthly = false)
    {
        var client = await _server.SignedInAsync(StaffRoles.Leader, unitCode);
        var email = $"leader-{Guid.NewGuid():N}@hoangkim.gov.vn";
        var page = await client.PageAsync($"/subscriptions?unit={unitCode}");
        var fields = new Dictionary<string, string> { ["unit"] = unitCode, ["Scorecard"] = "true", ["Email"] = email };
        if (report)
        {
            fields["Report"] = "true";
        }

        if (monthly)
        {
            fields["Monthly"] = "true";
        }

        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync("/subscriptions", page, fields)).StatusCode);
        return (client, email);
    }

    /// <summary>One run of the job as a server would run it, on its own scope and database context, at the given time.</summary>
    private async Task<MailRun> RunJobAsync(DateTimeOffset now, Dictionary<string, string?> settings)
    {
        await using var scope = _server.Factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var job = new SubscriptionMailJob(services.GetRequiredService<FriendlyGov.Data.FriendlyGovDbContext>(), services.GetRequiredService<IndicatorReads>(),
            services.GetRequiredService<DashboardCharts>(), services.GetRequiredService<DashboardLayout>(), new ConfigurationBuilder().AddInMemoryCollection(settings).Build(),
            new FixedClock(now), services.GetRequiredService<FriendlyGovMetrics>(), services.GetRequiredService<ILogger<SubscriptionMailJob>>());
        return await job.RunAsync(CancellationToken.None);
    }
}

public sealed class SqliteSubscriptionMailFacts(SqliteGrpcServer server) : SubscriptionMailFacts<SqliteGrpcServer>(server);

public sealed class PostgresSubscriptionMailFacts(PostgresGrpcServer server) : SubscriptionMailFacts<PostgresGrpcServer>(server);
