using FriendlyGov.Data.Demo;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Clients;
using FriendlyGov.Domain.Indicators;
using FriendlyGov.Grpc.V1;
using FriendlyGov.Server.Indicators;
using FriendlyGov.Server.Tests.Sync;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using C = FriendlyGov.Domain.Indicators.IndicatorCatalogue;
using IndicatorService = FriendlyGov.Grpc.V1.IndicatorService;
using Period = FriendlyGov.Domain.Period;
using RollupState = FriendlyGov.Grpc.V1.RollupState;
using RunState = FriendlyGov.Domain.Indicators.RollupState;
using WirePeriod = FriendlyGov.Grpc.V1.Period;

namespace FriendlyGov.Server.Tests.Indicators;

/// <summary>Rollups on each provider: the report's figures, Σ/Σ at every level, targets, incremental runs, gRPC and Hangfire.</summary>
public abstract class RollupFacts<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GrpcServer
{
    private static readonly DateTimeOffset DemoNow = new(DemoData.AsOfUtc);

    [Fact]
    public async Task HoangKim2023RollsUpToTheReportsFigures()
    {
        await FullAsync(Period.OfYear(2023));
        var year = await SnapshotsAsync(DemoData.HoangKimCode, Period.OfYear(2023));

        Assert.Equal((600m, 779m), Fraction(year[C.OnlineShare]));
        Assert.Equal(77.02m, year[C.OnlineShare].Value);
        Assert.Equal(779m, year[C.DossiersReceived].Numerator);
        Assert.Equal(397m, year[C.DossiersReceivedPartlyOnline].Numerator);
        Assert.Equal(203m, year[C.DossiersReceivedFullyOnline].Numerator);
        Assert.Equal(179m, year[C.DossiersReceivedCounter].Numerator);
        Assert.Equal(47m, year[C.InterAgencyCount].Numerator);
        Assert.Equal(100m, year[C.OnTimeShare].Value);
        Assert.True(year[C.OnTimeShare].Met);
        Assert.Equal(0m, year[C.OverdueCount].Numerator);
        Assert.True(year[C.OverdueCount].Met);
        Assert.Equal((48m, 48m), Fraction(year[C.SatisfactionShare]));
        Assert.Equal(100m, year[C.ResultsPublishedShare].Value);
        Assert.Equal(40m, year[C.LettersMarriage].Numerator);
        Assert.Equal(81m, year[C.LettersBirth].Numerator);
        Assert.Equal(45m, year[C.LettersCondolence].Numerator);
        Assert.Equal(0m, year[C.LettersApology].Numerator);
        Assert.Equal(25m, year[C.ReceptionSessions].Numerator);
        Assert.Equal((8m, 12m), Fraction(year[C.ChairmanReceptionsPerMonth]));
        Assert.False(year[C.ChairmanReceptionsPerMonth].Met, "8 sessions in 12 months is below the rule of 4 a month");
        Assert.Equal(1m, year[C.Dialogues].Numerator);
        Assert.Equal(9m, year[C.DialogueOpinions].Numerator);
        Assert.Equal((1m, 1m), Fraction(year[C.PetitionsResolvedShare]));
    }

    [Fact]
    public async Task AParentIsTheSumOfItsSubtreeNotTheAverageOfItsChildren()
    {
        var period = new Period(2024, 2);
        await FullAsync(period);
        await using var db = server.CreateContext();
        var district = await db.Units.SingleAsync(u => u.Code == "388");
        var communes = await db.Units.Where(u => u.ParentId == district.Id).Select(u => u.Id).ToListAsync();
        var snapshots = await db.IndicatorSnapshots.Where(s => s.PeriodKey == period.Key && s.IndicatorCode == C.OnTimeShare).ToListAsync();

        var parent = snapshots.Single(s => s.UnitId == district.Id);
        var children = snapshots.Where(s => communes.Contains(s.UnitId)).ToList();

        Assert.Equal(children.Sum(c => c.Numerator), parent.Numerator);
        Assert.Equal(children.Sum(c => c.Denominator), parent.Denominator);
        Assert.Equal(Math.Round(parent.Numerator * 100 / parent.Denominator, 2), parent.Value);
        Assert.NotEqual(Math.Round(children.Average(c => c.Value!.Value), 2), parent.Value);
        var province = snapshots.Single(s => s.UnitId == district.ParentId);
        Assert.Equal(parent.Numerator, province.Numerator);
    }

