using System.Globalization;
using System.Text;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Calendar;
using FriendlyGov.Domain.Dialogues;
using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Domain.Indicators;
using FriendlyGov.Domain.Letters;
using FriendlyGov.Domain.Petitions;
using FriendlyGov.Domain.Receptions;
using FriendlyGov.Domain.Surveys;
using FriendlyGov.Domain.Units;
using FriendlyGov.Server.Indicators;
using FriendlyGov.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;
using C = FriendlyGov.Domain.Indicators.IndicatorCatalogue;

namespace FriendlyGov.Server.Tests.Indicators;

/// <summary>
/// A property test of the full rollup on each provider: records generated from fixed seeds, rolled
/// up for every quarter of 2025 and the year, and every snapshot of every unit (leaves and parents)
/// compared with the same indicator computed naively in memory from the catalogue's written
/// definitions — lateness from the records' raw timestamps as of each period's end, not from the
/// product's derived columns. The quarters are rolled up in one call, the year in another.
/// </summary>
public abstract class RollupPropertyFacts<TDatabase>(TDatabase database, ITestOutputHelper output) : IClassFixture<TDatabase>
    where TDatabase : DatabaseFixture
{
    private static readonly int[] Seeds = [11, 23, 37, 42];

    [Fact]
    public async Task EverySnapshotEqualsANaiveComputationAtEveryLevel()
    {
        var worlds = new List<GeneratedWorld>();
        for (var i = 0; i < Seeds.Length; i++)
        {
            var world = GeneratedWorld.Generate(i + 1, Seeds[i]);
            await world.SaveAsync(database);
            output.WriteLine(world.Describe());
            worlds.Add(world);
        }

        GeneratedWorld.AssertTheEdgesAreCovered(worlds);
        // The quarters in one pass (as the benchmark and a catch-up do), the year alone (as the closing job does).
        foreach (var periods in GeneratedWorld.Periods.GroupBy(p => p.IsYear))
        {
            await using var db = database.CreateContext();
            await new RollupService(db, new FixedClock(new DateTimeOffset(GeneratedWorld.Now))).FullAsync(null, [.. periods], null, CancellationToken.None);
        }

        var units = worlds.SelectMany(w => w.Units).ToList();
        List<IndicatorSnapshot> snapshots;
        await using (var db = database.CreateContext())
        {
            var unitIds = units.Select(u => u.Id).ToList();
            var periodKeys = GeneratedWorld.Periods.Select(p => p.Key).ToList();
            snapshots = await db.IndicatorSnapshots.AsNoTracking()
                .Where(s => unitIds.Contains(s.UnitId) && periodKeys.Contains(s.PeriodKey)).ToListAsync();
        }

        Assert.Equal(units.Count * GeneratedWorld.Periods.Length * C.All.Count, snapshots.Count);
        var stored = snapshots.ToDictionary(s => (s.UnitId, s.PeriodKey, s.IndicatorCode));
        var mismatches = new List<string>();
        var byIndicator = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var world in worlds)
        {
            foreach (var period in GeneratedWorld.Periods)
            {
                var naive = NaiveRollup.Compute(world, period);
                foreach (var unit in world.Units)
                {
                    foreach (var code in NaiveRollup.Codes)
                    {
                        var (total, own) = naive[(unit.Id, code)];
                        var s = stored[(unit.Id, period.Key, code)];
                        if (s.Numerator != total.Numerator || s.Denominator != total.Denominator
                            || s.OwnNumerator != own.Numerator || s.OwnDenominator != own.Denominator)
                        {
                            byIndicator[code] = byIndicator.GetValueOrDefault(code) + 1;
                            mismatches.Add(string.Create(CultureInfo.InvariantCulture,
                                $"seed {world.Seed} {period} unit {unit.Code} ({world.Describe(unit)}) {code}: " +
                                $"snapshot {s.Numerator:0.##}/{s.Denominator:0.##} (own {s.OwnNumerator:0.##}/{s.OwnDenominator:0.##}), " +
                                $"naive {total.Numerator:0.##}/{total.Denominator:0.##} (own {own.Numerator:0.##}/{own.Denominator:0.##})"));
                        }
                    }
                }
            }
        }

        Assert.True(mismatches.Count == 0,
            $"{mismatches.Count} of {units.Count * GeneratedWorld.Periods.Length * NaiveRollup.Codes.Length} snapshots differ from the naive computation; by indicator: " +
            string.Join(", ", byIndicator.Select(p => $"{p.Key} ×{p.Value}")) + "\n" +
            string.Join("\n", mismatches.Take(40)));
    }

    /// <summary>
    /// The smallest case of the per-month indicators: "sessions / months in the period" for every
    /// unit, so a commune without any record is measured against the 3 months too, and a parent's
    /// denominator (Σ over its subtree, itself included) does not depend on whether its units
    /// happen to have other records.
    /// </summary>
    [Fact]
    public async Task AUnitWithoutRecordsIsStillMeasuredAgainstTheMonthsOfThePeriod()
    {
        var period = new Period(2025, 1);
        var province = AdministrativeUnit.Create("9800", "Tỉnh kiểm thử", UnitLevel.Province, null, new DateOnly(2024, 1, 1));
        var busy = AdministrativeUnit.Create("9801", "Xã có tiếp dân", UnitLevel.Commune, province, new DateOnly(2024, 1, 1));
        var quiet = AdministrativeUnit.Create("9802", "Xã không có hồ sơ", UnitLevel.Commune, province, new DateOnly(2024, 1, 1));
        await using (var db = database.CreateContext())
        {
            db.Units.AddRange(province, busy, quiet);
            await db.SaveChangesAsync();
            db.ReceptionSessions.AddRange(Enumerable.Range(0, 4).Select(i => new ReceptionSession
            {
                UnitId = busy.Id,
                HeldOn = new DateOnly(2025, 1, 6).AddDays(7 * i),
                HostName = "Chủ tịch UBND",
                HostRole = HostRole.Chairman,
                Topic = "Tiếp công dân định kỳ",
            }));
            await db.SaveChangesAsync();
        }

        await using (var db = database.CreateContext())
        {
            await new RollupService(db, new FixedClock(new DateTimeOffset(GeneratedWorld.Now))).FullAsync(null, period, null, CancellationToken.None);
        }

        await using var check = database.CreateContext();
        var snapshots = await check.IndicatorSnapshots.AsNoTracking()
            .Where(s => s.PeriodKey == period.Key && s.IndicatorCode == C.ChairmanReceptionsPerMonth)
            .ToDictionaryAsync(s => s.UnitId);

        Assert.Equal((4m, 3m), (snapshots[busy.Id].Numerator, snapshots[busy.Id].Denominator));
        Assert.Equal((0m, 3m, (decimal?)0m), (snapshots[quiet.Id].Numerator, snapshots[quiet.Id].Denominator, snapshots[quiet.Id].Value));
        Assert.Equal((0m, 3m), (snapshots[province.Id].OwnNumerator, snapshots[province.Id].OwnDenominator));
        Assert.Equal((4m, 9m, (decimal?)0.44m), (snapshots[province.Id].Numerator, snapshots[province.Id].Denominator, snapshots[province.Id].Value));
    }
}

