using System.Globalization;
using FriendlyGov.Data.Staff;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Calendar;
using FriendlyGov.Domain.Clients;
using FriendlyGov.Domain.Indicators;
using FriendlyGov.Grpc.V1;
using FriendlyGov.Server.Indicators;
using FriendlyGov.Server.Sync;
using FriendlyGov.Server.Tests.Admin;
using FriendlyGov.Server.Tests.Sync;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using C = FriendlyGov.Domain.Indicators.IndicatorCatalogue;
using DossierMapping = FriendlyGov.Server.Dossiers.DossierMapping;
using IndicatorService = FriendlyGov.Grpc.V1.IndicatorService;
using Model = FriendlyGov.Domain.Dossiers;
using Period = FriendlyGov.Domain.Period;
using WirePeriod = FriendlyGov.Grpc.V1.Period;

namespace FriendlyGov.Server.Tests.Indicators;

/// <summary>
/// A period is judged as it stood at its end (DESIGN.md), on each provider, with records synced
/// through the real path (gRPC UpsertDossiers): events after the end never move a closed period's
/// figures; a correction of a record that belongs to it does, and the scorecard says so.
/// </summary>
public abstract class ClosedPeriodFacts<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GrpcServer
{
    private static readonly int[] Seeds = [5, 17, 29];

    /// <summary>
    /// For each quarter end of 2025 one generated world: its dossiers as they stood at that end are
    /// synced and the quarters ended by then rolled up; then every dossier as it is now (later
    /// requests, resumptions, stopped, withdrawn, refused, finished, returned; new dossiers) is
    /// synced as a newer source version, rolled up again, in full and incrementally.
    /// </summary>
    [Fact]
    public async Task EventsAfterAPeriodsEndNeverMoveItsFigures()
    {
        var after = new List<(Model.Dossier Final, DateTime End)>();
        for (var q = 1; q <= 3; q++)
        {
            var end = new Period(2025, q).EndUtc;
            var closed = Enumerable.Range(1, q).Select(n => new Period(2025, n)).ToArray();
            var world = GeneratedWorld.Generate(q, Seeds[q - 1]);
            await world.SaveUnitsAndGenerateAsync(server.Database);
            var units = world.Units.Select(u => u.Id).ToList();
            var dossiers = new DossierService.DossierServiceClient(await server.ChannelForAsync(world.Units[0].Code, ClientScopes.All));

            await UpsertAsync(dossiers, world.Dossiers.Where(d => d.ReceivedAt < end).Select(d => AsItStoodAt(d, end)));
            await RollUpAsync(GeneratedWorld.Now, closed);
            var before = await SnapshotsAsync(closed, units);
            Assert.All(before.Values, s => Assert.NotNull(s.ClosedAt));

            foreach (var final in world.Dossiers)
            {
                final.SourceVersion = final.ReceivedAt < end ? 2 : 1;
                after.Add((final, end));
            }

            await using (var db = server.CreateContext())
            {
                await db.RollupMarks.ExecuteDeleteAsync();
            }

            await UpsertAsync(dossiers, world.Dossiers);
            await using (var db = server.CreateContext())
            {
                await new RollupService(db, new FixedClock(new DateTimeOffset(GeneratedWorld.Now))).IncrementalAsync(null, CancellationToken.None);
            }

            AssertUnmoved(before, await SnapshotsAsync(closed, units), $"seed {world.Seed}, after the incremental rollup");
            await RollUpAsync(GeneratedWorld.Now, closed);
            AssertUnmoved(before, await SnapshotsAsync(closed, units), $"seed {world.Seed}, after a full rollup");
        }

        var events = new (string Name, bool Covered)[]
        {
            ("a request made after the end", after.Any(a => a.Final.ReceivedAt < a.End && a.Final.Supplements.Any(s => s.RequestedAt >= a.End))),
            ("a second request made after the end", after.Any(a => a.Final.Supplements.Count > 1 && a.Final.Supplements[0].RequestedAt < a.End && a.Final.Supplements[1].RequestedAt >= a.End)),
            ("a pause open at the end and resumed after it", after.Any(a => a.Final.Supplements.Any(s => s.RequestedAt < a.End && s.ResumedAt >= a.End))),
            ("stopped after the end", after.Any(a => a.Final.Status == Model.DossierStatus.Stopped && a.Final.ReceivedAt < a.End && a.Final.FinishedAt >= a.End)),
            ("withdrawn after the end", after.Any(a => a.Final.Status == Model.DossierStatus.Withdrawn && a.Final.ReceivedAt < a.End && a.Final.FinishedAt >= a.End)),
            ("refused after the end", after.Any(a => a.Final.Status == Model.DossierStatus.Refused && a.Final.ReceivedAt < a.End && a.Final.FinishedAt >= a.End)),
            ("finished after the end", after.Any(a => Model.Dossier.IsFinished(a.Final.Status) && a.Final.ReceivedAt < a.End && a.Final.FinishedAt >= a.End)),
            ("returned after the end, finished before it", after.Any(a => a.Final.FinishedAt < a.End && a.Final.ReturnedAt >= a.End)),
            ("received after the end", after.Any(a => a.Final.ReceivedAt >= a.End)),
        };
        Assert.True(events.All(e => e.Covered), "the generated records miss: " + string.Join("; ", events.Where(e => !e.Covered).Select(e => e.Name)));
    }

