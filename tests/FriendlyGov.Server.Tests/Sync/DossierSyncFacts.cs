using FriendlyGov.Domain.Clients;
using FriendlyGov.Grpc.V1;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Tests.Sync;

/// <summary>DossierService over real gRPC on each provider: upsert rules, errors, scopes, lists and personal data.</summary>
public abstract class DossierSyncFacts<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GrpcServer
{
    private const string NewHoangPhu = "16999";
    private const string HoangKim = "15958";

    [Fact]
    public async Task ANewBatchIsAppliedAndReadBack()
    {
        var client = await DossiersAsync(ClientScopes.All);
        var records = Enumerable.Range(1, 3).Select(i => WireDossiers.New(NewHoangPhu, "11", i)).ToList();

        var response = await client.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { records } }, deadline: Soon());

        Assert.All(response.Results, r => Assert.Equal(UpsertOutcome.Applied, r.Outcome));
        Assert.Equal(3, response.Totals.AppliedCount);
        var stored = (await client.GetDossierAsync(new GetDossierRequest { Code = records[1].Code }, deadline: Soon())).Dossier;
        Assert.Equal(records[1].DueTime, stored.DueTime);
        Assert.Equal(NewHoangPhu, stored.UnitCode);
        Assert.Equal("1.001193", stored.ProcedureCode);
    }

    /// <summary>The derived columns the rollups compare with are stored by either write path (EF Core, and binary COPY on PostgreSQL).</summary>
    [Fact]
    public async Task SupplementRequestsRoundTripAndMoveTheEffectiveDeadline()
    {
        var client = await DossiersAsync(ClientScopes.All);
        var record = WireDossiers.New(NewHoangPhu, "19", 1);
        var received = record.ReceivedTime.ToDateTime();
        record.Supplements.Add(new Supplement { RequestedTime = Timestamp.FromDateTime(received.AddHours(1)), ResumedTime = Timestamp.FromDateTime(received.AddHours(30)) });
        record.Status = DossierStatus.Returned;
        record.FinishedTime = Timestamp.FromDateTime(received.AddHours(40));
        record.ReturnedTime = Timestamp.FromDateTime(received.AddHours(41));

        await client.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { record } }, deadline: Soon());

        var stored = (await client.GetDossierAsync(new GetDossierRequest { Code = record.Code }, deadline: Soon())).Dossier;
        Assert.Equal(record.Supplements, stored.Supplements);
        await using var db = server.CreateContext();
        var dossier = await db.Dossiers.SingleAsync(d => d.Code == record.Code);
        Assert.Equal(dossier.DueAt.AddHours(29), dossier.EffectiveDueAt);
        Assert.Equal(dossier.DueAt.AddHours(29), dossier.LateAt);
        Assert.Equal(Domain.Dossiers.Dossier.CurrentDerivedVersion, dossier.DerivedVersion);
        Assert.False(dossier.IsLate(DateTime.UtcNow), "finished within the due time plus the citizen's supplement time");
    }

    [Fact]
    public async Task ResendingIsUnchangedAnOlderVersionIsSkippedAndANewerOneApplied()
    {
        var client = await DossiersAsync(ClientScopes.All);
        var record = WireDossiers.New(NewHoangPhu, "12", 1, version: 5);
        await client.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { record } }, deadline: Soon());

        var again = await client.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { record } }, deadline: Soon());
        var older = record.Clone();
        older.SourceVersion = 4;
        older.Status = DossierStatus.Received;
        var stale = await client.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { older } }, deadline: Soon());
        var conflicting = record.Clone();
        conflicting.Digitised = !record.Digitised;
        var sameVersionOtherContent = await client.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { conflicting } }, deadline: Soon());
        var newer = record.Clone();
        newer.SourceVersion = 6;
        newer.Status = DossierStatus.Finished;
        newer.FinishedTime = Timestamp.FromDateTime(record.ReceivedTime.ToDateTime().AddHours(3));
        var applied = await client.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { newer } }, deadline: Soon());

        Assert.Equal(UpsertOutcome.Unchanged, Assert.Single(again.Results).Outcome);
        var skipped = Assert.Single(stale.Results);
        Assert.Equal(UpsertOutcome.SkippedStale, skipped.Outcome);
        Assert.Equal(5, skipped.StoredSourceVersion);
        Assert.Contains("newer", skipped.Reason, StringComparison.Ordinal);
        Assert.Equal(UpsertOutcome.SkippedStale, Assert.Single(sameVersionOtherContent.Results).Outcome);
        Assert.Equal(UpsertOutcome.Applied, Assert.Single(applied.Results).Outcome);
        var stored = (await client.GetDossierAsync(new GetDossierRequest { Code = record.Code }, deadline: Soon())).Dossier;
        Assert.Equal(6, stored.SourceVersion);
        Assert.Equal(DossierStatus.Finished, stored.Status);
    }

    [Fact]
    public async Task ABatchWithABrokenRuleWritesNothingAndNamesEachFieldPath()
    {
        var client = await DossiersAsync(ClientScopes.All);
        var good = WireDossiers.New(NewHoangPhu, "13", 1);
        var lateDue = WireDossiers.New(NewHoangPhu, "13", 2);
        lateDue.DueTime = Timestamp.FromDateTime(lateDue.ReceivedTime.ToDateTime().AddDays(-1));
        var badSupplement = WireDossiers.New(NewHoangPhu, "13", 3);
        badSupplement.Supplements.Add(new Supplement { RequestedTime = Timestamp.FromDateTime(badSupplement.ReceivedTime.ToDateTime().AddDays(-2)) });
        var unknownUnit = WireDossiers.New(NewHoangPhu, "13", 4);
        unknownUnit.UnitCode = "00000";

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { good, lateDue, badSupplement, unknownUnit } }, deadline: Soon()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var fields = error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).ToList();
        Assert.Contains("records[1].due_time", fields);
        Assert.Contains("records[2].supplements[0].requested_time", fields);
        Assert.Contains("records[3].unit_code", fields);
        Assert.DoesNotContain(fields, f => f.StartsWith("records[0]", StringComparison.Ordinal));
        await using var db = server.CreateContext();
        Assert.False(await db.Dossiers.AnyAsync(d => d.Code == good.Code));
    }

    [Fact]
    public async Task ValidateOnlyChecksAndWritesNothing()
    {
        var client = await DossiersAsync(ClientScopes.All);
        var record = WireDossiers.New(NewHoangPhu, "14", 1);

        var response = await client.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { record }, ValidateOnly = true }, deadline: Soon());

        Assert.Equal(UpsertOutcome.Applied, Assert.Single(response.Results).Outcome);
        await using var db = server.CreateContext();
        Assert.False(await db.Dossiers.AnyAsync(d => d.Code == record.Code));
    }

    [Fact]
    public async Task ABulkSyncStreamRejectsOnlyTheBatchWithABrokenRule()
    {
        var client = await DossiersAsync(ClientScopes.All);
        using var call = client.SyncDossiers(deadline: Soon(60));
        for (var batch = 0; batch < 3; batch++)
        {
            var request = new SyncDossiersRequest();
            request.Records.AddRange(Enumerable.Range(1, 400).Select(i => WireDossiers.New(NewHoangPhu, "2" + batch, i)));
            if (batch == 1)
            {
                request.Records[7].Status = DossierStatus.Unspecified;
            }

            await call.RequestStream.WriteAsync(request);
        }

        await call.RequestStream.CompleteAsync();
        var response = await call;

        Assert.Equal(3, response.BatchCount);
        Assert.Equal(800, response.Totals.AppliedCount);
        Assert.Equal(400, response.Totals.RejectedCount);
        var invalid = Assert.Single(response.Results, r => r.FieldViolations.Count > 0);
        Assert.Equal(1, invalid.BatchIndex);
        Assert.Equal("records[7].status", invalid.FieldViolations.Single().Field);
        await using var db = server.CreateContext();
        Assert.Equal(0, await db.Dossiers.CountAsync(d => d.Code.Contains(".H56-") && d.Code.StartsWith("000.21.")));
    }

    [Fact]
    public async Task CallsWithoutAValidKeyAreUnauthenticated()
    {
        var noKey = new DossierService.DossierServiceClient(server.ChannelWithKey(null));
        var wrongKey = new DossierService.DossierServiceClient(server.ChannelWithKey(ApiClient.KeyPrefix + "not-a-key"));

        var missing = await Assert.ThrowsAsync<RpcException>(() => noKey.GetDossierAsync(new GetDossierRequest { Code = "x" }, deadline: Soon()).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => wrongKey.GetDossierAsync(new GetDossierRequest { Code = "x" }, deadline: Soon()).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, missing.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, unknown.StatusCode);
    }

    [Fact]
    public async Task ARevokedKeyStopsWorking()
    {
        var channel = await server.ChannelForAsync(NewHoangPhu, ClientScopes.DossiersRead, "revoked-client");
        await using (var db = server.CreateContext())
        {
            var client = await db.ApiClients.SingleAsync(c => c.Name == "revoked-client");
            client.RevokedAt = DateTime.UtcNow;
            await db.SaveChangesAsync();
        }

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            new DossierService.DossierServiceClient(channel).ListDossiersAsync(new ListDossiersRequest(), deadline: Soon()).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task WritingNeedsTheWriteScopeAndAUnitInsideTheSubtree()
    {
        var readOnly = new DossierService.DossierServiceClient(await server.ChannelForAsync(NewHoangPhu, ClientScopes.DossiersRead));
        var commune = new DossierService.DossierServiceClient(await server.ChannelForAsync(HoangKim, ClientScopes.All));

        var noScope = await Assert.ThrowsAsync<RpcException>(() =>
            readOnly.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { WireDossiers.New(NewHoangPhu, "15", 1) } }, deadline: Soon()).ResponseAsync);
        var outside = await Assert.ThrowsAsync<RpcException>(() =>
            commune.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { WireDossiers.New(NewHoangPhu, "15", 2) } }, deadline: Soon()).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, noScope.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, outside.StatusCode);
    }

    [Fact]
    public async Task ReadsNeverRevealRecordsOutsideTheSubtree()
    {
        var province = await DossiersAsync(ClientScopes.All);
        var record = WireDossiers.New(NewHoangPhu, "16", 1);
        await province.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { record } }, deadline: Soon());
        var commune = new DossierService.DossierServiceClient(await server.ChannelForAsync(HoangKim, ClientScopes.DossiersRead));

        var get = await Assert.ThrowsAsync<RpcException>(() => commune.GetDossierAsync(new GetDossierRequest { Code = record.Code }, deadline: Soon()).ResponseAsync);
        var list = await Assert.ThrowsAsync<RpcException>(() => commune.ListDossiersAsync(new ListDossiersRequest { UnitCode = NewHoangPhu }, deadline: Soon()).ResponseAsync);
        var own = await commune.ListDossiersAsync(new ListDossiersRequest { PageSize = 1000 }, deadline: Soon());

        Assert.Equal(StatusCode.NotFound, get.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, list.StatusCode);
        Assert.All(own.Dossiers, d => Assert.Equal(HoangKim, d.UnitCode));
    }

    [Fact]
    public async Task PagesCoverAFilteredListExactlyOnce()
    {
        var client = await DossiersAsync(ClientScopes.DossiersRead);
        var request = new ListDossiersRequest { UnitCode = HoangKim, Period = new Period { Year = 2023 }, PageSize = 100 };
        var codes = new List<string>();
        do
        {
            var page = await client.ListDossiersAsync(request, deadline: Soon());
            codes.AddRange(page.Dossiers.Select(d => d.Code));
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        Assert.Equal(779, codes.Count);
        Assert.Equal(779, codes.Distinct().Count());
    }

    [Fact]
    public async Task APageTokenSentWithOtherFiltersIsRefused()
    {
        var client = await DossiersAsync(ClientScopes.DossiersRead);
        var first = await client.ListDossiersAsync(new ListDossiersRequest { UnitCode = HoangKim, PageSize = 10 }, deadline: Soon());

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.ListDossiersAsync(new ListDossiersRequest { UnitCode = HoangKim, PageSize = 10, PageToken = first.NextPageToken, Statuses = { DossierStatus.Returned } }, deadline: Soon()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("page_token", error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field);
    }

    [Fact]
    public async Task PersonalDataIsMaskedWithoutTheScopeAndEveryUnmaskedReadIsAudited()
    {
        var writer = await DossiersAsync(ClientScopes.All, "personal-reader");
        var record = WireDossiers.New(NewHoangPhu, "17", 1);
        record.Applicant = new Applicant { Name = "Lê Thị Hoa", IdNumber = "038123456789", Phone = "0912345678" };
        await writer.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { record } }, deadline: Soon());
        var masked = new DossierService.DossierServiceClient(await server.ChannelForAsync(NewHoangPhu, ClientScopes.DossiersRead | ClientScopes.DossiersWrite));

        var full = (await writer.GetDossierAsync(new GetDossierRequest { Code = record.Code }, deadline: Soon())).Dossier.Applicant;
        var hidden = (await masked.GetDossierAsync(new GetDossierRequest { Code = record.Code }, deadline: Soon())).Dossier.Applicant;
        var write = await Assert.ThrowsAsync<RpcException>(() => masked.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { record } }, deadline: Soon()).ResponseAsync);

        Assert.Equal("038123456789", full.IdNumber);
        Assert.False(full.Masked);
        Assert.True(hidden.Masked);
        Assert.Equal("*********789", hidden.IdNumber);
        Assert.DoesNotContain("Hoa", hidden.Name, StringComparison.Ordinal);
        Assert.Equal(StatusCode.PermissionDenied, write.StatusCode);
        await using var db = server.CreateContext();
        var reader = await db.ApiClients.SingleAsync(c => c.Name == "personal-reader");
        Assert.Contains(await db.PersonalDataAccesses.Where(a => a.ClientId == reader.Id).ToListAsync(),
            a => a.RecordKey == record.Code && a.Method.EndsWith("GetDossier", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnUnsetApplicantKeepsTheStoredOne()
    {
        var client = await DossiersAsync(ClientScopes.All);
        var record = WireDossiers.New(NewHoangPhu, "18", 1, version: 1);
        record.Applicant = new Applicant { Name = "Trần Văn An", IdNumber = "038000000001" };
        await client.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { record } }, deadline: Soon());
        var next = record.Clone();
        next.Applicant = null;
        next.SourceVersion = 2;
        await client.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { next } }, deadline: Soon());

        var stored = (await client.GetDossierAsync(new GetDossierRequest { Code = record.Code }, deadline: Soon())).Dossier;
        Assert.Equal(2, stored.SourceVersion);
        Assert.Equal("038000000001", stored.Applicant.IdNumber);
    }

    [Fact]
    public async Task AnExpiredDeadlineIsReported()
    {
        var client = await DossiersAsync(ClientScopes.DossiersRead);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.ListDossiersAsync(new ListDossiersRequest { PageSize = 1000 }, deadline: DateTime.UtcNow.AddMilliseconds(-1)).ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    private async Task<DossierService.DossierServiceClient> DossiersAsync(ClientScopes scopes, string? name = null) =>
        new(await server.ChannelForAsync("38", scopes, name));

    private static DateTime Soon(int seconds = 30) => DateTime.UtcNow.AddSeconds(seconds);
}