public sealed class RollupPropertyFactsOnSqlite(SqliteEmptyDatabase database, ITestOutputHelper output)
    : RollupPropertyFacts<SqliteEmptyDatabase>(database, output);

public sealed class RollupPropertyFactsOnPostgres(PostgresEmptyDatabase database, ITestOutputHelper output)
    : RollupPropertyFacts<PostgresEmptyDatabase>(database, output);

/// <summary>The indicators computed the obvious way: lists, the catalogue's words, the domain's helpers.</summary>
internal static class NaiveRollup
{
    /// <summary>Every indicator of the catalogue: the generator makes records for all of them.</summary>
    public static readonly string[] Codes =
    [
        C.DossiersReceived, C.DossiersReceivedCounter, C.DossiersReceivedPartlyOnline, C.DossiersReceivedFullyOnline, C.DossiersReceivedPostal,
        C.OnlineShare, C.FullyOnlineShare, C.OnTimeShare, C.OverdueCount, C.InterAgencyCount, C.ResultsPublishedShare, C.ResultsDigitisedShare,
        C.ApologyCoverage, C.SatisfactionShare, C.SurveyCount, C.ScoreAccess, C.ScoreProcedure, C.ScoreStaffAttitude, C.ScoreTimeliness,
        C.ScoreResult, C.ScoreFeedbackHandling, C.PetitionsReceived, C.PetitionsResolvedShare, C.ReceptionSessions,
        C.PartySecretaryReceptionsPerMonth, C.ChairmanReceptionsPerMonth, C.Dialogues, C.DialogueOpinions,
        C.LettersMarriage, C.LettersBirth, C.LettersCondolence, C.LettersApology, C.LettersThanks,
    ];

    /// <summary>For each unit and indicator: Σ over the unit's subtree, and the unit's own records.</summary>
    public static Dictionary<(int Unit, string Code), (Fraction Total, Fraction Own)> Compute(GeneratedWorld world, Period period)
    {
        var own = world.Units.ToDictionary(u => u.Id, u => Own(world, u, period));
        var result = new Dictionary<(int Unit, string Code), (Fraction Total, Fraction Own)>();
        foreach (var unit in world.Units)
        {
            var subtree = world.SubtreeOf(unit);
            foreach (var code in Codes)
            {
                var total = default(Fraction);
                foreach (var member in subtree)
                {
                    total += own[member.Id][code];
                }

                result[(unit.Id, code)] = (total, own[unit.Id][code]);
            }
        }

        return result;
    }

    private static bool In(Period period, Period quarter) => period.IsYear ? quarter.Year == period.Year : quarter == period;

    private static bool In(Period period, DateTime utc) => In(period, Period.QuarterOf(utc));

    private static bool In(Period period, DateOnly localDay) => In(period, Period.QuarterOf(localDay));