    [Fact]
    public async Task ATargetIsInheritedFromTheProvinceUnlessACommuneOverridesIt()
    {
        var period = new Period(2026, 1);
        await FullAsync(period);

        var hoangGiang = await SnapshotsAsync("16998", period);
        var hoangPhu = await SnapshotsAsync(DemoData.NewHoangPhuCode, period);

        Assert.Equal(80m, hoangGiang[C.OnlineShare].Target);
        Assert.Equal(100m, hoangPhu[C.OnlineShare].Target);
        Assert.Equal(98m, hoangPhu[C.SatisfactionShare].Target);
    }

    [Fact]
    public async Task AnIncrementalRunRecomputesOnlyChangedUnitsAndEqualsAFullRollup()
    {
        var period = new Period(2026, 3);
        await FullAsync(period);
        await FullAsync(Period.OfYear(2026));
        await FullAsync(new Period(2026, 4));
        await using (var db = server.CreateContext())
        {
            await db.RollupMarks.ExecuteDeleteAsync();
        }

        // Ten dossiers of one commune finish late: a change of records through the API.
        var client = new DossierService.DossierServiceClient(await server.ChannelForAsync("38", ClientScopes.All));
        var changed = Enumerable.Range(1, 10).Select(i =>
        {
            var d = WireDossiers.New(DemoData.NewHoangPhuCode, "61", i, received: new DateTime(2026, 8, 3, 2, 0, 0, DateTimeKind.Utc).AddMinutes(i));
            d.Status = DossierStatus.Returned;
            d.FinishedTime = Timestamp.FromDateTime(d.DueTime.ToDateTime().AddDays(2));
            d.ReturnedTime = d.FinishedTime;
            return d;
        });
        await client.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { changed } }, deadline: DateTime.UtcNow.AddSeconds(30));

        IReadOnlyCollection<(int Unit, int PeriodKey)> recomputed;
        await using (var db = server.CreateContext())
        {
            recomputed = await new RollupService(db, new FixedClock(DemoNow)).IncrementalAsync(null, CancellationToken.None);
        }

        var incremental = await SnapshotsAsync(DemoData.NewHoangPhuCode, period);
        await FullAsync(period);
        var full = await SnapshotsAsync(DemoData.NewHoangPhuCode, period);

        await using var check = server.CreateContext();
        var hoangPhu = await check.Units.SingleAsync(u => u.Code == DemoData.NewHoangPhuCode);
        Assert.Equal([hoangPhu.Id, hoangPhu.ParentId!.Value], recomputed.Select(r => r.Unit).Distinct().Order().Reverse().ToList());
        Assert.Contains((hoangPhu.Id, period.Key), recomputed);
        Assert.All(full, f => Assert.Equal((f.Value.Numerator, f.Value.Denominator, f.Value.Value), (incremental[f.Key].Numerator, incremental[f.Key].Denominator, incremental[f.Key].Value)));
        Assert.True(full[C.OverdueCount].Numerator >= 10);
    }

    [Fact]
    public async Task ADossierReceivedAt2330OnThe31stOfMarchLocalTimeCountsInTheFirstQuarter()
    {
        var client = new DossierService.DossierServiceClient(await server.ChannelForAsync("38", ClientScopes.All));
        var late = WireDossiers.New("16998", "62", 1, received: new DateTime(2026, 3, 31, 16, 30, 0, DateTimeKind.Utc));
        await client.UpsertDossiersAsync(new UpsertDossiersRequest { Records = { late } }, deadline: DateTime.UtcNow.AddSeconds(30));
        await FullAsync(new Period(2026, 1));
        await FullAsync(new Period(2026, 2));

        await using var db = server.CreateContext();
        var unit = await db.Units.SingleAsync(u => u.Code == "16998");
        var q1 = await db.Dossiers.Where(d => d.UnitId == unit.Id && d.ReceivedQuarter == 20261).CountAsync();
        var q2 = await db.Dossiers.Where(d => d.UnitId == unit.Id && d.ReceivedQuarter == 20262).CountAsync();

        Assert.Equal(q1, (await SnapshotsAsync("16998", new Period(2026, 1)))[C.DossiersReceived].Numerator);
        Assert.Equal(q2, (await SnapshotsAsync("16998", new Period(2026, 2)))[C.DossiersReceived].Numerator);
        Assert.Equal(20261, (await db.Dossiers.SingleAsync(d => d.Code == late.Code)).ReceivedQuarter);
    }

    [Fact]
    public async Task TheScorecardSeriesAndRankingOverGrpcReadTheSnapshots()
    {
        await FullAsync(Period.OfYear(2023));
        await FullAsync(new Period(2023, 3));
        await FullAsync(new Period(2023, 4));
        var indicators = new IndicatorService.IndicatorServiceClient(await server.ChannelForAsync("38", ClientScopes.IndicatorsRead));

        var card = await indicators.GetScorecardAsync(new GetScorecardRequest { UnitCode = DemoData.HoangKimCode, Period = new WirePeriod { Year = 2023 } }, deadline: DateTime.UtcNow.AddSeconds(30));
        var series = await indicators.GetSeriesAsync(new GetSeriesRequest
        {
            UnitCode = DemoData.HoangKimCode,
            IndicatorCode = C.OnTimeShare,
            FirstPeriod = new WirePeriod { Year = 2023, Quarter = 3 },
            LastPeriod = new WirePeriod { Year = 2023, Quarter = 4 },
        }, deadline: DateTime.UtcNow.AddSeconds(30));
        var ranking = await indicators.RankChildrenAsync(new RankChildrenRequest { UnitCode = "388", IndicatorCode = C.OnTimeShare, Period = new WirePeriod { Year = 2023 } }, deadline: DateTime.UtcNow.AddSeconds(30));

        var online = card.Indicators.Single(i => i.IndicatorCode == C.OnlineShare);
        Assert.Equal((600, 779), (online.Numerator, online.Denominator));
        Assert.Equal(TargetState.NotMet, online.TargetState);
        Assert.Equal(100, card.Indicators.Single(i => i.IndicatorCode == C.OnTimeShare).Value);
        Assert.Equal(20, card.Decision766Groups.Single(g => g.Code == "progress").Points);
        Assert.False(card.Decision766Groups.Single(g => g.Code == "publicity").HasPoints);
        Assert.Equal(2, series.Points.Count);
        Assert.All(series.Points, p => Assert.Equal(100, p.Value));
        Assert.Equal(8, ranking.Units.Count);
        Assert.Equal(1, ranking.Units[0].Rank);
        Assert.True(ranking.Units.Zip(ranking.Units.Skip(1)).All(p => p.First.Indicator.Value >= p.Second.Indicator.Value));
    }

    [Fact]
    public async Task ARollupStartedOverGrpcRunsOnHangfireAndTwoForOneUnitAndPeriodNeverOverlap()
    {
        var indicators = new IndicatorService.IndicatorServiceClient(await server.ChannelForAsync("38", ClientScopes.IndicatorsRead | ClientScopes.RollupsWrite));
        var request = new StartRollupRequest { UnitCode = "16998", Period = new WirePeriod { Year = 2025, Quarter = 4 } };

        var first = await indicators.StartRollupAsync(request, deadline: DateTime.UtcNow.AddSeconds(30));
        var second = await indicators.StartRollupAsync(request, deadline: DateTime.UtcNow.AddSeconds(30));
        var states = new List<GetRollupResponse>();
        foreach (var id in new[] { first.RollupId, second.RollupId })
        {
            GetRollupResponse state;
            var deadline = DateTime.UtcNow.AddSeconds(120);
            do
            {
                await Task.Delay(250);
                state = await indicators.GetRollupAsync(new GetRollupRequest { RollupId = id }, deadline: DateTime.UtcNow.AddSeconds(30));
            }
            while (state.State is RollupState.Queued or RollupState.Running && DateTime.UtcNow < deadline);

            states.Add(state);
        }

        Assert.All(states, s => Assert.Equal(RollupState.Succeeded, s.State));
        Assert.All(states, s => Assert.Equal(s.UnitsTotal, s.UnitsDone));
        var (a, b) = (states[0], states[1]);
        Assert.True(a.FinishTime <= b.StartTime || b.FinishTime <= a.StartTime, "the two rollups overlapped");
        Assert.NotEmpty(await SnapshotsAsync("16998", new Period(2025, 4)));
    }

    /// <summary>
    /// The 30-second tick of the incremental rollup records a run only when there is work and no other
    /// rollup holds the lock; a skipped tick leaves the marks for the next one.
    /// </summary>
    [Fact]
    public async Task AnIncrementalTickRunsOnlyWithWorkToDoAndNoOtherRollupRunning()
    {
        var services = server.Factory.Services;
        async Task TickAsync()
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<RollupJobs>().QuarterToDateAsync(CancellationToken.None);
        }

        async Task<(int Runs, int Marks)> CountAsync()
        {
            await using var db = server.CreateContext();
            return (await db.RollupRuns.CountAsync(r => r.Kind == RollupJobs.Incremental), await db.RollupMarks.CountAsync());
        }

        // Brought to date by a first tick, whatever earlier tests left marked.
        await TickAsync();
        var (runs, marks) = await CountAsync();
        Assert.Equal(0, marks);
        await TickAsync();
        Assert.Equal((runs, 0), await CountAsync());

        await using (var db = server.CreateContext())
        {
            var hoangPhu = await db.Units.SingleAsync(u => u.Code == DemoData.NewHoangPhuCode);
            db.RollupMarks.Add(new RollupMark { UnitId = hoangPhu.Id, FromQuarter = new Period(2026, 4).Key });
            await db.SaveChangesAsync();
        }

        // Another rollup runs (the test holds the rollup lock as a run would): the tick leaves the mark alone.
        await using (await services.GetRequiredService<RollupLocks>().AcquireAsync(999_999_998, CancellationToken.None))
        {
            await TickAsync();
            Assert.Equal((runs, 1), await CountAsync());
        }

        await TickAsync();
        Assert.Equal((runs + 1, 0), await CountAsync());
        await using var check = server.CreateContext();
        Assert.Equal(RunState.Succeeded, (await check.RollupRuns.Where(r => r.Kind == RollupJobs.Incremental).OrderBy(r => r.Id).LastAsync()).State);
    }

    [Fact]
    public async Task ARunWhoseServerIsGoneIsQueuedAgainButOneAServerStillHoldsIsLeftAlone()
    {
        var services = server.Factory.Services;
        long dead, queued, live;
        await using (var db = server.CreateContext())
        {
            var unit = await db.Units.SingleAsync(u => u.Code == "16998");
            RollupRun Run(RunState state) => new() { Kind = RollupJobs.Full, UnitId = unit.Id, PeriodKey = new Period(2025, 3).Key, State = state, QueuedAt = DateTime.UtcNow };
            var runs = new[] { Run(RunState.Running), Run(RunState.Queued), Run(RunState.Running) };
            db.RollupRuns.AddRange(runs);
            await db.SaveChangesAsync();
            (dead, queued, live) = (runs[0].Id, runs[1].Id, runs[2].Id);
        }

        // The test plays the live server of one run: it holds that run's lock (and so the rollup lock, which keeps the others waiting).
        await using (await services.GetRequiredService<RollupLocks>().AcquireAsync(live, CancellationToken.None))
        {
            await using (var scope = services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<RollupJobs>().RecoverAsync(CancellationToken.None);
            }

            var states = await RunsAsync(dead, queued, live);
            Assert.Equal((RunState.Failed, RollupJobs.ServerStoppedError), (states[dead].State, states[dead].Error));
            Assert.Equal(RunState.Queued, states[queued].State);
            Assert.Equal(RunState.Running, states[live].State);

            // The live server ends its run before letting go.
            await using var db = server.CreateContext();
            await db.RollupRuns.Where(r => r.Id == live).ExecuteUpdateAsync(s => s.SetProperty(r => r.State, RunState.Succeeded));
        }

        var deadline = DateTime.UtcNow.AddSeconds(120);
        Dictionary<long, RollupRun> ended;
        do
        {
            await Task.Delay(250);
            ended = await RunsAsync(dead, queued);
        }
        while (ended.Values.Any(r => r.State != RunState.Succeeded) && DateTime.UtcNow < deadline);

        Assert.All(ended.Values, r => Assert.Equal((RunState.Succeeded, null, r.UnitsTotal), (r.State, r.Error, r.UnitsDone)));
    }

    private static (decimal, decimal) Fraction(IndicatorSnapshot s) => (s.Numerator, s.Denominator);

    private async Task FullAsync(Period period)
    {
        await using var db = server.CreateContext();
        await new RollupService(db, new FixedClock(DemoNow)).FullAsync(null, period, null, CancellationToken.None);
    }

    private async Task<Dictionary<long, RollupRun>> RunsAsync(params long[] ids)
    {
        await using var db = server.CreateContext();
        return await db.RollupRuns.AsNoTracking().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id);
    }

    private async Task<Dictionary<string, IndicatorSnapshot>> SnapshotsAsync(string unitCode, Period period)
    {
        await using var db = server.CreateContext();
        return await db.IndicatorSnapshots.Where(s => s.PeriodKey == period.Key && db.Units.Any(u => u.Id == s.UnitId && u.Code == unitCode))
            .ToDictionaryAsync(s => s.IndicatorCode);
    }
}

public sealed class RollupFactsOnSqlite(SqliteGrpcServer server) : RollupFacts<SqliteGrpcServer>(server);

public sealed class RollupFactsOnPostgres(PostgresGrpcServer server) : RollupFacts<PostgresGrpcServer>(server);

/// <summary>The demo data's "now", so that open dossiers are judged as the demo means them.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
