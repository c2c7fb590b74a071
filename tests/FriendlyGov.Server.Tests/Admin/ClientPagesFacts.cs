using System.Net;
using FriendlyGov.Data.Demo;
using FriendlyGov.Data.Staff;
using FriendlyGov.Grpc.V1;
using FriendlyGov.Server.Tests.Sync;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Tests.Admin;

/// <summary>/admin/clients: a key shown once that works over gRPC, its last use, its revocation, and the subtree limit.</summary>
public abstract class ClientPagesFacts<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GrpcServer
{
    [Fact]
    public async Task AClientAddedOnThePageCallsWithItsKeyShowsItsLastUseAndStopsWhenRevoked()
    {
        using var admin = await server.SignedInAsync(StaffRoles.Admin, DemoData.DistrictCode);
        var page = await admin.PageAsync("/admin/clients");
        var name = $"cong-tinh-{Guid.NewGuid():N}"[..20];
        using var response = await admin.PostFormAsync("/admin/clients", page, new() { ["Form.Name"] = name, ["Form.UnitCode"] = DemoData.HoangKimCode, ["Form.Scopes"] = "indicators:read" });
        var answer = AdminSite.Parse(await response.Content.ReadAsStringAsync());
        var key = answer.QuerySelector(".shown-once code.key")!.TextContent;
        Assert.StartsWith("fgk_", key, StringComparison.Ordinal);
        Assert.Equal("—", answer.QuerySelector($"tr[data-client='{name}'] td.last-used")!.TextContent.Trim());

        var references = new ReferenceService.ReferenceServiceClient(server.ChannelWithKey(key));
        await references.ListUnitsAsync(new ListUnitsRequest(), deadline: DateTime.UtcNow.AddSeconds(30));
        var listed = await admin.PageAsync("/admin/clients");
        Assert.Null(listed.QuerySelector(".shown-once"));
        Assert.Matches(@"\d\d/\d\d/\d{4} \d\d:\d\d", listed.QuerySelector($"tr[data-client='{name}'] td.last-used")!.TextContent);

        var id = listed.QuerySelector($"tr[data-client='{name}'] input[name=id]")!.GetAttribute("value")!;
        using (var revoked = await admin.PostFormAsync("/admin/clients?handler=Revoke", listed, new() { ["id"] = id }))
        {
            Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        }

        var refused = await Assert.ThrowsAsync<RpcException>(() => references.ListUnitsAsync(new ListUnitsRequest(), deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        await using var db = server.CreateContext();
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.RecordType == "api_client" && a.RecordId == int.Parse(id, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task ACommuneAdminNeitherSeesNorRevokesNorCreatesClientsOutsideTheirSubtree()
    {
        var provinceKey = await server.KeyForAsync(DemoData.ProvinceCode, Domain.Clients.ClientScopes.IndicatorsRead, "tinh-" + Guid.NewGuid().ToString("N")[..8]);
        await using var db = server.CreateContext();
        var provinceClient = await db.ApiClients.AsNoTracking().SingleAsync(c => c.KeyHash == Domain.Clients.ApiClient.HashKey(provinceKey));

        using var admin = await server.SignedInAsync(StaffRoles.Admin, DemoData.HoangKimCode);
        var page = await admin.PageAsync("/admin/clients");
        Assert.Null(page.QuerySelector($"tr[data-client='{provinceClient.Name}']"));
        using (var revoke = await admin.PostFormAsync("/admin/clients?handler=Revoke", page, new() { ["id"] = provinceClient.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
        {
            Assert.Equal(HttpStatusCode.NotFound, revoke.StatusCode);
        }

        var count = await db.ApiClients.CountAsync();
        using var refused = await admin.PostFormAsync("/admin/clients", page, new() { ["Form.Name"] = "ngoai-pham-vi", ["Form.UnitCode"] = DemoData.ProvinceCode });
        var answer = AdminSite.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Contains("trong phạm vi của bạn", answer.QuerySelector("#Form_UnitCode-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Chọn ít nhất một quyền", answer.QuerySelector("#Form_Scopes-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(count, await db.ApiClients.CountAsync());
        Assert.Null(await db.ApiClients.AsNoTracking().Where(c => c.Id == provinceClient.Id).Select(c => c.RevokedAt).SingleAsync());
    }
}

public sealed class SqliteClientPagesFacts(SqliteAdminServer server) : ClientPagesFacts<SqliteAdminServer>(server);

public sealed class PostgresClientPagesFacts(PostgresAdminServer server) : ClientPagesFacts<PostgresAdminServer>(server);