    private static Dictionary<string, Fraction> Own(GeneratedWorld world, AdministrativeUnit unit, Period period)
    {
        // "At the end of the period": its first local midnight after, or now while it is running.
        var periodEnd = VietnamTime.StartOfDayUtc(period.EndExclusive);
        var end = GeneratedWorld.Now < periodEnd ? GeneratedWorld.Now : periodEnd;
        decimal months = period.IsYear ? 12 : 3;
        static Fraction F(int numerator, int denominator = 0) => new(numerator, denominator);

        var dossiers = world.Dossiers.Where(d => d.UnitId == unit.Id).ToList();
        var received = dossiers.Where(d => In(period, d.ReceivedAt)).ToList();
        var finished = dossiers.Where(d => Dossier.IsFinished(d.Status) && In(period, d.FinishedAt!.Value)).ToList();
        var finishedLate = finished.Where(d => !OnTime(d)).ToList();
        var openLate = dossiers.Where(d => OpenAndLate(d, end)).ToList();
        var late = finishedLate.Concat(openLate).ToList();
        var apologised = world.Letters.Where(l => l.Kind == LetterKind.LateApology && l.IssuedAt < end).Select(l => l.Dossier!).ToHashSet();

        var surveys = world.Surveys.Where(s => s.UnitId == unit.Id && In(period, s.SurveyedAt)).ToList();
        Fraction Score(Func<SatisfactionSurvey, int?> score) =>
            new(surveys.Sum(s => score(s) ?? 0), surveys.Count(s => score(s) is not null));

        var petitions = world.Petitions.Where(p => p.UnitId == unit.Id && In(period, p.ReceivedOn)).ToList();
        var sessions = world.Receptions.Where(r => r.UnitId == unit.Id && In(period, r.HeldOn)).ToList();
        var dialogues = world.Dialogues.Where(d => d.UnitId == unit.Id && In(period, d.HeldOn)).ToList();
        var letters = world.Letters.Where(l => l.UnitId == unit.Id && In(period, l.IssuedAt!.Value)).ToList();
        Fraction Letters(LetterKind kind) => F(letters.Count(l => l.Kind == kind));

        return new Dictionary<string, Fraction>(StringComparer.Ordinal)
        {
            [C.DossiersReceived] = F(received.Count),
            [C.DossiersReceivedCounter] = F(received.Count(d => d.Channel == DossierChannel.Counter)),
            [C.DossiersReceivedPartlyOnline] = F(received.Count(d => d.OnlineLevel == OnlineLevel.PartlyOnline)),
            [C.DossiersReceivedFullyOnline] = F(received.Count(d => d.OnlineLevel == OnlineLevel.FullyOnline)),
            [C.DossiersReceivedPostal] = F(received.Count(d => d.Channel == DossierChannel.PublicPostal)),
            // Online ⇔ partly or fully online: counted here by channel, in SQL by level.
            [C.OnlineShare] = F(received.Count(d => d.Channel == DossierChannel.Online), received.Count),
            [C.FullyOnlineShare] = F(received.Count(d => d.OnlineLevel == OnlineLevel.FullyOnline), received.Count),
            [C.InterAgencyCount] = F(received.Count(d => d.InterAgency)),
            [C.OnTimeShare] = F(finished.Count(OnTime), finished.Count + openLate.Count),
            [C.OverdueCount] = F(late.Count),
            [C.ResultsPublishedShare] = F(finished.Count(d => d.ResultPublished), finished.Count),
            [C.ResultsDigitisedShare] = F(finished.Count(d => d.Digitised), finished.Count),
            [C.ApologyCoverage] = F(late.Count(apologised.Contains), late.Count),
            [C.SatisfactionShare] = F(surveys.Count(s => s.Satisfied), surveys.Count),
            [C.SurveyCount] = F(surveys.Count),
            [C.ScoreAccess] = Score(s => s.AccessScore),
            [C.ScoreProcedure] = Score(s => s.ProcedureScore),
            [C.ScoreStaffAttitude] = Score(s => s.StaffAttitudeScore),
            [C.ScoreTimeliness] = Score(s => s.TimelinessScore),
            [C.ScoreResult] = Score(s => s.ResultScore),
            [C.ScoreFeedbackHandling] = Score(s => s.FeedbackHandlingScore),
            [C.PetitionsReceived] = F(petitions.Count),
            [C.PetitionsResolvedShare] = F(petitions.Count(p => p.Status == PetitionStatus.Resolved), petitions.Count),
            [C.ReceptionSessions] = F(sessions.Count),
            // "Sessions … / months in the period": every unit has the months of the period, sessions or not.
            [C.PartySecretaryReceptionsPerMonth] = new(sessions.Count(r => r.HostRole == HostRole.PartySecretary), months),
            [C.ChairmanReceptionsPerMonth] = new(sessions.Count(r => r.HostRole is HostRole.Chairman or HostRole.ViceChairman), months),
            [C.Dialogues] = F(dialogues.Count),
            [C.DialogueOpinions] = F(dialogues.Sum(d => d.Opinions.Count)),
            [C.LettersMarriage] = Letters(LetterKind.MarriageCongratulation),
            [C.LettersBirth] = Letters(LetterKind.BirthCongratulation),
            [C.LettersCondolence] = Letters(LetterKind.DeathCondolence),
            [C.LettersApology] = Letters(LetterKind.LateApology),
            [C.LettersThanks] = Letters(LetterKind.Thanks),
        };
    }

    /// <summary>Finished by the due time plus the citizen's supplement time, with at most one supplement request.</summary>
    private static bool OnTime(Dossier d) => d.FinishedAt <= d.DueAt + PausedBefore(d, DateTime.MaxValue) && d.Supplements.Count <= 1;

    /// <summary>
    /// As it stood at <paramref name="end"/>: received before it and not finished or closed before it
    /// (refused, stopped or withdrawn later counts as open then), and either asked twice to supplement
    /// before it, or past its due time plus the time paused for the citizen before it (a request
    /// still open at the end pauses the clock up to the end). Nothing later counts.
    /// </summary>
    private static bool OpenAndLate(Dossier d, DateTime end) =>
        d.ReceivedAt < end
        && (d.FinishedAt is null || d.FinishedAt.Value >= end)
        && (d.Supplements.Count(s => s.RequestedAt < end) >= 2 || end > d.DueAt + PausedBefore(d, end));

    /// <summary>Σ over the requests made before <paramref name="end"/> of the time from each to its resumption, or to the end.</summary>
    private static TimeSpan PausedBefore(Dossier d, DateTime end) =>
        d.Supplements.Where(s => s.RequestedAt < end)
            .Aggregate(TimeSpan.Zero, (sum, s) => sum + ((s.ResumedAt is { } resumed && resumed < end ? resumed : end) - s.RequestedAt));
}

/// <summary>One seed's records: a province with districts and communes, a procedure, and a year of records.</summary>
internal sealed class GeneratedWorld
{
    public const string Source = "property-test";

    /// <summary>Q4 2025 is running: 10:00 on 15 November, Vietnam time.</summary>
    public static readonly DateTime Now = new(2025, 11, 15, 3, 0, 0, DateTimeKind.Utc);

    public static readonly Period[] Periods = [new(2025, 1), new(2025, 2), new(2025, 3), new(2025, 4), Period.OfYear(2025)];

