using FriendlyGov.Data.Reference;
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

namespace FriendlyGov.Data.Demo;

/// <summary>
/// Deterministic demo records. Hoằng Kim's 2023 records reproduce every figure of the commune's
/// report (shared/seed/FACTS.md) exactly; the other communes and 2024 up to <see cref="AsOfLocal"/>
/// are generated from a fixed seed with realistic variation (late dossiers, dissatisfied forms,
/// seasonal peaks, growing online share). The unit tree (following the 1 July 2025 reform) and the
/// procedures are those of the shipped sample reference files, read through the same import as
/// `reference import`, so the demo and the samples cannot differ.
/// </summary>
public sealed partial class DemoData
{
    public const int Seed = 20231103;
    public const string SourceSystem = "DEMO";
    public const string ProvinceCode = "38";
    public const string DistrictCode = "388";
    public const string HoangKimCode = "15958";
    public const string NewHoangPhuCode = "16999";
    public const string NewHoangGiangCode = "16998";

    /// <summary>The demo's "now": records stop here, and dossiers still open here are in progress (some past due).</summary>
    public static readonly DateTime AsOfLocal = new(2026, 11, 20, 17, 0, 0);

    public static readonly DateOnly ReformDate = new(2025, 7, 1);

    private readonly Random _random = new(Seed);
    private readonly WorkingCalendar _calendar;
    private readonly Dictionary<(string Unit, DateOnly Day), int> _sequences = [];
    private readonly Dictionary<string, Procedure> _procedures;
    private int _surveyNumber;

    private DemoData(WorkingCalendar calendar)
    {
        _calendar = calendar;
        var reference = ReferenceSamples.Load();
        Units = reference.Units;
        Successions = reference.AddedSuccessions;
        Procedures = reference.Procedures;
        _procedures = Procedures.ToDictionary(p => p.Code);
    }

    public static DateTime AsOfUtc => VietnamTime.ToUtc(AsOfLocal);

    /// <summary>The unit tree of the shipped sample file deploy/reference/units.csv (see <see cref="ReferenceSamples"/>).</summary>
    public List<AdministrativeUnit> Units { get; }

    public List<UnitSuccession> Successions { get; }

    /// <summary>The procedures of the shipped sample file deploy/reference/procedures.csv.</summary>
    public List<Procedure> Procedures { get; }

    public List<Dossier> Dossiers { get; } = [];

    public List<SatisfactionSurvey> Surveys { get; } = [];

    public List<Letter> Letters { get; } = [];

    public List<ReceptionSession> Receptions { get; } = [];

    public List<Dialogue> Dialogues { get; } = [];

    public List<Petition> Petitions { get; } = [];

    public List<Target> Targets { get; } = [];

    public static DemoData Build(WorkingCalendar calendar)
    {
        var data = new DemoData(calendar);
        data.BuildUnitsAndRecords();
        return data;
    }

    private void BuildUnitsAndRecords()
    {
        AdministrativeUnit Unit(string code) => Units.Single(u => u.Code == code);
        var province = Unit(ProvinceCode);
        var newPhu = Unit(NewHoangPhuCode);
        var newGiang = Unit(NewHoangGiangCode);

        // The eight communes merged on 1 July 2025, in the file's order (which fixes the random draws).
        var communes = new List<(AdministrativeUnit Unit, double Scale, double Quality)>();
        foreach (var commune in Units.Where(u => u.Level == UnitLevel.Commune && u.ValidTo == ReformDate))
        {
            communes.Add((commune, 0.7 + (_random.NextDouble() * 0.5), commune.Code == HoangKimCode ? 1.0 : 0.6 + (_random.NextDouble() * 0.4)));
        }

        BuildTargets(province, newGiang);

        var hoangKim = communes[0].Unit;
        BuildHoangKim2023(hoangKim);
        foreach (var (commune, scale, quality) in communes)
        {
            var firstYear = commune == hoangKim ? 2024 : 2023;
            GenerateRecords(commune, new DateOnly(firstYear, 1, 1), ReformDate, scale, quality);
        }

        GenerateRecords(newPhu, ReformDate, DateOnly.FromDateTime(AsOfLocal), 3.6, 0.9);
        GenerateRecords(newGiang, ReformDate, DateOnly.FromDateTime(AsOfLocal), 3.2, 0.75);
    }

    private void BuildTargets(AdministrativeUnit province, AdministrativeUnit overridingCommune)
    {
        for (var year = 2023; year <= AsOfLocal.Year; year++)
        {
            foreach (var (indicator, value, direction) in Target.ReportDefaults)
            {
                Targets.Add(new Target { IndicatorCode = indicator, Unit = province, Year = year, Value = value, Direction = direction });
            }
        }

        // A commune that agreed a lower online target for 2026 with the province: overrides the inherited 100%.
        Targets.Add(new Target { IndicatorCode = IndicatorCodes.OnlineShare, Unit = overridingCommune, Year = 2026, Value = 80m, Direction = TargetDirection.AtLeast });
    }
}