    [Fact]
    public async Task DueOn1JulyAndAskedOn29JuneAndAgainOn2JulyIsNotLateInTheSecondQuarterButIsInTheThird()
    {
        var commune = await CommuneAsync("9710");
        var dossier = NewDossier(commune, Vn(6, 20), Vn(7, 1, 17), DossierStatus.SupplementRequested);
        dossier.Supplements.Add(new Supplement { RequestedTime = Time(Vn(6, 29)), ResumedTime = Time(Vn(6, 30)) });
        dossier.Supplements.Add(new Supplement { RequestedTime = Time(Vn(7, 2)) });

        var overdue = await OverdueAsync(commune, dossier, new Period(2025, 2), new Period(2025, 3));

        Assert.Equal([0m, 1m], overdue);
    }

    [Fact]
    public async Task DueOn26SeptemberAwaitingTheCitizenSince22SeptemberAndStoppedOn20OctoberIsNotLateInTheThirdQuarter()
    {
        var commune = await CommuneAsync("9720");
        var dossier = NewDossier(commune, Vn(9, 15), Vn(9, 26, 17), DossierStatus.Stopped);
        dossier.Supplements.Add(new Supplement { RequestedTime = Time(Vn(9, 22)) });
        dossier.FinishedTime = Time(Vn(10, 20));

        var overdue = await OverdueAsync(commune, dossier, new Period(2025, 3), new Period(2025, 4));

        Assert.Equal([0m, 0m], overdue);
    }

    [Fact]
    public async Task DueOn8SeptemberAndAwaitingTheCitizenFrom20SeptemberTo20OctoberIsLateInTheThirdQuarterAndWhenFinished()
    {
        var commune = await CommuneAsync("9730");
        var dossier = NewDossier(commune, Vn(9, 1), Vn(9, 8, 17), DossierStatus.Finished);
        dossier.Supplements.Add(new Supplement { RequestedTime = Time(Vn(9, 20)), ResumedTime = Time(Vn(10, 20)) });
        dossier.FinishedTime = Time(Vn(10, 25));

        var overdue = await OverdueAsync(commune, dossier, new Period(2025, 3), new Period(2025, 4));

        Assert.Equal([1m, 1m], overdue);
    }