    /// <summary>The first instant (local midnight, as UTC) of each quarter of 2025: where a record changes quarter.</summary>
    private static readonly DateTime[] Boundaries =
        [.. new[] { new DateOnly(2025, 1, 1), new DateOnly(2025, 4, 1), new DateOnly(2025, 7, 1), new DateOnly(2025, 10, 1) }.Select(VietnamTime.StartOfDayUtc)];

    /// <summary>The ends of the quarters of 2025 that have ended by <see cref="Now"/>.</summary>
    private static readonly DateTime[] QuarterEnds = [.. Boundaries.Skip(1)];

    private static readonly DateOnly[] BoundaryDays =
    [
        new(2024, 12, 31), new(2025, 1, 1), new(2025, 3, 31), new(2025, 4, 1), new(2025, 6, 30), new(2025, 7, 1), new(2025, 9, 30), new(2025, 10, 1),
    ];

    private static readonly DateTime FirstReceived = VietnamTime.StartOfDayUtc(new DateOnly(2024, 12, 1));

    private static readonly DateTime YearStart = VietnamTime.StartOfDayUtc(new DateOnly(2025, 1, 1));

    private static readonly DateOnly Today = VietnamTime.LocalDate(Now);

    private readonly Random _random;
    private readonly Dictionary<AdministrativeUnit, string> _roles = [];
    private AdministrativeUnit? _idle;

    private GeneratedWorld(int index, int seed)
    {
        Index = index;
        Seed = seed;
        _random = new Random(seed);
    }

    public int Index { get; }

    public int Seed { get; }

    public List<AdministrativeUnit> Units { get; } = [];

    public Procedure Procedure { get; private set; } = null!;

    public List<Dossier> Dossiers { get; } = [];

    public List<SatisfactionSurvey> Surveys { get; } = [];

    public List<Letter> Letters { get; } = [];

    public List<ReceptionSession> Receptions { get; } = [];

    public List<Petition> Petitions { get; } = [];

    public List<Dialogue> Dialogues { get; } = [];

    /// <summary>The unit and every unit below it, by the generated parents (not by path).</summary>
    public List<AdministrativeUnit> SubtreeOf(AdministrativeUnit unit) =>
        [unit, .. Units.Where(u => u.Parent == unit).SelectMany(SubtreeOf)];