public sealed class DossierSyncFactsOnSqlite(SqliteGrpcServer server) : DossierSyncFacts<SqliteGrpcServer>(server);

public sealed class DossierSyncFactsOnPostgres(PostgresGrpcServer server) : DossierSyncFacts<PostgresGrpcServer>(server);

/// <summary>Valid wire dossiers for tests: each (agency, sequence) gives its own code.</summary>
public static class WireDossiers
{
    public static Dossier New(string unitCode, string agency, int sequence, long version = 1, DateTime? received = null)
    {
        var receivedAt = received ?? new DateTime(2026, 3, 2, 2, 0, 0, DateTimeKind.Utc).AddMinutes(sequence % 480);
        return new Dossier
        {
            Code = $"000.{agency}.{unitCode}.H56-{receivedAt.AddHours(7):yyMMdd}-{sequence:000000}",
            UnitCode = unitCode,
            ProcedureCode = "1.001193",
            Channel = DossierChannel.Online,
            OnlineLevel = OnlineLevel.FullyOnline,
            InterAgency = sequence % 3 == 0,
            ReceivedTime = Timestamp.FromDateTime(receivedAt),
            DueTime = Timestamp.FromDateTime(receivedAt.AddDays(1)),
            Status = DossierStatus.InProgress,
            Digitised = true,
            SourceSystem = "PORTAL",
            SourceVersion = version,
        };
    }
}