    /// <summary>
    /// Provisional while the quarter runs, closed by the first rollup after its end; a dossier received
    /// in it that arrives later is a correction, recorded by the rollup that takes it in and shown by
    /// GetScorecard and the page (Vietnamese and English) for the commune and the province above it.
    /// </summary>
    [Fact]
    public async Task ALateArrivingDossierOfAClosedQuarterIsACorrectionAfterClosingWithItsDate()
    {
        var commune = await CommuneAsync("9740");
        var province = "9740";
        var q2 = new Period(2025, 2);
        var (running, closing, correcting, later) = (Vn(6, 20), Vn(7, 2), Vn(8, 5), Vn(9, 1));
        var dossiers = new DossierService.DossierServiceClient(await server.ChannelForAsync(province, ClientScopes.All));
        var onTime = NewDossier(commune, Vn(5, 10), Vn(5, 15, 17), DossierStatus.Finished, sequence: 1);
        onTime.FinishedTime = Time(Vn(5, 14));
        await UpsertAsync(dossiers, [onTime]);

        await RollUpAsync(running, q2);
        var provisional = await ScorecardAsync(commune, q2);
        await RollUpAsync(closing, q2);
        var closed = await ScorecardAsync(commune, q2);
        using var leader = await server.SignedInAsync(StaffRoles.Leader, province);
        var closedPage = await leader.PageAsync($"/dashboard?unit={commune}&year=2025&quarter=2");

        var lateArrival = NewDossier(commune, Vn(5, 20), Vn(5, 25, 17), DossierStatus.Finished, sequence: 2);
        lateArrival.FinishedTime = Time(Vn(6, 10));
        await UpsertAsync(dossiers, [lateArrival]);
        await RollUpAsync(correcting, q2);
        await RollUpAsync(later, q2);
        var corrected = await ScorecardAsync(commune, q2);
        var correctedProvince = await ScorecardAsync(province, q2);
        var page = await leader.PageAsync($"/dashboard?unit={commune}&year=2025&quarter=2");
        (await leader.PostFormAsync("/language", page, new() { ["culture"] = "en-GB", ["returnUrl"] = "/dashboard" })).Dispose();
        var english = await leader.PageAsync($"/dashboard?unit={commune}&year=2025&quarter=2");

        Assert.Null(provisional.CloseTime);
        Assert.Null(provisional.CorrectTime);
        Assert.Equal(Time(closing), closed.CloseTime);
        Assert.Null(closed.CorrectTime);
        Assert.Contains("Đã khóa sổ ngày 02/07/2025.", closedPage.QuerySelector("p.closing")!.TextContent, StringComparison.Ordinal);
        Assert.Null(closedPage.QuerySelector("p.closing .corrected"));

        Assert.Equal((1d, 2d), Fraction(corrected, C.OnTimeShare));
        Assert.Equal(Time(closing), corrected.CloseTime);
        Assert.Equal(Time(correcting), corrected.CorrectTime);
        Assert.Equal(Time(correcting), correctedProvince.CorrectTime);
        Assert.Equal("Điều chỉnh sau khi khóa sổ ngày 05/08/2025.", page.QuerySelector("p.closing .corrected")!.TextContent.Trim());
        Assert.Equal("Corrected after closing on 05/08/2025.", english.QuerySelector("p.closing .corrected")!.TextContent.Trim());
        Assert.Contains("Closed on 02/07/2025.", english.QuerySelector("p.closing")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnIncrementalRollupRecordsACorrectionAfterClosingToo()
    {
        var commune = await CommuneAsync("9750");
        var q1 = new Period(2025, 1);
        var dossiers = new DossierService.DossierServiceClient(await server.ChannelForAsync("9750", ClientScopes.All));
        var first = NewDossier(commune, Vn(2, 10), Vn(2, 14, 17), DossierStatus.InProgress, sequence: 1);
        await UpsertAsync(dossiers, [first]);
        await RollUpAsync(Vn(4, 2), q1);
        await using (var db = server.CreateContext())
        {
            await db.RollupMarks.ExecuteDeleteAsync();
        }

        // The portal fixes the record: the dossier had been finished on 13 February, in time.
        var fixedTime = NewDossier(commune, Vn(2, 10), Vn(2, 14, 17), DossierStatus.Finished, sequence: 1);
        fixedTime.FinishedTime = Time(Vn(2, 13));
        fixedTime.SourceVersion = 2;

        await UpsertAsync(dossiers, [fixedTime]);
        await using (var db = server.CreateContext())
        {
            await new RollupService(db, new FixedClock(new DateTimeOffset(Vn(4, 9)))).IncrementalAsync(null, CancellationToken.None);
        }

        var card = await ScorecardAsync(commune, q1);
        Assert.Equal(Time(Vn(4, 2)), card.CloseTime);
        Assert.Equal(Time(Vn(4, 9)), card.CorrectTime);
        Assert.Equal((1d, 1d), Fraction(card, C.OnTimeShare));
    }

    /// <summary>
    /// Time alone turns an open dossier late: no record changes and no rollup mark, yet the quarter
    /// still running and its year must count it. The incremental rollup finds it by the index of open
    /// dossiers' late time and recomputes its unit and the province above, as a full rollup would.
    /// </summary>
    [Fact]
    public async Task AnOpenDossierThatGoesLateWithTimeAloneIsTakenInByTheIncrementalRollup()
    {
        var commune = await CommuneAsync("9760");
        Period[] periods = [new Period(2025, 2), Period.OfYear(2025)];
        var dossiers = new DossierService.DossierServiceClient(await server.ChannelForAsync("9760", ClientScopes.All));
        await UpsertAsync(dossiers, [NewDossier(commune, Vn(5, 5), Vn(5, 9, 17), DossierStatus.InProgress)]);
        await RollUpAsync(Vn(5, 6), periods);
        Assert.Equal([0m, 0m, 0m, 0m], await OverdueTotalsAsync(periods, commune, "9760"));

        await using (var db = server.CreateContext())
        {
            await db.RollupMarks.ExecuteDeleteAsync();
            await new RollupService(db, new FixedClock(new DateTimeOffset(Vn(5, 12)))).IncrementalAsync(null, CancellationToken.None);
        }

        Assert.Equal([1m, 1m, 1m, 1m], await OverdueTotalsAsync(periods, commune, "9760"));
    }

    /// <summary>
    /// As the sender knew it at <paramref name="end"/>: the requests made before it, a pause still
    /// open then left open, and not finished or closed when that happened at or after the end.
    /// </summary>
    private static Model.Dossier AsItStoodAt(Model.Dossier final, DateTime end)
    {
        var then = new Model.Dossier
        {
            Code = final.Code,
            UnitId = final.UnitId,
            ProcedureId = final.ProcedureId,
            Channel = final.Channel,
            OnlineLevel = final.OnlineLevel,
            InterAgency = final.InterAgency,
            ReceivedAt = final.ReceivedAt,
            DueAt = final.DueAt,
            FinishedAt = final.FinishedAt < end ? final.FinishedAt : null,
            ReturnedAt = final.ReturnedAt < end ? final.ReturnedAt : null,
            Status = final.Status,
            Supplements = [.. final.Supplements.Where(s => s.RequestedAt < end)
                .Select(s => new Model.SupplementRequest { RequestedAt = s.RequestedAt, ResumedAt = s.ResumedAt < end ? s.ResumedAt : null })],
            ResultPublished = final.ResultPublished,
            ResultIssuedElectronically = final.ResultIssuedElectronically,
            Digitised = final.Digitised,
            SourceSystem = final.SourceSystem,
            SourceVersion = 1,
        };
        var awaiting = then.Supplements.Count > 0 && then.Supplements[^1].ResumedAt is null;
        if (then.FinishedAt is null)
        {
            then.Status = awaiting ? Model.DossierStatus.SupplementRequested : Model.DossierStatus.InProgress;
        }
        else if (then.ReturnedAt is null && then.Status == Model.DossierStatus.Returned)
        {
            then.Status = Model.DossierStatus.Finished;
        }

        then.RefreshDerived();
        Assert.Empty(then.Validate());
        return then;
    }

    private static void AssertUnmoved(Dictionary<(int Unit, int Period, string Code), IndicatorSnapshot> before, Dictionary<(int Unit, int Period, string Code), IndicatorSnapshot> after, string when)
    {
        Assert.Equal(before.Count, after.Count);
        var moved = before.Where(b => (b.Value.Numerator, b.Value.Denominator, b.Value.OwnNumerator, b.Value.OwnDenominator)
                != (after[b.Key].Numerator, after[b.Key].Denominator, after[b.Key].OwnNumerator, after[b.Key].OwnDenominator))
            .Select(b => string.Create(CultureInfo.InvariantCulture,
                $"unit {b.Key.Unit} {Period.FromKey(b.Key.Period)} {b.Key.Code}: {b.Value.Numerator:0.##}/{b.Value.Denominator:0.##} became {after[b.Key].Numerator:0.##}/{after[b.Key].Denominator:0.##}"))
            .ToList();
        Assert.True(moved.Count == 0, $"{when}, {moved.Count} closed figures moved:\n" + string.Join("\n", moved.Take(30)));
        Assert.All(after.Values, s => Assert.Equal((before[(s.UnitId, s.PeriodKey, s.IndicatorCode)].ClosedAt, (DateTime?)null), (s.ClosedAt, s.CorrectedAt)));
    }

    /// <summary>The unit's own overdue count in each period, after syncing the dossier and rolling the periods up on 15/01/2026.</summary>
    private async Task<decimal[]> OverdueAsync(string commune, Dossier dossier, params Period[] periods)
    {
        await UpsertAsync(new DossierService.DossierServiceClient(await server.ChannelForAsync(commune, ClientScopes.All)), [dossier]);
        await RollUpAsync(Vn(1, 15).AddYears(1), periods);
        return await OverdueTotalsAsync(periods, commune);
    }

    /// <summary>The overdue count of each unit (its subtree) in each period, unit by unit.</summary>
    private async Task<decimal[]> OverdueTotalsAsync(Period[] periods, params string[] units)
    {
        await using var db = server.CreateContext();
        var keys = periods.Select(p => p.Key).ToList();
        var overdue = await db.IndicatorSnapshots.Where(s => keys.Contains(s.PeriodKey) && s.IndicatorCode == C.OverdueCount)
            .Join(db.Units.Where(u => units.Contains(u.Code)), s => s.UnitId, u => u.Id, (s, u) => new { u.Code, s.PeriodKey, s.Numerator })
            .ToDictionaryAsync(s => (s.Code, s.PeriodKey), s => s.Numerator);
        return [.. units.SelectMany(u => periods.Select(p => overdue[(u, p.Key)]))];
    }

    /// <summary>A province with one commune and a procedure of their own; returns the commune's code.</summary>
    private async Task<string> CommuneAsync(string provinceCode)
    {
        var province = Domain.Units.AdministrativeUnit.Create(provinceCode, $"Tỉnh {provinceCode}", Domain.Units.UnitLevel.Province, null, new DateOnly(2024, 1, 1));
        var commune = Domain.Units.AdministrativeUnit.Create(provinceCode[..3] + "1", $"Xã {provinceCode[..3]}1", Domain.Units.UnitLevel.Commune, province, new DateOnly(2024, 1, 1));
        await using var db = server.CreateContext();
        db.Units.AddRange(province, commune);
        db.Procedures.Add(new Model.Procedure
        {
            Code = $"8.{provinceCode}00",
            Name = "Thủ tục kiểm thử",
            Field = "Hộ tịch",
            ProcessingWorkingDays = 5,
            OnlineCapability = Model.OnlineCapability.FullyOnline,
        });
        await db.SaveChangesAsync();
        return commune.Code;
    }

    private static Dossier NewDossier(string commune, DateTime received, DateTime due, DossierStatus status, int sequence = 1) => new()
    {
        Code = $"000.00.{commune}.H56-{VietnamTime.LocalDate(received):yyMMdd}-{sequence:D4}",
        UnitCode = commune,
        ProcedureCode = $"8.{commune[..3]}000",
        Channel = DossierChannel.Counter,
        OnlineLevel = OnlineLevel.NotOnline,
        ReceivedTime = Time(received),
        DueTime = Time(due),
        Status = status,
        SourceSystem = "PORTAL",
        SourceVersion = 1,
    };

    /// <summary>Vietnam time in 2025, on the day at the hour.</summary>
    private static DateTime Vn(int month, int day, int hour = 9) => VietnamTime.ToUtc(new DateOnly(2025, month, day), new TimeOnly(hour, 0));

    private static Timestamp Time(DateTime utc) => Timestamp.FromDateTime(utc);

    private static (double, double) Fraction(GetScorecardResponse card, string code) =>
        card.Indicators.Single(i => i.IndicatorCode == code) is var i ? (i.Numerator, i.Denominator) : default;

    private async Task UpsertAsync(DossierService.DossierServiceClient client, IEnumerable<Model.Dossier> dossiers)
    {
        ReferenceCodes codes;
        await using (var db = server.CreateContext())
        {
            codes = await ReferenceCodes.LoadAsync(db, CancellationToken.None);
        }

        await UpsertAsync(client, dossiers.Select(d => DossierMapping.ToWire(d, codes, personalData: false)));
    }

    private static async Task UpsertAsync(DossierService.DossierServiceClient client, IEnumerable<Dossier> records)
    {
        foreach (var batch in records.Chunk(1000))
        {
            var response = await client.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { batch } }, deadline: DateTime.UtcNow.AddSeconds(60));
            Assert.All(response.Results, r => Assert.True(r.Outcome == UpsertOutcome.Applied, $"{r.Code}: {r.Outcome} {r.Reason}"));
        }
    }