    public string Describe(AdministrativeUnit unit) => _roles[unit];

    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"seed {Seed}: {Units.Count} units ({string.Join(", ", Units.Select(u => $"{u.Code}={_roles[u]}"))}); ");
        text.Append(CultureInfo.InvariantCulture, $"{Dossiers.Count} dossiers (");
        text.AppendJoin(", ", Dossiers.GroupBy(d => d.Status).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"));
        text.Append(CultureInfo.InvariantCulture, $"; late now {Dossiers.Count(d => d.IsLate(Now))}, ");
        text.Append(CultureInfo.InvariantCulture, $"with supplements 1: {Dossiers.Count(d => d.Supplements.Count == 1)}, 2+: {Dossiers.Count(d => d.Supplements.Count > 1)}), ");
        text.Append(CultureInfo.InvariantCulture, $"{Surveys.Count} surveys, {Letters.Count} letters ({Letters.Count(l => l.Kind == LetterKind.LateApology)} apologies), ");
        text.Append(CultureInfo.InvariantCulture, $"{Receptions.Count} receptions, {Petitions.Count} petitions, {Dialogues.Count} dialogues");
        return text.ToString();
    }

    /// <summary>The seeds must reach the cases the rollup could get wrong, or the property proves little.</summary>
    public static void AssertTheEdgesAreCovered(IReadOnlyList<GeneratedWorld> worlds)
    {
        var dossiers = worlds.SelectMany(w => w.Dossiers).ToList();
        var quarterEnds = Boundaries.Skip(1).ToList();
        bool OpenAt(Dossier d, DateTime at) => d.ReceivedAt < at && (d.FinishedAt is null || d.FinishedAt >= at);
        var edges = new (string Name, bool Covered)[]
        {
            ("received in the last 3 hours of a quarter (local)", dossiers.Any(d => Boundaries.Any(b => d.ReceivedAt < b && d.ReceivedAt >= b.AddHours(-3)))),
            ("received in the first 3 hours of a quarter (local)", dossiers.Any(d => Boundaries.Any(b => d.ReceivedAt >= b && d.ReceivedAt < b.AddHours(3)))),
            ("received in 2024", dossiers.Any(d => d.ReceivedAt < YearStart)),
            ("due at a quarter's first instant", dossiers.Any(d => Boundaries.Contains(d.DueAt))),
            ("finished at a quarter's first instant", dossiers.Any(d => d.FinishedAt is { } f && Boundaries.Contains(f) && Dossier.IsFinished(d.Status))),
            ("finished exactly at the due time plus supplement time", dossiers.Any(d => Dossier.IsFinished(d.Status) && d.FinishedAt == d.EffectiveDueAt && d.EffectiveDueAt > d.DueAt)),
            ("finished in time but sent back twice", dossiers.Any(d => Dossier.IsFinished(d.Status) && d.FinishedAt <= d.EffectiveDueAt && d.Supplements.Count > 1)),
            ("finished late with one supplement request", dossiers.Any(d => Dossier.IsFinished(d.Status) && d.FinishedAt > d.EffectiveDueAt && d.Supplements.Count == 1)),
            ("open past due at a quarter's end, finished later", dossiers.Any(d => quarterEnds.Any(e => OpenAt(d, e) && d.EffectiveDueAt < e) && Dossier.IsFinished(d.Status))),
            ("open past due at a quarter's end, refused later", dossiers.Any(d => quarterEnds.Any(e => OpenAt(d, e) && d.EffectiveDueAt < e) && d.Status == DossierStatus.Refused)),
            ("open and past due now", dossiers.Any(d => OpenAt(d, Now) && d.Status is DossierStatus.InProgress && d.EffectiveDueAt < Now)),
            ("open and not yet due now", dossiers.Any(d => OpenAt(d, Now) && d.Status is DossierStatus.InProgress or DossierStatus.Received && d.EffectiveDueAt > Now)),
            ("awaiting a supplement past due", dossiers.Any(d => d.Status == DossierStatus.SupplementRequested && d.EffectiveDueAt < Now)),
            ("awaiting a second supplement", dossiers.Any(d => d.Status == DossierStatus.SupplementRequested && d.Supplements.Count > 1)),
            ("stopped or withdrawn while awaiting a supplement", dossiers.Any(d => d.Status is DossierStatus.Stopped or DossierStatus.Withdrawn && d.Supplements.Any(s => s.ResumedAt is null))),
            ("a request open across a quarter's end, made after the due time", dossiers.Any(d => quarterEnds.Any(e => OpenAt(d, e)
                && d.Supplements.Any(s => s.RequestedAt < e && !(s.ResumedAt < e) && s.RequestedAt > d.DueAt)))),
            ("a first request open across a quarter's end, made before the due time", dossiers.Any(d => quarterEnds.Any(e => OpenAt(d, e)
                && d.Supplements.Count > 0 && d.Supplements[0].RequestedAt < e && !(d.Supplements[0].ResumedAt < e) && d.Supplements[0].RequestedAt < d.DueAt && d.DueAt < e))),
            ("such a request resumed after the end, then finished late", dossiers.Any(d => quarterEnds.Any(e => OpenAt(d, e)
                && d.Supplements.Count == 1 && d.Supplements[0].RequestedAt < e && d.Supplements[0].ResumedAt >= e && Dossier.IsFinished(d.Status) && d.FinishedAt > d.EffectiveDueAt))),
            ("one request before a quarter's end and a second after it", dossiers.Any(d => quarterEnds.Any(e => OpenAt(d, e)
                && d.Supplements.Count > 1 && d.Supplements[0].RequestedAt < e && d.Supplements[1].RequestedAt >= e))),
            ("stopped or withdrawn after a quarter's end, past due and not paused then", dossiers.Any(d => quarterEnds.Any(e => OpenAt(d, e)
                && d.Status is DossierStatus.Stopped or DossierStatus.Withdrawn && d.Supplements.Count == 0 && d.DueAt < e))),
            ("stopped or withdrawn after a quarter's end, awaiting the citizen then", dossiers.Any(d => quarterEnds.Any(e => OpenAt(d, e)
                && d.Status is DossierStatus.Stopped or DossierStatus.Withdrawn && d.Supplements.Any(s => s.RequestedAt < e && !(s.ResumedAt < e))))),
            ("apology for a dossier not late", worlds.Any(w => w.Letters.Any(l => l.Kind == LetterKind.LateApology && !l.Dossier!.IsLate(Now)))),
            ("late dossier without an apology", worlds.Any(w => w.Dossiers.Any(d => d.IsLate(Now) && !w.Letters.Any(l => l.Kind == LetterKind.LateApology && l.Dossier == d)))),
            ("apology issued in a later quarter than the dossier finished late", worlds.Any(w => w.Letters.Any(l => l.Kind == LetterKind.LateApology
                && l.Dossier!.FinishedAt is { } f && Dossier.IsFinished(l.Dossier.Status) && Period.QuarterOf(f) != Period.QuarterOf(l.IssuedAt!.Value)))),
            ("congratulation and condolence letters", worlds.SelectMany(w => w.Letters).Select(l => l.Kind).Distinct().Count() == 5),
            ("survey without an access score", worlds.Any(w => w.Surveys.Any(s => s.AccessScore is null))),
            ("survey at a quarter's last local hour", worlds.Any(w => w.Surveys.Any(s => Boundaries.Any(b => s.SurveyedAt < b && s.SurveyedAt >= b.AddHours(-1))))),
            ("reception on a quarter's last and first day", worlds.Any(w => w.Receptions.Any(r => r.HeldOn == new DateOnly(2025, 3, 31)))
                && worlds.Any(w => w.Receptions.Any(r => r.HeldOn == new DateOnly(2025, 4, 1)))),
            ("every host role", worlds.SelectMany(w => w.Receptions).Select(r => r.HostRole).Distinct().Count() == 4),
            ("petitions resolved and not", worlds.Any(w => w.Petitions.Any(p => p.Status == PetitionStatus.Resolved) && w.Petitions.Any(p => p.Status != PetitionStatus.Resolved))),
            ("a commune directly under the province", worlds.Any(w => w._roles.ContainsValue("commune under the province"))),
            ("a commune without records", worlds.Any(w => w._idle is not null)),
        };
        var missing = edges.Where(e => !e.Covered).Select(e => e.Name).ToList();
        Assert.True(missing.Count == 0, "the generated records miss: " + string.Join("; ", missing));
    }

    public static GeneratedWorld Generate(int index, int seed)
    {
        var world = new GeneratedWorld(index, seed);
        world.GenerateUnits();
        world.Procedure = new Procedure
        {
            Code = $"8.{index:D6}",
            Name = $"Thủ tục kiểm thử {index}",
            Field = "Hộ tịch",
            ProcessingWorkingDays = 5,
            OnlineCapability = OnlineCapability.FullyOnline,
        };
        return world;
    }

    /// <summary>Saves the units and the procedure, then every record (the context validates each one).</summary>
    public async Task SaveAsync(DatabaseFixture database)
    {
        await SaveUnitsAndGenerateAsync(database);
        await using (var db = database.CreateContext())
        {
            db.AttachRange(Units);
            db.Attach(Procedure);
            db.Dossiers.AddRange(Dossiers);
            db.Surveys.AddRange(Surveys);
            db.Letters.AddRange(Letters);
            db.ReceptionSessions.AddRange(Receptions);
            db.Petitions.AddRange(Petitions);
            db.Dialogues.AddRange(Dialogues);
            await db.SaveChangesAsync();
        }
    }

    /// <summary>Saves the units and the procedure, then generates the records (they need their ids) without saving them.</summary>
    public async Task SaveUnitsAndGenerateAsync(DatabaseFixture database)
    {
        await using (var db = database.CreateContext())
        {
            db.Units.AddRange(Units);
            db.Procedures.Add(Procedure);
            await db.SaveChangesAsync();
        }

        GenerateRecords();
    }

    // Codes are 4 digits so that they fit the agency part of a dossier code: 9, the world, district (0 = the province), commune.
    private void GenerateUnits()
    {
        var validFrom = new DateOnly(2024, 1, 1);
        var province = Add(AdministrativeUnit.Create($"9{Index}00", $"Tỉnh kiểm thử {Index}", UnitLevel.Province, null, validFrom), "province");
        var districts = _random.Next(1, 4);
        for (var d = 1; d <= districts; d++)
        {
            var district = Add(AdministrativeUnit.Create($"9{Index}{d}0", $"Huyện {d}", UnitLevel.District, province, validFrom), "district");
            var communes = _random.Next(1, 5);
            for (var c = 1; c <= communes; c++)
            {
                Add(AdministrativeUnit.Create($"9{Index}{d}{c}", $"Xã {d}.{c}", UnitLevel.Commune, district, validFrom), "commune");
            }
        }

        if (_random.Next(2) == 0)
        {
            Add(AdministrativeUnit.Create($"9{Index}05", "Xã trực thuộc tỉnh", UnitLevel.Commune, province, validFrom), "commune under the province");
        }

        // Sometimes a commune with no records at all: a unit the rollup must still report.
        if (_random.Next(2) == 0)
        {
            var d = _random.Next(1, districts + 1);
            var parent = Units.Single(u => u.Code == $"9{Index}{d}0");
            _idle = Add(AdministrativeUnit.Create($"9{Index}{d}9", "Xã không có hồ sơ", UnitLevel.Commune, parent, validFrom), "commune without records");
        }

        AdministrativeUnit Add(AdministrativeUnit unit, string role)
        {
            Units.Add(unit);
            _roles[unit] = role;
            return unit;
        }
    }

    private AdministrativeUnit AnyUnit()
    {
        var active = Units.Where(u => u != _idle).ToList();
        return active[_random.Next(active.Count)];
    }

    private void GenerateRecords()
    {
        var count = _random.Next(50, 201);
        for (var i = 1; i <= count; i++)
        {
            Dossiers.Add(NewDossier(i));
        }

        GenerateLetters();
        GenerateSurveys();
        GenerateReceptions();
        GeneratePetitions();
        GenerateDialogues();
    }

    private Dossier NewDossier(int sequence)
    {
        var unit = AnyUnit();
        DateTime? straddled = _random.Next(100) < 20 ? QuarterEnds[_random.Next(QuarterEnds.Length)] : null;
        var received = straddled is { } boundary ? boundary.AddSeconds(-_random.Next(3600, 20 * 86400)) : ReceivedTime();
        var channel = _random.Next(100) switch { < 35 => DossierChannel.Counter, < 85 => DossierChannel.Online, _ => DossierChannel.PublicPostal };
        var d = new Dossier
        {
            Code = $"000.00.{unit.Code}.H56-{VietnamTime.LocalDate(received):yyMMdd}-{sequence:D4}",
            UnitId = unit.Id,
            ProcedureId = Procedure.Id,
            Procedure = Procedure,
            Channel = channel,
            OnlineLevel = channel != DossierChannel.Online ? OnlineLevel.NotOnline
                : _random.Next(2) == 0 ? OnlineLevel.PartlyOnline : OnlineLevel.FullyOnline,
            InterAgency = _random.Next(10) == 0,
            ReceivedAt = received,
            DueAt = DueTime(received),
            Status = DossierStatus.InProgress,
            SourceSystem = Source,
            SourceVersion = 1,
            UpdatedAt = Now,
        };

        if (straddled is { } quarterEnd)
        {
            Straddle(d, quarterEnd);
            d.RefreshDerived();
            return d;
        }

        // 0–2 closed supplement requests, in order, each ending an hour before now at the latest.
        var last = received;
        var supplements = _random.Next(100) switch { < 55 => 0, < 85 => 1, _ => 2 };
        for (var i = 0; i < supplements; i++)
        {
            var requested = last.AddSeconds(_random.Next(600, 4 * 86400));
            var resumed = requested.AddSeconds(_random.Next(3600, 5 * 86400));
            if (resumed >= Now.AddHours(-1))
            {
                break;
            }

            d.Supplements.Add(new SupplementRequest { RequestedAt = requested, ResumedAt = resumed });
            last = resumed;
        }

        d.RefreshDerived();
        var due = d.EffectiveDueAt;
        switch (_random.Next(100))
        {
            case < 30 when last <= due && due <= Now: // finished on time, sometimes on a quarter's first instant
                Finish(d, BoundaryBetween(last, due) ?? Between(last, due));
                break;
            case < 40 when last <= due && due <= Now: // finished exactly at the (effective) due time
                Finish(d, due);
                break;
            case < 60 when Max(last, due).AddSeconds(1) <= Now: // finished late
                var from = Max(last, due).AddSeconds(1);
                var to = Min(Now, from.AddDays(15));
                Finish(d, BoundaryBetween(from, to) ?? Between(from, to));
                break;
            case >= 60 and < 70: // refused, sometimes long after its due time
                d.Status = DossierStatus.Refused;
                d.FinishedAt = Between(last, Min(Now, last.AddDays(30)));
                break;
            case >= 70 and < 80: // awaiting the citizen's supplement now
                d.Supplements.Add(new SupplementRequest { RequestedAt = Between(last, Min(Now, last.AddDays(8))) });
                d.Status = DossierStatus.SupplementRequested;
                break;
            case >= 80 and < 85: // stopped or withdrawn, sometimes while a supplement was awaited
                var end = last;
                if (_random.Next(2) == 0)
                {
                    end = Between(last, Min(Now, last.AddDays(5)));
                    d.Supplements.Add(new SupplementRequest { RequestedAt = end });
                }

                d.Status = _random.Next(2) == 0 ? DossierStatus.Stopped : DossierStatus.Withdrawn;
                d.FinishedAt = Between(end, Min(Now, end.AddDays(5)));
                break;
            default: // still open, past due or not
                d.Status = supplements == 0 && _random.Next(3) == 0 ? DossierStatus.Received : DossierStatus.InProgress;
                break;
        }

        d.RefreshDerived();
        return d;
    }

    /// <summary>
    /// Received before a quarter's end, with requests, pauses and closings on both sides of it: a
    /// request made before or after the due time and open across the end (resumed later or never),
    /// a second request after the end, then stopped, withdrawn, refused, finished or still open; or
    /// finished before the end and returned after it.
    /// </summary>
    private void Straddle(Dossier d, DateTime end)
    {
        var latest = Now.AddHours(-1);
        if (_random.Next(6) == 0)
        {
            // Finished before the end, the result returned after it.
            Finish(d, Between(Max(d.ReceivedAt, end.AddDays(-2)), end.AddSeconds(-1)));
            d.Status = DossierStatus.Returned;
            d.ReturnedAt = Between(end, Min(latest, end.AddDays(3)));
            return;
        }

        if (_random.Next(5) > 0)
        {
            var first = new SupplementRequest { RequestedAt = Between(d.ReceivedAt.AddMinutes(10), end.AddSeconds(-1)) };
            d.Supplements.Add(first);
            if (_random.Next(4) > 0)
            {
                var resumed = Between(end, Min(latest, end.AddDays(20)));
                first.ResumedAt = resumed;
                if (_random.Next(2) == 0)
                {
                    var second = new SupplementRequest { RequestedAt = Between(resumed, Min(latest, resumed.AddDays(5))) };
                    d.Supplements.Add(second);
                    if (_random.Next(2) == 0)
                    {
                        second.ResumedAt = Between(second.RequestedAt, Min(latest, second.RequestedAt.AddDays(5)));
                    }
                }
            }
        }

        var open = d.Supplements.Count > 0 && d.Supplements[^1].ResumedAt is null;
        var last = Max(end, d.Supplements.Count == 0 ? end : d.Supplements[^1].ResumedAt ?? d.Supplements[^1].RequestedAt);
        var closed = Between(last, Min(latest, last.AddDays(15)));
        switch (_random.Next(open ? 3 : 6))
        {
            case 0:
                d.Status = open ? DossierStatus.SupplementRequested : DossierStatus.InProgress;
                break;
            case 1:
                d.Status = DossierStatus.Stopped;
                d.FinishedAt = closed;
                break;
            case 2:
                d.Status = DossierStatus.Withdrawn;
                d.FinishedAt = closed;
                break;
            case 3:
                d.Status = DossierStatus.Refused;
                d.FinishedAt = closed;
                break;
            default:
                Finish(d, closed);
                break;
        }
    }

    private void Finish(Dossier d, DateTime finished)
    {
        d.FinishedAt = finished;
        d.ResultPublished = _random.Next(4) != 0;
        d.Digitised = _random.Next(3) != 0;
        d.ResultIssuedElectronically = _random.Next(2) == 0;
        if (_random.Next(2) == 0)
        {
            d.Status = DossierStatus.Finished;
        }
        else
        {
            d.Status = DossierStatus.Returned;
            d.ReturnedAt = Between(finished, Min(Now, finished.AddDays(2)));
        }
    }

    /// <summary>Across Dec 2024–now, a third of them within three hours of a quarter's first local midnight (23:30 on 31/03 is 16:30 UTC).</summary>
    private DateTime ReceivedTime()
    {
        var pick = _random.Next(100);
        if (pick < 8)
        {
            return Between(FirstReceived, YearStart.AddSeconds(-1));
        }

        if (pick < 35)
        {
            var boundary = Boundaries[_random.Next(Boundaries.Length)];
            return boundary.AddMinutes(_random.Next(-180, 181));
        }

        return Between(YearStart, Now.AddHours(-2));
    }

    /// <summary>Received + 1–10 days; sometimes exactly a quarter's first instant when one is that close.</summary>
    private DateTime DueTime(DateTime received)
    {
        var next = Boundaries.Append(VietnamTime.StartOfDayUtc(new DateOnly(2026, 1, 1))).First(b => b > received);
        if (next <= received.AddDays(10) && _random.Next(4) == 0)
        {
            return next;
        }

        return received.AddDays(_random.Next(1, 11)).AddMinutes(_random.Next(0, 600));
    }

    private void GenerateLetters()
    {
        foreach (var d in Dossiers)
        {
            // Apologies for about half of the dossiers late by now, and a few for dossiers that are not.
            if (_random.Next(100) < (d.IsLate(Now) ? 55 : 4))
            {
                var issued = Between(Min(Max(d.ReceivedAt, d.EffectiveDueAt), Now), Min(Now, Max(d.ReceivedAt, d.EffectiveDueAt).AddDays(3)));
                Letters.Add(NewLetter(d, LetterKind.LateApology, issued, issued.AddDays(_random.Next(1, 11))));
            }

            if (Dossier.IsFinished(d.Status) && _random.Next(100) < 10)
            {
                var kind = (LetterKind)_random.Next(1, 4);
                Letters.Add(NewLetter(d, kind, Between(d.FinishedAt!.Value, Min(Now, d.FinishedAt.Value.AddDays(2))), null));
            }
        }

        var thanks = _random.Next(0, 6);
        for (var i = 0; i < thanks; i++)
        {
            Letters.Add(new Letter
            {
                UnitId = AnyUnit().Id,
                Kind = LetterKind.Thanks,
                State = LetterState.Issued,
                RecipientName = "Trần Thị B",
                IssuedAt = Instant(),
                IssuedBy = "Chủ tịch UBND",
                Delivery = LetterDelivery.Sent,
            });
        }
    }

    private Letter NewLetter(Dossier d, LetterKind kind, DateTime issued, DateTime? newAppointment) => new()
    {
        UnitId = d.UnitId,
        Kind = kind,
        State = LetterState.Issued,
        Dossier = d,
        RecipientName = "Nguyễn Văn A",
        RecipientAddress = "Thôn 1",
        IssuedAt = issued,
        IssuedBy = "Chủ tịch UBND",
        NewAppointmentAt = newAppointment,
        Reason = kind == LetterKind.LateApology ? "Cần xác minh thêm" : null,
        PrintedAt = _random.Next(2) == 0 ? issued : null,
        Delivery = LetterDelivery.Printed,
    };

    private void GenerateSurveys()
    {
        var count = _random.Next(20, 81);
        var finished = Dossiers.Where(d => Dossier.IsFinished(d.Status)).ToList();
        for (var i = 1; i <= count; i++)
        {
            var dossier = finished.Count > 0 && _random.Next(10) < 3 ? finished[_random.Next(finished.Count)] : null;
            Surveys.Add(new SatisfactionSurvey
            {
                Key = $"P{Index}-{i:D4}",
                UnitId = dossier?.UnitId ?? AnyUnit().Id,
                Dossier = dossier,
                SurveyedAt = dossier is null ? Instant() : Between(dossier.FinishedAt!.Value, Min(Now, dossier.FinishedAt.Value.AddDays(3))),
                Channel = (SurveyChannel)_random.Next(1, 5),
                AccessScore = Score(),
                ProcedureScore = Score(),
                StaffAttitudeScore = Score(),
                TimelinessScore = Score(),
                ResultScore = Score(),
                FeedbackHandlingScore = Score(),
                Satisfied = _random.Next(100) < 80,
                SourceSystem = Source,
                SourceVersion = 1,
                UpdatedAt = Now,
            });
        }

        int? Score() => _random.Next(4) == 0 ? null : _random.Next(1, 6);
    }

    private void GenerateReceptions()
    {
        var count = _random.Next(10, 41);
        for (var i = 0; i < count; i++)
        {
            Receptions.Add(new ReceptionSession
            {
                UnitId = AnyUnit().Id,
                HeldOn = Day(),
                HostName = "Lê Văn C",
                HostRole = (HostRole)_random.Next(1, 5),
                CitizensReceived = _random.Next(0, 20),
                Topic = "Đất đai",
            });
        }
    }

    private void GeneratePetitions()
    {
        var count = _random.Next(5, 31);
        for (var i = 0; i < count; i++)
        {
            var received = Day();
            var status = (PetitionStatus)_random.Next(1, 5);
            var petition = new Petition
            {
                UnitId = AnyUnit().Id,
                Kind = (PetitionKind)_random.Next(1, 5),
                Subject = "Kiến nghị về đường giao thông",
                ReceivedOn = received,
                Jurisdiction = (Jurisdiction)_random.Next(1, 3),
                Status = status,
                ResolvedOn = status == PetitionStatus.Resolved ? Min(Today, received.AddDays(_random.Next(0, 61))) : null,
            };
            if (petition.Status == PetitionStatus.Assigned)
            {
                (petition.AcceptedOn, petition.AssignedTo) = (received, "Công chức địa chính");
            }

            if (petition.Jurisdiction == Jurisdiction.Forwarded)
            {
                (petition.ForwardedOn, petition.ForwardedTo) = (received, "UBND huyện");
            }

            Petitions.Add(petition);
        }
    }

    private void GenerateDialogues()
    {
        var count = _random.Next(0, 6);
        for (var i = 0; i < count; i++)
        {
            Dialogues.Add(new Dialogue
            {
                UnitId = AnyUnit().Id,
                HeldOn = Day(),
                HostName = "Phạm Văn D",
                Participants = _random.Next(10, 100),
                Topic = "Giải phóng mặt bằng",
                Opinions = [.. Enumerable.Range(1, _random.Next(0, 4)).Select(n => new DialogueOpinion { Content = $"Ý kiến {n}", FollowUp = n % 2 == 0 ? "Đã trả lời" : null, Resolved = n % 2 == 0 })],
            });
        }
    }

    /// <summary>Any instant of Dec 2024–now, often near a quarter's first local midnight.</summary>
    private DateTime Instant() =>
        _random.Next(4) == 0 ? Boundaries[_random.Next(Boundaries.Length)].AddMinutes(_random.Next(-180, 181)) : Between(FirstReceived, Now);

    /// <summary>A local day of Dec 2024–today, often the last or first day of a quarter.</summary>
    private DateOnly Day()
    {
        if (_random.Next(4) == 0)
        {
            return BoundaryDays[_random.Next(BoundaryDays.Length)];
        }

        var first = new DateOnly(2024, 12, 1);
        return first.AddDays(_random.Next(Today.DayNumber - first.DayNumber + 1));
    }

    /// <summary>A whole second in [from, to].</summary>
    private DateTime Between(DateTime from, DateTime to) =>
        to <= from ? from : from.AddSeconds(_random.NextInt64(0, (long)(to - from).TotalSeconds + 1));

    /// <summary>Now and then a quarter's first instant within [from, to], when there is one.</summary>
    private DateTime? BoundaryBetween(DateTime from, DateTime to) =>
        _random.Next(5) == 0 && Boundaries.FirstOrDefault(b => b >= from && b <= to) is var b && b != default ? b : null;

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
