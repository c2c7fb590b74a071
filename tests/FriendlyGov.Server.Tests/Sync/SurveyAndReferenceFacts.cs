using FriendlyGov.Domain.Clients;
using FriendlyGov.Grpc.V1;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Tests.Sync;

/// <summary>SurveyService, ReferenceService, health checking and reflection over real gRPC on each provider.</summary>
public abstract class SurveyAndReferenceFacts<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GrpcServer
{
    protected const string NewHoangPhu = "16999";
    private const string NewHoangGiang = "16998";

    protected TServer Server => server;

    [Fact]
    public async Task ASurveyTiedToADossierIsUpsertedIdempotentlyAndReadBack()
    {
        var channel = await server.ChannelForAsync("38", ClientScopes.All);
        var dossiers = new DossierService.DossierServiceClient(channel);
        var surveys = new SurveyService.SurveyServiceClient(channel);
        var dossier = WireDossiers.New(NewHoangPhu, "51", 1);
        await dossiers.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { dossier } }, deadline: Soon());
        var survey = NewSurvey("KS-1", dossier.Code);

        var first = await surveys.UpsertSurveysAsync(new UpsertSurveysRequest { Records = { survey } }, deadline: Soon());
        var again = await surveys.UpsertSurveysAsync(new UpsertSurveysRequest { Records = { survey } }, deadline: Soon());
        var stored = (await surveys.GetSurveyAsync(new GetSurveyRequest { SourceSystem = "PORTAL", Key = "KS-1" }, deadline: Soon())).Survey;
        var listed = await surveys.ListSurveysAsync(new ListSurveysRequest { DossierCode = dossier.Code }, deadline: Soon());

        Assert.Equal(UpsertOutcome.Applied, Assert.Single(first.Results).Outcome);
        Assert.Equal(("PORTAL", "KS-1"), (first.Results[0].SourceSystem, first.Results[0].Code));
        Assert.Equal(UpsertOutcome.Unchanged, Assert.Single(again.Results).Outcome);
        Assert.Equal(dossier.Code, stored.DossierCode);
        Assert.Equal(await StoredDossierIdAsync(dossier.Code), await LinkedDossierIdAsync("KS-1"));
        Assert.Equal(5, stored.Scores.StaffAttitude);
        Assert.False(stored.Scores.HasFeedbackHandling);
        Assert.Equal("KS-1", Assert.Single(listed.Surveys).Key);
    }

    [Fact]
    public async Task ASurveyWithAnOutOfRangeScoreIsRefusedWithItsFieldPathButADossierNotYetStoredIsNoViolation()
    {
        var surveys = new SurveyService.SurveyServiceClient(await server.ChannelForAsync("38", ClientScopes.All));
        var badScore = NewSurvey("KS-2", null);
        badScore.Scores.Timeliness = 9;
        var unknownDossier = NewSurvey("KS-3", "000.00.16999.H56-260302-9999");

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            surveys.UpsertSurveysAsync(new UpsertSurveysRequest { Records = { badScore, unknownDossier } }, deadline: Soon()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var fields = error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).ToList();
        Assert.Equal(["records[0].scores.timeliness"], fields);
    }

    [Fact]
    public async Task ASurveySyncedBeforeItsDossierIsAcceptedAndLinkedWhenTheDossierArrives()
    {
        var channel = await server.ChannelForAsync("38", ClientScopes.All);
        var dossiers = new DossierService.DossierServiceClient(channel);
        var surveys = new SurveyService.SurveyServiceClient(channel);
        var dossier = WireDossiers.New(NewHoangPhu, "52", 1);
        var survey = NewSurvey("KS-EARLY", dossier.Code);

        var early = await surveys.UpsertSurveysAsync(new UpsertSurveysRequest { Records = { survey } }, deadline: Soon());
        var linkedBefore = await LinkedDossierIdAsync("KS-EARLY");
        await dossiers.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { dossier } }, deadline: Soon());
        var again = await surveys.UpsertSurveysAsync(new UpsertSurveysRequest { Records = { survey } }, deadline: Soon());
        var stored = (await surveys.GetSurveyAsync(new GetSurveyRequest { SourceSystem = "PORTAL", Key = "KS-EARLY" }, deadline: Soon())).Survey;
        var listed = await surveys.ListSurveysAsync(new ListSurveysRequest { DossierCode = dossier.Code }, deadline: Soon());

        Assert.Equal(UpsertOutcome.Applied, Assert.Single(early.Results).Outcome);
        Assert.Null(linkedBefore);
        Assert.Equal(await StoredDossierIdAsync(dossier.Code), await LinkedDossierIdAsync("KS-EARLY"));
        Assert.Equal(UpsertOutcome.Unchanged, Assert.Single(again.Results).Outcome);
        Assert.Equal(dossier.Code, stored.DossierCode);
        Assert.Equal("KS-EARLY", Assert.Single(listed.Surveys).Key);
    }

    /// <summary>
    /// Surveys and the dossiers they name sent at the same moment by two clients, round after round:
    /// whichever batch commits second links them, so every survey ends linked to its dossier.
    /// </summary>
    [Fact]
    public async Task SurveysAndTheirDossiersSentAtTheSameMomentEndLinked()
    {
        var dossiers = new DossierService.DossierServiceClient(await server.ChannelForAsync("38", ClientScopes.All));
        var surveys = new SurveyService.SurveyServiceClient(await server.ChannelForAsync("38", ClientScopes.All));
        for (var round = 0; round < 10; round++)
        {
            var batch = Enumerable.Range(1, 20).Select(i => WireDossiers.New(NewHoangPhu, "56", (round * 100) + i)).ToList();
            var forms = batch.Select((d, i) => NewSurvey($"KS-RACE-{round}-{i}", d.Code)).ToList();
            var start = new TaskCompletionSource();
            var writes = new[]
            {
                Task.Run(async () => { await start.Task; await dossiers.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { batch } }, deadline: Soon()); }),
                Task.Run(async () => { await start.Task; await surveys.UpsertSurveysAsync(new UpsertSurveysRequest { Records = { forms } }, deadline: Soon()); }),
            };
            start.SetResult();
            await Task.WhenAll(writes);

            await using var db = server.CreateContext();
            var keys = forms.Select(f => f.Key).ToList();
            var links = await db.Surveys.Where(s => s.SourceSystem == "PORTAL" && keys.Contains(s.Key)).Select(s => new { s.DossierCode, s.DossierId }).ToListAsync();
            var codes = batch.Select(d => d.Code).ToList();
            var ids = await db.Dossiers.Where(d => codes.Contains(d.Code)).ToDictionaryAsync(d => d.Code, d => (long?)d.Id);
            Assert.Equal(20, links.Count);
            Assert.All(links, link => Assert.Equal(ids[link.DossierCode!], link.DossierId));
        }
    }

    [Fact]
    public async Task ASyncStreamNamesEachSurveyBySourceSystemAndKeyInItsResults()
    {
        var surveys = new SurveyService.SurveyServiceClient(await server.ChannelForAsync("38", ClientScopes.All));
        var broken = NewSurvey("KS-SYNC-2", null);
        broken.SourceSystem = "KIOSK";
        broken.Scores.Result = 0;

        using var sync = surveys.SyncSurveys(deadline: Soon());
        await sync.RequestStream.WriteAsync(new SyncSurveysRequest { Records = { NewSurvey("KS-SYNC-1", "000.54.16999.H56-260302-000001") } });
        await sync.RequestStream.WriteAsync(new SyncSurveysRequest { Records = { NewSurvey("KS-SYNC-2", null), broken } });
        await sync.RequestStream.CompleteAsync();
        var response = await sync.ResponseAsync;

        Assert.Equal((1, 2), (response.Totals.AppliedCount, response.Totals.RejectedCount));
        Assert.Equal([("PORTAL", "KS-SYNC-2", 1), ("KIOSK", "KS-SYNC-2", 1)], response.Results.Select(r => (r.SourceSystem, r.Code, r.BatchIndex)));
    }

    [Fact]
    public async Task ASurveyIsNeverLinkedToADossierOutsideTheSubtreeOfTheClientThatSentIt()
    {
        var province = await server.ChannelForAsync("38", ClientScopes.All);
        var hoangGiang = new SurveyService.SurveyServiceClient(await server.ChannelForAsync(NewHoangGiang, ClientScopes.All));
        var stored = WireDossiers.New(NewHoangPhu, "53", 1);
        var later = WireDossiers.New(NewHoangPhu, "53", 2);
        await new DossierService.DossierServiceClient(province).UpsertDossiersAsync(new UpsertDossiersRequest { Records = { stored } }, deadline: Soon());

        // Hoằng Giang's client names two of Hoằng Phú's dossiers: one stored already, one that arrives after the survey.
        var sent = await hoangGiang.UpsertSurveysAsync(new UpsertSurveysRequest { Records = { NewSurvey("KS-OTHER-1", stored.Code, NewHoangGiang), NewSurvey("KS-OTHER-2", later.Code, NewHoangGiang) } }, deadline: Soon());
        await new DossierService.DossierServiceClient(province).UpsertDossiersAsync(new UpsertDossiersRequest { Records = { later } }, deadline: Soon());

        Assert.All(sent.Results, r => Assert.Equal(UpsertOutcome.Applied, r.Outcome));
        Assert.Null(await LinkedDossierIdAsync("KS-OTHER-1"));
        Assert.Null(await LinkedDossierIdAsync("KS-OTHER-2"));
    }

    [Fact]
    public async Task UnitsComeInTreeOrderWithTheirSuccessors()
    {
        var reference = new ReferenceService.ReferenceServiceClient(await server.ChannelForAsync("38", ClientScopes.DossiersRead));

        var current = await reference.ListUnitsAsync(new ListUnitsRequest { PageSize = 1000 }, deadline: Soon());
        var all = await reference.ListUnitsAsync(new ListUnitsRequest { PageSize = 1000, IncludeExpired = true }, deadline: Soon());

        Assert.Equal("38", current.Units[0].Code);
        Assert.DoesNotContain(current.Units, u => u.Code == "15958");
        var hoangKim = Assert.Single(all.Units, u => u.Code == "15958");
        Assert.Equal([NewHoangPhu], hoangKim.SuccessorCodes);
        Assert.Equal(new Date { Year = 2025, Month = 7, Day = 1 }, hoangKim.ValidTo);
        Assert.Equal("388", hoangKim.ParentCode);
    }

    [Fact]
    public async Task ProceduresArePagedWithTheirNationalCodesAndLevels()
    {
        var reference = new ReferenceService.ReferenceServiceClient(await server.ChannelForAsync("38", ClientScopes.DossiersRead));
        var request = new ListProceduresRequest { PageSize = 3 };
        var procedures = new List<Procedure>();
        do
        {
            var page = await reference.ListProceduresAsync(request, deadline: Soon());
            procedures.AddRange(page.Procedures);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        var codes = procedures.Select(p => p.Code).ToList();
        Assert.Contains("1.001193", codes);
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.True(codes.Count >= 8);
        Assert.Equal([UnitLevel.Commune], procedures.Single(p => p.Code == "1.001193").Levels);
        Assert.Equal([UnitLevel.District, UnitLevel.Commune], procedures.Single(p => p.Code == "2.000815").Levels);
    }

    [Fact]
    public async Task HealthCheckingAndReflectionAnswerWithoutAKey()
    {
        var channel = server.ChannelWithKey(null);

        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: Soon());
        using var reflection = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo(deadline: Soon());
        await reflection.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await reflection.RequestStream.CompleteAsync();
        Assert.True(await reflection.ResponseStream.MoveNext(CancellationToken.None));
        var services = reflection.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.Contains("friendlygov.v1.DossierService", services);
        Assert.Contains("friendlygov.v1.ChangeFeedService", services);
    }

    protected async Task<long?> LinkedDossierIdAsync(string key)
    {
        await using var db = server.CreateContext();
        return await db.Surveys.Where(s => s.SourceSystem == "PORTAL" && s.Key == key).Select(s => s.DossierId).SingleAsync();
    }

    private async Task<long> StoredDossierIdAsync(string code)
    {
        await using var db = server.CreateContext();
        return await db.Dossiers.Where(d => d.Code == code).Select(d => d.Id).SingleAsync();
    }

    protected static Survey NewSurvey(string key, string? dossierCode, string unitCode = NewHoangPhu) => new()
    {
        SourceSystem = "PORTAL",
        Key = key,
        UnitCode = unitCode,
        DossierCode = dossierCode ?? "",
        SurveyedTime = Timestamp.FromDateTime(new DateTime(2026, 3, 3, 3, 0, 0, DateTimeKind.Utc)),
        Channel = SurveyChannel.Online,
        Scores = new SurveyScores { Access = 5, Procedure = 4, StaffAttitude = 5, Timeliness = 4, Result = 5 },
        Satisfied = true,
        SourceVersion = 1,
    };

    protected static DateTime Soon() => DateTime.UtcNow.AddSeconds(30);
}

