using System.Net;
using FriendlyGov.Data.Demo;
using FriendlyGov.Data.Staff;
using FriendlyGov.Domain.Clients;
using FriendlyGov.Grpc.V1;
using FriendlyGov.Server.Tests.Sync;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Tests.Admin;

/// <summary>/admin/personal-data-log: the reads of a commune's dossiers by a client and by an officer, seen by that commune's admin only.</summary>
public abstract class PersonalDataLogFacts<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GrpcServer
{
    [Fact]
    public async Task AnAdminSeesWhoReadTheirSubtreesPersonalDataAndNobodyElseDoes()
    {
        await using var db = server.CreateContext();
        var code = await db.Dossiers.AsNoTracking().Where(d => d.Unit!.Code == DemoData.HoangKimCode && d.Applicant.Name != null)
            .OrderBy(d => d.Id).Select(d => d.Code).FirstAsync();
        var clientName = "cong-" + Guid.NewGuid().ToString("N")[..10];
        var dossiers = new DossierService.DossierServiceClient(await server.ChannelForAsync(DemoData.HoangKimCode, ClientScopes.DossiersRead | ClientScopes.PersonalData, clientName));
        await dossiers.GetDossierAsync(new GetDossierRequest { Code = code }, deadline: DateTime.UtcNow.AddSeconds(30));
        var (officerName, password) = await server.AddUserAsync(StaffRoles.Officer, DemoData.HoangKimCode);
        using (var officer = server.Anonymous())
        {
            await officer.LogInAsync(officerName, password);
            await officer.PageAsync($"/dossiers/{code}?personal=show");
        }

        using var admin = await server.SignedInAsync(StaffRoles.Admin, DemoData.HoangKimCode);
        var page = await admin.PageAsync($"/admin/personal-data-log?record={code}");
        var readers = page.QuerySelectorAll("td.who-read").Select(td => td.TextContent.Trim()).ToList();
        Assert.Contains(officerName, readers);
        Assert.Contains($"Hệ thống {clientName}", readers);
        var byOfficer = await admin.PageAsync($"/admin/personal-data-log?record={code}&who={officerName}");
        Assert.Single(byOfficer.QuerySelectorAll("td.who-read"));

        using var export = await admin.GetAsync($"/admin/personal-data-log?handler=export&record={code}");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export.Content.Headers.ContentType!.MediaType);

        using var other = await server.SignedInAsync(StaffRoles.Admin, DemoData.NewHoangGiangCode);
        Assert.Empty((await other.PageAsync($"/admin/personal-data-log?record={code}")).QuerySelectorAll("td.who-read"));
        await other.PageAsync($"/admin/personal-data-log?unit={DemoData.HoangKimCode}", HttpStatusCode.NotFound);
        using var leader = await server.SignedInAsync(StaffRoles.Leader, DemoData.HoangKimCode);
        using var denied = await leader.GetAsync("/admin/personal-data-log");
        Assert.StartsWith("/denied", denied.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}

public sealed class SqlitePersonalDataLogFacts(SqliteAdminServer server) : PersonalDataLogFacts<SqliteAdminServer>(server);

public sealed class PostgresPersonalDataLogFacts(PostgresAdminServer server) : PersonalDataLogFacts<PostgresAdminServer>(server);
