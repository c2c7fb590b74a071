using System.Net;
using System.Text;
using FriendlyGov.Data.Demo;
using FriendlyGov.Data.Staff;
using FriendlyGov.Domain.Audit;
using FriendlyGov.Domain.Surveys;
using FriendlyGov.Server.Surveys;
using FriendlyGov.Server.Tests.Admin;
using FriendlyGov.Server.Tests.Sync;
using FriendlyGov.Server.Tests.Workspace;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Tests.Surveys;

/// <summary>Surveys in the admin: the synced list, paper forms typed in one by one, and paper forms imported from a file.</summary>
public abstract class SurveyPagesFacts<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GrpcServer
{
    private const string Header = "Mã đơn vị,Ngày khảo sát,Tiếp cận dịch vụ,Thủ tục hành chính,Thái độ công chức,Thời gian giải quyết,Kết quả giải quyết,\"Tiếp nhận, xử lý góp ý\",Hài lòng chung,Ý kiến khác";

    [Fact]
    public async Task AnOfficerTypesPaperFormsOneAfterAnotherAndEachIsASurveyOnTheChangeFeed()
    {
        using var officer = await server.SignedInAsync(StaffRoles.Officer, DemoData.NewHoangPhuCode);
        var form = await officer.PageAsync("/surveys/new");
        Assert.NotNull(form.QuerySelector("#Form_Scores_0_[autofocus]"));
        long lastSequence;
        await using (var db = server.CreateContext())
        {
            lastSequence = await db.Surveys.MaxAsync(s => s.ChangeSequence);
        }

        using var saved = await officer.PostFormAsync("/surveys/new", form, new()
        {
            ["Form.UnitCode"] = DemoData.NewHoangPhuCode, ["Form.SurveyedOn"] = "16/11/2026",
            ["Form.Scores[0]"] = "5", ["Form.Scores[1]"] = "4", ["Form.Scores[2]"] = "5", ["Form.Scores[3]"] = "5", ["Form.Scores[4]"] = "4", ["Form.Scores[5]"] = "",
            ["Form.Satisfied"] = "yes", ["Form.Comment"] = "Cán bộ hướng dẫn tận tình",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var next = saved.Headers.Location!.OriginalString;
        Assert.StartsWith($"/surveys/new?unit={DemoData.NewHoangPhuCode}&on=16%2F11%2F2026&saved=", next, StringComparison.Ordinal);

        await using (var db = server.CreateContext())
        {
            var survey = await db.Surveys.Include(s => s.Unit).SingleAsync(s => s.Comment == "Cán bộ hướng dẫn tận tình");
            Assert.Equal((PaperSurveys.SourceSystem, SurveyChannel.Paper, DemoData.NewHoangPhuCode), (survey.SourceSystem, survey.Channel, survey.Unit!.Code));
            Assert.Equal([5, 4, 5, 5, 4, null], survey.Scores().Select(s => s.Score));
            Assert.True(survey.Satisfied);
            Assert.True(survey.ChangeSequence > lastSequence);
            Assert.Equal(new DateOnly(2026, 11, 16), Domain.Calendar.VietnamTime.LocalDate(survey.SurveyedAt));
            Assert.Equal(20264, survey.SurveyedQuarter);
            Assert.Equal(AuditAction.Created, (await db.AuditEntries.SingleAsync(a => a.RecordType == "survey" && a.RecordId == survey.Id)).Action);
            Assert.True(await db.RollupMarks.AnyAsync(m => m.UnitId == survey.UnitId && m.FromQuarter == 20264));
        }

        // The next form: empty, the day kept, the focus on the first score.
        var again = await officer.PageAsync(next);
        Assert.Contains("Hôm nay bạn đã nhập 1 phiếu", again.QuerySelector(".saved")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("16/11/2026", again.QuerySelector("#Form_SurveyedOn")!.GetAttribute("value"));
        Assert.NotNull(again.QuerySelector("#Form_Scores_0_[autofocus]"));
        Assert.All(again.QuerySelectorAll("[data-score]"), box => Assert.True(string.IsNullOrEmpty(box.GetAttribute("value"))));
        Assert.Null(again.QuerySelector("input[name='Form.Satisfied'][checked]"));
    }

    [Fact]
    public async Task ABadFormGetsItsMessagesBesideTheFieldsAndWritesNothing()
    {
        using var officer = await server.SignedInAsync(StaffRoles.Officer, DemoData.NewHoangPhuCode);
        var before = await CountAsync();
        var form = await officer.PageAsync("/surveys/new");
        using var refused = await officer.PostFormAsync("/surveys/new", form, new()
        {
            ["Form.UnitCode"] = DemoData.NewHoangPhuCode, ["Form.SurveyedOn"] = "16/11/2026", ["Form.Scores[0]"] = "7", ["Form.Scores[1]"] = "a", ["Form.Scores[2]"] = "3",
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = AdminSite.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("Nhập điểm từ 1 đến 5.", page.QuerySelector("#Form_Scores_0_-error")!.TextContent.Trim());
        Assert.Equal("Nhập điểm từ 1 đến 5.", page.QuerySelector("#Form_Scores_1_-error")!.TextContent.Trim());
        Assert.Equal("Chọn Hài lòng hoặc Không hài lòng.", page.QuerySelector("#Form_Satisfied-error")!.TextContent.Trim());
        Assert.Equal("3", page.QuerySelector("#Form_Scores_2_")!.GetAttribute("value"));
        Assert.Equal(before, await CountAsync());

        using var future = await officer.PostFormAsync("/surveys/new", form, new() { ["Form.SurveyedOn"] = "01/01/2099", ["Form.Satisfied"] = "no" });
        Assert.Equal("Ngày khảo sát chưa đến.", AdminSite.Parse(await future.Content.ReadAsStringAsync()).QuerySelector("#Form_SurveyedOn-error")!.TextContent.Trim());
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task PaperFormsImportedFromAFileAreAllOrNothingAndBecomePaperSurveys()
    {
        using var officer = await server.SignedInAsync(StaffRoles.Officer, DemoData.NewHoangPhuCode);
        var before = await CountAsync();
        var bad = string.Join("\r\n", Header,
            ",17/11/2026,5,5,5,5,5,5,Hài lòng,",
            ",17/11/2026,9,5,5,5,5,5,Hài lòng,",
            ",17/11/2026,4,4,4,4,4,4,Có lẽ,");
        var problems = await ImportFacts<TServer>.ImportAsync(officer, "/surveys", "phieu-giay.csv", Encoding.UTF8.GetBytes(bad));
        var cells = problems.QuerySelectorAll("tr.problem").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray()).ToList();
        Assert.Contains(cells, p => p[0] == "3" && p[1] == "Tiếp cận dịch vụ" && p[2] == "Nhập điểm từ 1 đến 5.");
        Assert.Contains(cells, p => p[0] == "4" && p[1] == "Hài lòng chung" && p[2].Contains("«Có lẽ» không có trong danh sách", StringComparison.Ordinal));
        Assert.Equal(before, await CountAsync());

        long lastSequence;
        await using (var before2 = server.CreateContext())
        {
            lastSequence = await before2.Surveys.MaxAsync(s => s.ChangeSequence);
        }

        var good = string.Join("\r\n", Header,
            ",17/11/2026,5,5,5,5,5,5,Hài lòng,Nhanh gọn",
            $"{DemoData.NewHoangPhuCode},18/11/2026,2,3,,2,3,2,Không hài lòng,Phải đi lại hai lần");
        var preview = await ImportFacts<TServer>.ImportAsync(officer, "/surveys", "phieu-giay-tot.csv", Encoding.UTF8.GetBytes(good));
        var confirm = preview.QuerySelectorAll("form").Single(f => f.GetAttribute("action")?.Contains("Confirm", StringComparison.OrdinalIgnoreCase) == true);
        using var confirmed = await officer.PostFormAsync(confirm.GetAttribute("action")!, preview, []);
        var done = await ImportFacts<TServer>.WaitAsync(officer, confirmed.Headers.Location!.OriginalString);
        Assert.Contains("Đã ghi 2 bản ghi", done.QuerySelector(".done h2")!.TextContent, StringComparison.Ordinal);

        await using var db = server.CreateContext();
        var imported = await db.Surveys.Where(s => s.Comment == "Nhanh gọn" || s.Comment == "Phải đi lại hai lần").OrderBy(s => s.SurveyedAt).ToListAsync();
        Assert.Equal(2, imported.Count);
        Assert.All(imported, s => Assert.Equal((PaperSurveys.SourceSystem, SurveyChannel.Paper), (s.SourceSystem, s.Channel)));
        Assert.Equal([true, false], imported.Select(s => s.Satisfied));
        Assert.Null(imported[1].StaffAttitudeScore);
        Assert.Equal(2, imported.Select(s => s.ChangeSequence).Distinct().Count(s => s > lastSequence));
        Assert.All(imported, s => Assert.Equal((20264, PaperSurveys.SourceSystem), (s.SurveyedQuarter, s.SourceSystem)));
        Assert.All(imported, s => Assert.Equal(s.ContentHash, Refreshed(s).ContentHash));
        Assert.True(await db.RollupMarks.AnyAsync(m => m.UnitId == imported[0].UnitId && m.FromQuarter == 20264));

        var audit = await db.AuditEntries.Where(a => a.RecordType == "survey" && a.Source == "import: phieu-giay-tot.csv").ToListAsync();
        Assert.Equal(imported.Select(s => s.Id).Order(), audit.Select(a => a.RecordId).Order());
        var second = audit.Single(a => a.RecordId == imported[1].Id);
        Assert.Equal((AuditAction.Created, imported[1].UnitId), (second.Action, second.UnitId));
        Assert.StartsWith($"{StaffRoles.Officer}.", second.UserName, StringComparison.Ordinal);
        var fields = second.Changes.ToDictionary(c => c.Field, c => c.New);
        Assert.Equal("Phải đi lại hai lần", fields["comment"]);
        Assert.Equal(DemoData.NewHoangPhuCode, fields["unit_code"]);
        Assert.Equal("2", fields["access_score"]);
        Assert.DoesNotContain("staff_attitude_score", fields.Keys);
        Assert.All(second.Changes, c => Assert.Null(c.Old));
    }

    private static SatisfactionSurvey Refreshed(SatisfactionSurvey stored)
    {
        var copy = new SatisfactionSurvey
        {
            Key = stored.Key, UnitId = stored.UnitId, DossierCode = stored.DossierCode, SurveyedAt = stored.SurveyedAt, Channel = stored.Channel,
            AccessScore = stored.AccessScore, ProcedureScore = stored.ProcedureScore, StaffAttitudeScore = stored.StaffAttitudeScore,
            TimelinessScore = stored.TimelinessScore, ResultScore = stored.ResultScore, FeedbackHandlingScore = stored.FeedbackHandlingScore,
            Satisfied = stored.Satisfied, Comment = stored.Comment, SourceSystem = stored.SourceSystem, SourceVersion = stored.SourceVersion,
        };
        copy.RefreshDerived();
        return copy;
    }

    [Fact]
    public async Task TheSurveyListFiltersByChannelAndAnswerPagesByKeysetAndHidesOtherUnits()
    {
        using var leader = await server.SignedInAsync(StaffRoles.Leader, DemoData.DistrictCode);
        var dissatisfied = await leader.PageAsync("/surveys?satisfied=no&from=01/01/2024&to=31/12/2024");
        var rows = dissatisfied.QuerySelectorAll("table.records tbody tr").ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Contains("Không", r.QuerySelector("td:nth-child(5)")!.TextContent, StringComparison.Ordinal));

        var all = await leader.PageAsync("/surveys?from=01/01/2024&to=31/12/2024");
        var first = all.QuerySelectorAll("table.records tbody tr").Select(r => r.TextContent).ToList();
        var second = await leader.PageAsync(all.QuerySelector("a[rel=next]")!.GetAttribute("href")!);
        Assert.Equal(50, first.Count);
        Assert.NotEmpty(second.QuerySelectorAll("table.records tbody tr"));
        Assert.NotNull(second.QuerySelector("a[href='/surveys?from=01%2F01%2F2024&to=31%2F12%2F2024']"));
        Assert.Null(all.QuerySelector("a[href='/surveys/new']"));

        using var export = await leader.GetAsync("/surveys?handler=export&satisfied=no&from=01/01/2024&to=31/12/2024");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);

        using var commune = await server.SignedInAsync(StaffRoles.Officer, DemoData.HoangKimCode);
        using var outside = await commune.GetAsync($"/surveys?unit={DemoData.NewHoangPhuCode}");
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
    }

    private async Task<(int, int)> CountAsync()
    {
        await using var db = server.CreateContext();
        return (await db.Surveys.CountAsync(), await db.AuditEntries.CountAsync(a => a.RecordType == "survey"));
    }
}

public sealed class SqliteSurveyPagesFacts(SqliteGrpcServer server) : SurveyPagesFacts<SqliteGrpcServer>(server);

public sealed class PostgresSurveyPagesFacts(PostgresGrpcServer server) : SurveyPagesFacts<PostgresGrpcServer>(server);