public sealed class SurveyAndReferenceFactsOnSqlite(SqliteGrpcServer server) : SurveyAndReferenceFacts<SqliteGrpcServer>(server);

public sealed class SurveyAndReferenceFactsOnPostgres(PostgresGrpcServer server) : SurveyAndReferenceFacts<PostgresGrpcServer>(server)
{
    /// <summary>
    /// The race the link lock closes, made to happen: a dossier writer has stored the dossier and linked
    /// what it saw (nothing) but not committed, when a survey naming the dossier arrives. The survey's
    /// batch waits for the dossier writer (PostgreSQL shows it waiting), then links the survey to the
    /// dossier it now sees committed.
    /// </summary>
    [Fact]
    public async Task ASurveyArrivingWhileItsDossierIsBeingWrittenWaitsForItAndIsLinked()
    {
        await using var writer = Server.CreateContext();
        await using var transaction = await writer.Database.BeginTransactionAsync();
        await FriendlyGov.Server.Surveys.SurveyLinks.HoldForDossiersAsync(writer, CancellationToken.None);
        var procedure = await writer.Procedures.SingleAsync(p => p.Code == "1.001193");
        var received = new DateTime(2026, 3, 2, 2, 0, 0, DateTimeKind.Utc);
        var dossier = new FriendlyGov.Domain.Dossiers.Dossier
        {
            Code = "000.57.16999.H56-260302-000001",
            UnitId = (await writer.Units.SingleAsync(u => u.Code == NewHoangPhu)).Id,
            ProcedureId = procedure.Id,
            Channel = FriendlyGov.Domain.Dossiers.DossierChannel.Online,
            OnlineLevel = FriendlyGov.Domain.Dossiers.OnlineLevel.FullyOnline,
            ReceivedAt = received,
            DueAt = received.AddDays(1),
            Status = FriendlyGov.Domain.Dossiers.DossierStatus.InProgress,
            SourceSystem = "PORTAL",
            SourceVersion = 1,
            UpdatedAt = received,
        };
        writer.Dossiers.Add(dossier);
        await writer.SaveChangesAsync();
        await FriendlyGov.Server.Surveys.SurveyLinks.LinkAsync(writer, [dossier.Code], CancellationToken.None);

        var surveys = new SurveyService.SurveyServiceClient(await Server.ChannelForAsync("38", ClientScopes.All));
        var survey = surveys.UpsertSurveysAsync(new UpsertSurveysRequest { Records = { NewSurvey("KS-WAITS", dossier.Code) } }, deadline: Soon()).ResponseAsync;
        await using (var observer = Server.CreateContext())
        {
            // Until PostgreSQL shows the survey's batch waiting for the link lock; it must not end before.
            while (await observer.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM pg_locks WHERE locktype = 'advisory' AND classid = {FriendlyGov.Data.ChangeFeedSequence.AdvisoryLockSpace} AND objid = 2 AND NOT granted").SingleAsync() == 0)
            {
                Assert.False(survey.IsCompleted, "the survey's batch ended without waiting for the dossier writer");
                await Task.Delay(20);
            }
        }

        await transaction.CommitAsync();

        Assert.Equal(UpsertOutcome.Applied, Assert.Single((await survey).Results).Outcome);
        Assert.Equal(dossier.Id, await LinkedDossierIdAsync("KS-WAITS"));
    }
}