    private async Task RollUpAsync(DateTime nowUtc, params Period[] periods)
    {
        foreach (var period in periods)
        {
            await using var db = server.CreateContext();
            await new RollupService(db, new FixedClock(new DateTimeOffset(nowUtc))).FullAsync(null, period, null, CancellationToken.None);
        }
    }

    private async Task<Dictionary<(int Unit, int Period, string Code), IndicatorSnapshot>> SnapshotsAsync(Period[] periods, List<int> units)
    {
        var keys = periods.Select(p => p.Key).ToList();
        await using var db = server.CreateContext();
        return await db.IndicatorSnapshots.AsNoTracking().Where(s => units.Contains(s.UnitId) && keys.Contains(s.PeriodKey))
            .ToDictionaryAsync(s => (s.UnitId, s.PeriodKey, s.IndicatorCode));
    }

    private async Task<GetScorecardResponse> ScorecardAsync(string unit, Period period)
    {
        var indicators = new IndicatorService.IndicatorServiceClient(await server.ChannelForAsync(unit, ClientScopes.IndicatorsRead));
        return await indicators.GetScorecardAsync(new GetScorecardRequest { UnitCode = unit, Period = new WirePeriod { Year = period.Year, Quarter = period.Quarter } },
            deadline: DateTime.UtcNow.AddSeconds(30));
    }
}

public sealed class ClosedPeriodFactsOnSqlite(SqliteEmptyGrpcServer server) : ClosedPeriodFacts<SqliteEmptyGrpcServer>(server);

public sealed class ClosedPeriodFactsOnPostgres(PostgresEmptyGrpcServer server) : ClosedPeriodFacts<PostgresEmptyGrpcServer>(server);
