using System.Globalization;
using FriendlyGov.Data;
using FriendlyGov.Data.Demo;
using FriendlyGov.Domain.Clients;
using FriendlyGov.Grpc.V1;
using FriendlyGov.Server.Indicators;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ChangeFeedService = FriendlyGov.Grpc.V1.ChangeFeedService;
using ClientAuthInterceptor = FriendlyGov.Server.Sync.ClientAuthInterceptor;
using DomainPeriod = FriendlyGov.Domain.Period;
using IndicatorService = FriendlyGov.Grpc.V1.IndicatorService;

namespace FriendlyGov.Server.Tests.Sync;

/// <summary>
/// Who may do what, over real gRPC on each provider: every method × the keys of commune A, of its
/// sibling commune B, of their district, a revoked key, a garbage key, no key, a key of A lacking
/// the method's scope and one lacking personal_data. Every method is aimed at B's records; each
/// cell's status is checked, nothing of B may reach the keys that do not see B, and a write that
/// is refused leaves B's rows as they were, byte for byte. Every failing cell is reported at once.
/// </summary>
public abstract class AuthorizationMatrixFacts<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GrpcServer
{
    private const string CommuneA = DemoData.HoangKimCode;
    private const string CommuneB = "15955";
    private const string District = DemoData.DistrictCode;
    private const string Indicator = "dossiers.on_time_share";
    private static readonly DateTime RecordsTime = new(2024, 12, 2, 2, 0, 0, DateTimeKind.Utc);
    private static readonly Period Quarter = new() { Year = 2024, Quarter = 4 };
    private static int _records;

    private enum Key { CommuneA, CommuneB, District, Revoked, Garbage, NoKey, ALackingScope, AWithoutPersonalData }

    [Fact]
    public async Task EveryMethodAnswersEachKeyAsItsScopeAndSubtreeAllowAndNothingOfBReachesA()
    {
        var keys = await KeysAsync();
        var failures = new List<string>();
        var feedStart = FriendlyGov.Server.Sync.ChangeFeedService.ResumeToken(await LastSequenceAsync());
        var readTarget = await SeedBAsync(keys);
        var bRollup = (await new IndicatorService.IndicatorServiceClient(keys.Channel(Key.CommuneB))
            .StartRollupAsync(new StartRollupRequest { UnitCode = CommuneB, Period = Quarter }, deadline: Soon())).RollupId;
        await using (var db = server.CreateContext())
        {
            var b = await db.Units.SingleAsync(u => u.Code == CommuneB);
            await new RollupService(db, TimeProvider.System).FullAsync(b.Id, new DomainPeriod(2024, 4), null, CancellationToken.None);
        }

        foreach (var row in ReadRows(readTarget, feedStart, bRollup))
        {
            foreach (var key in System.Enum.GetValues<Key>())
            {
                var channel = await keys.ForAsync(key, row.Needs);
                var (request, answer) = await row.Call(channel);
                var cell = $"{row.Name} × {key}";
                Expect(failures, cell, row.Expected(key), answer);
                if (!SeesB(key))
                {
                    ExpectNoLeak(failures, cell, readTarget, request, answer);
                }
                else if (row.Shows is { } shown && answer.Status == StatusCode.OK && !answer.Text.Contains(shown, StringComparison.Ordinal))
                {
                    failures.Add($"{cell}: the answer does not show B's record {shown}");
                }
            }
        }

        var sameAnswers = new Dictionary<(string Record, Key Key), List<(string Row, Answer Answer)>>();
        foreach (var row in WriteRows())
        {
            foreach (var key in System.Enum.GetValues<Key>())
            {
                var target = await SeedBAsync(keys);
                var before = await RowsAsync(target);
                var channel = await keys.ForAsync(key, row.Needs);
                var (request, answer) = await row.Call(channel, target);
                var cell = $"{row.Name} × {key}";
                var expected = row.Expected(key);
                Expect(failures, cell, expected, answer);
                if (!SeesB(key))
                {
                    ExpectNoLeak(failures, cell, target, request, answer);
                }

                if (key == Key.CommuneA && row.TellsA is { } told && !told.All(t => answer.Text.Contains(t, StringComparison.Ordinal)))
                {
                    failures.Add($"{cell}: the answer does not name the refused key with its reason ({string.Join(", ", told)}): {answer.Text}");
                }

                var after = await RowsAsync(target);
                var moves = expected == "OK:Applied" && !row.ValidateOnly;
                if (!moves && after != before)
                {
                    failures.Add($"{cell}: B's rows changed\n    before {before}\n    after  {after}");
                }
                else if (moves && await UnitOfAsync(target, row.OfDossiers) != CommuneA)
                {
                    failures.Add($"{cell}: the district's write did not move B's records to A");
                }

                if (await NewRecordsOfAAsync(target) != (moves && row.WithNewRecordOfA ? 1 : 0))
                {
                    failures.Add($"{cell}: the new record of A sent in the batch was {(moves ? "not " : "")}written");
                }

                if (row.SameAnswerGroup is { } group)
                {
                    sameAnswers.TryAdd((group, key), []);
                    sameAnswers[(group, key)].Add((row.Name, answer));
                }
            }
        }

        // A key held outside the subtree gets one answer, whatever version, content or validate_only it was sent with.
        foreach (var ((group, key), answers) in sameAnswers.Where(a => !SeesB(a.Key.Key)))
        {
            if (answers.Select(a => (a.Answer.Status, a.Answer.Text)).Distinct().Count() > 1)
            {
                failures.Add($"{group} × {key}: the answers differ with version or validate_only:\n" + string.Join("\n", answers.Select(a => $"    {a.Row}: {a.Answer.Status} {a.Answer.Text}")));
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} failing cells:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task OnlyExactMethodPathsAreServedAndEveryOtherPathIsUnimplementedWithOrWithoutAKey()
    {
        var keys = await KeysAsync();
        var failures = new List<string>();
        var reflect = new global::Grpc.Reflection.V1Alpha.ServerReflectionRequest { ListServices = "" }.ToByteArray();
        const string Unimplemented = nameof(StatusCode.Unimplemented);
        var cases = new (string Path, MethodType Type, byte[] Request, string WithKey, string WithoutKey)[]
        {
            ("/friendlygov.v1.ReferenceService/ListProcedures", MethodType.Unary, [], "OK", "Unauthenticated"),
            ("/friendlygov.v1.DossierService/GetDossier", MethodType.Unary, new GetDossierRequest { Code = "000.00.00.H56-241202-000001" }.ToByteArray(), "NotFound", "Unauthenticated"),
            ("/grpc.health.v1.Health/Check", MethodType.Unary, [], "OK", "OK"),
            ("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", MethodType.DuplexStreaming, reflect, "OK", "OK"),
            ("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo", MethodType.DuplexStreaming, reflect, "OK", "OK"),
            ("/FRIENDLYGOV.V1.ReferenceService/ListProcedures", MethodType.Unary, [], Unimplemented, Unimplemented),
            ("/friendlygov.v1.referenceservice/listprocedures", MethodType.Unary, [], Unimplemented, Unimplemented),
            ("/Friendlygov.v1.ReferenceService/ListUnits", MethodType.Unary, [], Unimplemented, Unimplemented),
            ("/friendlygov.v1.REFERENCESERVICE/ListUnits", MethodType.Unary, [], Unimplemented, Unimplemented),
            ("/FRIENDLYGOV.V1.DossierService/GetDossier", MethodType.Unary, [], Unimplemented, Unimplemented),
            ("/friendlygov.v1.DossierService/getdossier", MethodType.Unary, [], Unimplemented, Unimplemented),
            ("/friendlygov.v1.DossierService/GETDOSSIER", MethodType.Unary, [], Unimplemented, Unimplemented),
            ("/FriendlyGov.V1.DossierService/UpsertDossiers", MethodType.Unary, [], Unimplemented, Unimplemented),
            ("/friendlygov.v1.dossierservice/syncdossiers", MethodType.ClientStreaming, [], Unimplemented, Unimplemented),
            ("/friendlygov.v1.ChangeFeedService/watchChanges", MethodType.ServerStreaming, [], Unimplemented, Unimplemented),
            ("/friendlygov.v1.IndicatorService/getscorecard", MethodType.Unary, [], Unimplemented, Unimplemented),
            ("/friendlygov.v1.SurveyService/Getsurvey", MethodType.Unary, [], Unimplemented, Unimplemented),
            ("/GRPC.HEALTH.V1.HEALTH/CHECK", MethodType.Unary, [], Unimplemented, Unimplemented),
            ("/grpc.health.v1.health/check", MethodType.Unary, [], Unimplemented, Unimplemented),
            ("/grpc.reflection.v1alpha.serverreflection/serverreflectioninfo", MethodType.DuplexStreaming, reflect, Unimplemented, Unimplemented),
            ("/friendlygov.v1.DossierService/GetDossier/", MethodType.Unary, [], Unimplemented, Unimplemented),
            ("/friendlygov.v1.DossierService/GetDossier/extra", MethodType.Unary, [], Unimplemented, Unimplemented),
            ("/friendlygov.v1.DossierService/DeleteDossier", MethodType.Unary, [], Unimplemented, Unimplemented),
            ("/friendlygov.v1.NoSuchService/GetDossier", MethodType.Unary, [], Unimplemented, Unimplemented),
            ("/friendlygov.v2.DossierService/GetDossier", MethodType.Unary, [], Unimplemented, Unimplemented),
            ("/grpc.health.v1.Health/Nope", MethodType.Unary, [], Unimplemented, Unimplemented),
            ("/Admin/Language", MethodType.Unary, [], Unimplemented, Unimplemented),
            ("/dashboard/charts/targets.png", MethodType.Unary, [], Unimplemented, Unimplemented),
        };

        foreach (var (path, type, request, withKey, withoutKey) in cases)
        {
            foreach (var (key, expected) in new[] { (Key.CommuneA, withKey), (Key.NoKey, withoutKey), (Key.Garbage, withoutKey) })
            {
                var answer = await RawCallAsync(keys.Channel(key), path, type, request);
                Expect(failures, $"{path} ({type}) × {key}", expected, answer);
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} failing cells:\n" + string.Join("\n", failures));
    }

    [Fact]
    public void EveryMethodTheServerMapsHasAnAccessRuleAndEveryRuleAMethod()
    {
        var mapped = server.Factory.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method.FullName)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);

        Assert.Contains("/friendlygov.v1.DossierService/UpsertDossiers", mapped);
        Assert.Equal(mapped.Order(StringComparer.Ordinal), ClientAuthInterceptor.Methods.Keys.Order(StringComparer.Ordinal));
    }

    private static bool SeesB(Key key) => key is Key.CommuneB or Key.District;

    private static void Expect(List<string> failures, string cell, string expected, Answer answer)
    {
        if (answer.Cell != expected)
        {
            failures.Add($"{cell}: expected {expected}, got {answer.Cell} {answer.Text}");
        }
    }

    /// <summary>Nothing of B that the request did not itself carry: not its unit, no personal data, no stored version, no content, no key.</summary>
    private static void ExpectNoLeak(List<string> failures, string cell, BRecords b, string request, Answer answer)
    {
        foreach (var marker in b.Markers.Where(m => !request.Contains(m, StringComparison.Ordinal) && answer.Text.Contains(m, StringComparison.Ordinal)))
        {
            failures.Add($"{cell}: the answer reveals B's \"{marker}\": {answer.Text}");
        }
    }

    private static IEnumerable<ReadRow> ReadRows(BRecords b, string feedStart, long bRollup)
    {
        var range = new TimeRange { StartTime = Timestamp.FromDateTime(RecordsTime.AddDays(-1)), EndTime = Timestamp.FromDateTime(RecordsTime.AddDays(1)) };
        var pdOk = Cells(a: "NotFound", b: "OK", district: "OK", lacking: "PermissionDenied", withoutPersonalData: "NotFound");
        var listOk = Cells(a: "OK", b: "OK", district: "OK", lacking: "PermissionDenied", withoutPersonalData: "OK");
        var open = Cells(a: "OK", b: "OK", district: "OK", lacking: "OK", withoutPersonalData: "OK");
        var bOnly = Cells(a: "PermissionDenied", b: "OK", district: "OK", lacking: "PermissionDenied", withoutPersonalData: "PermissionDenied");
        const ClientScopes Feed = ClientScopes.DossiersRead | ClientScopes.SurveysRead;

        yield return new("GetDossier", ClientScopes.DossiersRead, pdOk, b.Dossier.Code, c => Unary(new GetDossierRequest { Code = b.Dossier.Code }, (r, d) => new DossierService.DossierServiceClient(c).GetDossierAsync(r, deadline: d)));
        yield return new("ListDossiers", ClientScopes.DossiersRead, listOk, b.Dossier.Code, c => Unary(new ListDossiersRequest { ReceivedTimeRange = range, PageSize = 1000 }, (r, d) => new DossierService.DossierServiceClient(c).ListDossiersAsync(r, deadline: d)));
        yield return new("GetSurvey", ClientScopes.SurveysRead, pdOk, b.Survey.Key, c => Unary(new GetSurveyRequest { SourceSystem = b.Survey.SourceSystem, Key = b.Survey.Key }, (r, d) => new SurveyService.SurveyServiceClient(c).GetSurveyAsync(r, deadline: d)));
        yield return new("ListSurveys", ClientScopes.SurveysRead, listOk, b.Survey.Key, c => Unary(new ListSurveysRequest { SurveyedTimeRange = range, PageSize = 1000 }, (r, d) => new SurveyService.SurveyServiceClient(c).ListSurveysAsync(r, deadline: d)));
        yield return new("WatchChanges", Feed, listOk, b.Survey.Key, c => ServerStream(new WatchChangesRequest { ResumeToken = feedStart }, (r, d) => new ChangeFeedService.ChangeFeedServiceClient(c).WatchChanges(r, deadline: d)));
        yield return new("ListUnits", ClientScopes.None, open, null, c => Unary(new ListUnitsRequest { IncludeExpired = true, PageSize = 1000 }, (r, d) => new ReferenceService.ReferenceServiceClient(c).ListUnitsAsync(r, deadline: d)));
        yield return new("ListProcedures", ClientScopes.None, open, null, c => Unary(new ListProceduresRequest(), (r, d) => new ReferenceService.ReferenceServiceClient(c).ListProceduresAsync(r, deadline: d)));
        yield return new("GetScorecard", ClientScopes.IndicatorsRead, bOnly, null, c => Unary(new GetScorecardRequest { UnitCode = CommuneB, Period = Quarter }, (r, d) => new IndicatorService.IndicatorServiceClient(c).GetScorecardAsync(r, deadline: d)));
        yield return new("ListCheckIns", ClientScopes.IndicatorsRead, bOnly, null, c => Unary(new ListCheckInsRequest { UnitCode = CommuneB, IndicatorCode = Indicator, Period = Quarter }, (r, d) => new IndicatorService.IndicatorServiceClient(c).ListCheckInsAsync(r, deadline: d)));
        yield return new("GetSeries", ClientScopes.IndicatorsRead, bOnly, null, c => Unary(new GetSeriesRequest { UnitCode = CommuneB, IndicatorCode = Indicator, FirstPeriod = new Period { Year = 2024, Quarter = 1 }, LastPeriod = Quarter }, (r, d) => new IndicatorService.IndicatorServiceClient(c).GetSeriesAsync(r, deadline: d)));
        yield return new("RankChildren", ClientScopes.IndicatorsRead, Cells(a: "PermissionDenied", b: "PermissionDenied", district: "OK", lacking: "PermissionDenied", withoutPersonalData: "PermissionDenied"), null,
            c => Unary(new RankChildrenRequest { UnitCode = District, IndicatorCode = Indicator, Period = Quarter }, (r, d) => new IndicatorService.IndicatorServiceClient(c).RankChildrenAsync(r, deadline: d)));
        yield return new("StartRollup", ClientScopes.RollupsWrite, bOnly, null, c => Unary(new StartRollupRequest { UnitCode = CommuneB, Period = Quarter }, (r, d) => new IndicatorService.IndicatorServiceClient(c).StartRollupAsync(r, deadline: d)));
        yield return new("GetRollup", ClientScopes.IndicatorsRead, pdOk, null, c => Unary(new GetRollupRequest { RollupId = bRollup }, (r, d) => new IndicatorService.IndicatorServiceClient(c).GetRollupAsync(r, deadline: d)));
    }

    private static IEnumerable<WriteRow> WriteRows()
    {
        // Each names A's unit for B's key, or B's record as stored: refused for A whatever it carries; for B,
        // naming A's unit is outside its subtree; the district holds both, so it may move the record.
        var takeOver = Cells(a: "PermissionDenied", b: "PermissionDenied", district: "OK:Applied", lacking: "PermissionDenied", withoutPersonalData: "PermissionDenied");
        var staleForDistrict = Cells(a: "PermissionDenied", b: "PermissionDenied", district: "OK:SkippedStale", lacking: "PermissionDenied", withoutPersonalData: "PermissionDenied");
        var asStored = Cells(a: "PermissionDenied", b: "OK:Unchanged", district: "OK:Unchanged", lacking: "PermissionDenied", withoutPersonalData: "PermissionDenied");
        var sync = Cells(a: "OK:Rejected", b: "PermissionDenied", district: "OK:Applied", lacking: "PermissionDenied", withoutPersonalData: "OK:Rejected");
        foreach (var (name, delta, validateOnly, expected) in new[]
                 {
                     ("newer", 1, false, takeOver), ("same version", 0, false, staleForDistrict), ("older", -1, false, staleForDistrict), ("newer, validate_only", 1, true, takeOver),
                 })
        {
            yield return new($"UpsertDossiers ({name}, unit A)", ClientScopes.DossiersWrite, expected, validateOnly, "dossier code",
                (c, b) => Unary(new UpsertDossiersRequest { Records = { TakeOver(b.Dossier, delta) }, ValidateOnly = validateOnly }, (r, d) => new DossierService.DossierServiceClient(c).UpsertDossiersAsync(r, deadline: d)));
            yield return new($"UpsertSurveys ({name}, unit A)", ClientScopes.SurveysWrite, expected, validateOnly, "survey key",
                (c, b) => Unary(new UpsertSurveysRequest { Records = { TakeOver(b.Survey, delta) }, ValidateOnly = validateOnly }, (r, d) => new SurveyService.SurveyServiceClient(c).UpsertSurveysAsync(r, deadline: d)));
        }

        yield return new("UpsertDossiers (as stored, unit B)", ClientScopes.DossiersWrite, asStored, false, null,
            (c, b) => Unary(new UpsertDossiersRequest { Records = { b.Dossier } }, (r, d) => new DossierService.DossierServiceClient(c).UpsertDossiersAsync(r, deadline: d)));
        yield return new("UpsertSurveys (as stored, unit B)", ClientScopes.SurveysWrite, asStored, false, null,
            (c, b) => Unary(new UpsertSurveysRequest { Records = { b.Survey } }, (r, d) => new SurveyService.SurveyServiceClient(c).UpsertSurveysAsync(r, deadline: d)));
        yield return new("SyncDossiers (newer, unit A, with a new record of A)", ClientScopes.DossiersWrite, sync, false, null,
            (c, b) => ClientStream(new SyncDossiersRequest { Records = { TakeOver(b.Dossier, 1), NewDossierOfA(b) } }, d => new DossierService.DossierServiceClient(c).SyncDossiers(deadline: d)));
        yield return new("SyncSurveys (newer, unit A, with a new record of A)", ClientScopes.SurveysWrite, sync, false, null,
            (c, b) => ClientStream(new SyncSurveysRequest { Records = { TakeOver(b.Survey, 1), NewSurveyOfA(b) } }, d => new SurveyService.SurveyServiceClient(c).SyncSurveys(deadline: d)));
    }

    private static Dossier NewDossierOfA(BRecords b) => WireDossiers.New(CommuneA, "77", b.Number, received: RecordsTime);

    private static Survey NewSurveyOfA(BRecords b) => NewSurvey(CommuneA, $"KS-A-{b.Number}", 1);

    private static Dossier TakeOver(Dossier stored, int versionDelta)
    {
        var record = stored.Clone();
        record.UnitCode = CommuneA;
        record.Applicant = null;
        record.SourceVersion += versionDelta;
        return record;
    }

    private static Survey TakeOver(Survey stored, int versionDelta)
    {
        var record = stored.Clone();
        record.UnitCode = CommuneA;
        record.DossierCode = "";
        record.SourceVersion += versionDelta;
        return record;
    }

    private static Func<Key, string> Cells(string a, string b, string district, string lacking, string withoutPersonalData) => key => key switch
    {
        Key.CommuneA => a,
        Key.CommuneB => b,
        Key.District => district,
        Key.ALackingScope => lacking,
        Key.AWithoutPersonalData => withoutPersonalData,
        _ => "Unauthenticated",
    };

    /// <summary>A dossier of B with an applicant, and a survey of B tied to it, as B's own key writes them; every value unique to this call.</summary>
    private static async Task<BRecords> SeedBAsync(Keys keys)
    {
        var n = Interlocked.Increment(ref _records);
        var tag = "Q" + new string(n.ToString(CultureInfo.InvariantCulture).Select(c => (char)('a' + c - '0')).ToArray());
        var dossier = WireDossiers.New(CommuneB, "55", n, version: 7_100_000 + (n * 100), received: RecordsTime.AddMinutes(n));
        dossier.Applicant = new Applicant { Name = $"Bùi Thị {tag}", IdNumber = $"0385{n:D8}", Phone = $"09{n:D8}" };
        var survey = NewSurvey(CommuneB, $"KS-B-{n}", 7_200_000 + (n * 100));
        survey.DossierCode = dossier.Code;
        survey.Comment = $"Ý kiến riêng của xã B {tag}";
        var channel = keys.Channel(Key.CommuneB);
        await new DossierService.DossierServiceClient(channel).UpsertDossiersAsync(new UpsertDossiersRequest { Records = { dossier } }, deadline: Soon());
        await new SurveyService.SurveyServiceClient(channel).UpsertSurveysAsync(new UpsertSurveysRequest { Records = { survey } }, deadline: Soon());
        return new BRecords(n, dossier, survey);
    }

    private static Survey NewSurvey(string unitCode, string key, long version) => new()
    {
        SourceSystem = "PORTAL",
        Key = key,
        UnitCode = unitCode,
        SurveyedTime = Timestamp.FromDateTime(RecordsTime.AddHours(3)),
        Channel = SurveyChannel.Online,
        Scores = new SurveyScores { Access = 5, Procedure = 4, StaffAttitude = 5, Timeliness = 4, Result = 5 },
        Satisfied = true,
        SourceVersion = version,
    };

    /// <summary>B's dossier and survey rows exactly as stored, every column.</summary>
    private async Task<string> RowsAsync(BRecords b)
    {
        await using var db = server.CreateContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var rows = new List<string>();
        foreach (var (sql, values) in new[]
                 {
                     ("SELECT * FROM dossiers WHERE code = @a", new[] { b.Dossier.Code, "" }),
                     ("SELECT * FROM surveys WHERE source_system = @a AND key = @b", new[] { b.Survey.SourceSystem, b.Survey.Key }),
                 })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in new[] { ("@a", values[0]), ("@b", values[1]) })
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }

            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(string.Join(", ", Enumerable.Range(0, reader.FieldCount).Select(i => $"{reader.GetName(i)}={Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)}")));
            }
        }

        return string.Join(" | ", rows);
    }

    private async Task<string> UnitOfAsync(BRecords b, bool dossier)
    {
        await using var db = server.CreateContext();
        return dossier
            ? await db.Dossiers.Where(d => d.Code == b.Dossier.Code).Select(d => d.Unit!.Code).SingleAsync()
            : await db.Surveys.Where(s => s.SourceSystem == b.Survey.SourceSystem && s.Key == b.Survey.Key).Select(s => s.Unit!.Code).SingleAsync();
    }

    private async Task<int> NewRecordsOfAAsync(BRecords b)
    {
        var (dossier, survey) = (NewDossierOfA(b), NewSurveyOfA(b));
        await using var db = server.CreateContext();
        return await db.Dossiers.CountAsync(d => d.Code == dossier.Code) + await db.Surveys.CountAsync(s => s.SourceSystem == survey.SourceSystem && s.Key == survey.Key);
    }

    private async Task<long> LastSequenceAsync()
    {
        await using var db = server.CreateContext();
        return await ChangeFeedSequence.LastReservedAsync(db, CancellationToken.None);
    }

    private async Task<Keys> KeysAsync()
    {
        var channels = new Dictionary<Key, GrpcChannel>
        {
            [Key.CommuneA] = await server.ChannelForAsync(CommuneA, ClientScopes.All),
            [Key.CommuneB] = await server.ChannelForAsync(CommuneB, ClientScopes.All),
            [Key.District] = await server.ChannelForAsync(District, ClientScopes.All),
            [Key.Revoked] = await server.ChannelForAsync(CommuneA, ClientScopes.All, $"revoked-{Guid.NewGuid():N}"),
            [Key.Garbage] = server.ChannelWithKey(ApiClient.KeyPrefix + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
            [Key.NoKey] = server.ChannelWithKey(null),
            [Key.AWithoutPersonalData] = await server.ChannelForAsync(CommuneA, ClientScopes.All & ~ClientScopes.PersonalData),
        };
        await using var db = server.CreateContext();
        await db.ApiClients.Where(c => c.Name.StartsWith("revoked-")).ExecuteUpdateAsync(c => c.SetProperty(x => x.RevokedAt, DateTime.UtcNow));
        return new Keys(server, channels);
    }

    private sealed class Keys(GrpcServer server, Dictionary<Key, GrpcChannel> channels)
    {
        private readonly Dictionary<ClientScopes, GrpcChannel> _lacking = [];

        public GrpcChannel Channel(Key key) => channels[key];

        /// <summary>The channel of a key; for A lacking a scope, a key of A with every scope but the ones the method needs.</summary>
        public async Task<GrpcChannel> ForAsync(Key key, ClientScopes needs)
        {
            if (key != Key.ALackingScope)
            {
                return channels[key];
            }

            if (!_lacking.TryGetValue(needs, out var channel))
            {
                channel = _lacking[needs] = await server.ChannelForAsync(CommuneA, ClientScopes.All & ~needs);
            }

            return channel;
        }
    }

    private sealed record BRecords(int Number, Dossier Dossier, Survey Survey)
    {
        public IEnumerable<string> Markers =>
        [
            $"\"{CommuneB}\"", Dossier.Code, Survey.Key, Dossier.Applicant.Name, Dossier.Applicant.IdNumber, Dossier.Applicant.Phone, Survey.Comment,
            Dossier.SourceVersion.ToString(CultureInfo.InvariantCulture), Survey.SourceVersion.ToString(CultureInfo.InvariantCulture),
        ];
    }

    private sealed record ReadRow(string Name, ClientScopes Needs, Func<Key, string> Expected, string? Shows, Func<GrpcChannel, Task<(string Request, Answer Answer)>> Call);

    private sealed record WriteRow(string Name, ClientScopes Needs, Func<Key, string> Expected, bool ValidateOnly, string? SameAnswerGroup, Func<GrpcChannel, BRecords, Task<(string Request, Answer Answer)>> Call)
    {
        public bool WithNewRecordOfA => Name.StartsWith("Sync", StringComparison.Ordinal);

        public bool OfDossiers => Name.Contains("Dossiers", StringComparison.Ordinal);

        /// <summary>What A is told when it names A's unit for B's key: the key's field and the fixed reason, nothing else.</summary>
        public string[]? TellsA => !Name.Contains("unit A", StringComparison.Ordinal) ? null
            : OfDossiers ? ["\"records[0].code\"", "the code belongs to a record outside the client"]
            : ["\"records[0].key\"", "the source_system and key belong to a record outside the client"];
    }

    /// <summary>What a call answered: its status, the upsert outcomes it reported, and everything it said as text.</summary>
    private sealed record Answer(StatusCode Status, string Outcomes, string Text)
    {
        public string Cell => Status != StatusCode.OK ? Status.ToString() : Outcomes.Length > 0 ? $"OK:{Outcomes}" : "OK";

        public static Answer Of(IEnumerable<IMessage> messages)
        {
            var list = messages.ToList();
            var totals = list.Select(m => m.Descriptor.FindFieldByName("totals")?.Accessor.GetValue(m)).OfType<UpsertTotals>().ToList();
            var outcomes = totals.SelectMany(t => new[]
            {
                (t.AppliedCount, "Applied"), (t.UnchangedCount, "Unchanged"), (t.SkippedStaleCount, "SkippedStale"), (t.RejectedCount, "Rejected"),
            }).Where(o => o.Item1 > 0).Select(o => o.Item2).Distinct();
            return new Answer(StatusCode.OK, string.Join("+", outcomes), string.Join("\n", list.Select(m => JsonFormatter.Default.Format(m))));
        }

        public static Answer Of(RpcException e) =>
            new(e.StatusCode, "", $"\"{e.Status.Detail}\" {e.GetRpcStatus()?.GetDetail<BadRequest>()}");
    }

    private static async Task<(string Request, Answer Answer)> Unary<TRequest, TResponse>(TRequest request, Func<TRequest, DateTime, AsyncUnaryCall<TResponse>> call)
        where TRequest : IMessage
        where TResponse : IMessage
    {
        try
        {
            return (JsonFormatter.Default.Format(request), Answer.Of([await call(request, Soon())]));
        }
        catch (RpcException e)
        {
            return (JsonFormatter.Default.Format(request), Answer.Of(e));
        }
    }

    private static async Task<(string Request, Answer Answer)> ServerStream<TRequest, TResponse>(TRequest request, Func<TRequest, DateTime, AsyncServerStreamingCall<TResponse>> call)
        where TRequest : IMessage
        where TResponse : IMessage
    {
        try
        {
            using var stream = call(request, Soon());
            var messages = new List<IMessage>();
            await foreach (var message in stream.ResponseStream.ReadAllAsync())
            {
                messages.Add(message);
            }

            return (JsonFormatter.Default.Format(request), Answer.Of(messages));
        }
        catch (RpcException e)
        {
            return (JsonFormatter.Default.Format(request), Answer.Of(e));
        }
    }

    private static async Task<(string Request, Answer Answer)> ClientStream<TRequest, TResponse>(TRequest batch, Func<DateTime, AsyncClientStreamingCall<TRequest, TResponse>> call)
        where TRequest : class, IMessage
        where TResponse : IMessage
    {
        try
        {
            using var stream = call(Soon());
            await SendAsync(stream.RequestStream, batch);
            return (JsonFormatter.Default.Format(batch), Answer.Of([await stream.ResponseAsync]));
        }
        catch (RpcException e)
        {
            return (JsonFormatter.Default.Format(batch), Answer.Of(e));
        }
    }

    /// <summary>A call to any path, as a client that knows no contract would make it: raw bytes in, raw bytes out.</summary>
    private static async Task<Answer> RawCallAsync(GrpcChannel channel, string path, MethodType type, byte[] request)
    {
        var split = path.IndexOf('/', 1);
        var bytes = Marshallers.Create(b => b, b => b);
        var method = new Method<byte[], byte[]>(type, path[1..split], path[(split + 1)..], bytes, bytes);
        var invoker = channel.CreateCallInvoker();
        var options = new CallOptions(deadline: Soon());
        try
        {
            var responses = new List<byte[]>();
            switch (type)
            {
                case MethodType.Unary:
                    responses.Add(await invoker.AsyncUnaryCall(method, null, options, request));
                    break;
                case MethodType.ClientStreaming:
                    using (var call = invoker.AsyncClientStreamingCall(method, null, options))
                    {
                        await SendAsync(call.RequestStream, null);
                        responses.Add(await call.ResponseAsync);
                    }

                    break;
                case MethodType.ServerStreaming:
                    using (var call = invoker.AsyncServerStreamingCall(method, null, options, request))
                    {
                        responses.AddRange(await call.ResponseStream.ReadAllAsync().ToListAsync());
                    }

                    break;
                default:
                    using (var call = invoker.AsyncDuplexStreamingCall(method, null, options))
                    {
                        await SendAsync(call.RequestStream, request);
                        responses.AddRange(await call.ResponseStream.ReadAllAsync().ToListAsync());
                    }

                    break;
            }

            return new Answer(StatusCode.OK, "", $"{responses.Count} messages");
        }
        catch (RpcException e)
        {
            return new Answer(e.StatusCode, "", $"\"{e.Status.Detail}\"");
        }
    }

    /// <summary>Sends a client stream; a server that answers before reading it (a refused key) ends the call, and the response then carries its status.</summary>
    private static async Task SendAsync<T>(IClientStreamWriter<T> stream, T? message)
        where T : class
    {
        try
        {
            if (message is not null)
            {
                await stream.WriteAsync(message);
            }

            await stream.CompleteAsync();
        }
        catch (RpcException)
        {
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static DateTime Soon() => DateTime.UtcNow.AddSeconds(30);
}

public sealed class AuthorizationMatrixFactsOnSqlite(SqliteGrpcServer server) : AuthorizationMatrixFacts<SqliteGrpcServer>(server);

public sealed class AuthorizationMatrixFactsOnPostgres(PostgresGrpcServer server) : AuthorizationMatrixFacts<PostgresGrpcServer>(server);
