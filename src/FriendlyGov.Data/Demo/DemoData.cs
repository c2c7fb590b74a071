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
/// seasonal peaks, growing online share). The unit tree follows the 1 July 2025 reform.
/// </summary>
public sealed partial class DemoData
{
    public const int Seed = 20231103;
    public const string SourceSystem = "DEMO";
    public const string ProvinceCode = "38";
    public const string DistrictCode = "388";
    public const string HoangKimCode = "15958";
    public const string NewHoangPhuCode = "16999";

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
        Procedures = BuildProcedures();
        _procedures = Procedures.ToDictionary(p => p.Code);
    }

    public static DateTime AsOfUtc => VietnamTime.ToUtc(AsOfLocal);

    public List<AdministrativeUnit> Units { get; } = [];

    public List<UnitSuccession> Successions { get; } = [];

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

    // National codes 1.001193, 1.000894 and 1.000656 are the civil-status procedures of the
    // national database; the other codes stand in for the province's published list.
    private static List<Procedure> BuildProcedures() =>
    [
        Proc("1.001193", "Đăng ký khai sinh", "Hộ tịch", 1, OnlineCapability.FullyOnline, CivilEvent.Birth),
        Proc("1.000894", "Đăng ký kết hôn", "Hộ tịch", 1, OnlineCapability.PartlyOnline, CivilEvent.Marriage),
        Proc("1.000656", "Đăng ký khai tử", "Hộ tịch", 1, OnlineCapability.FullyOnline, CivilEvent.Death),
        Proc("1.004873", "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch", "Hộ tịch", 3, OnlineCapability.PartlyOnline, CivilEvent.None),
        Proc("1.004746", "Cấp Giấy xác nhận tình trạng hôn nhân", "Hộ tịch", 3, OnlineCapability.FullyOnline, CivilEvent.None),
        Proc("1.004884", "Cấp bản sao trích lục hộ tịch", "Hộ tịch", 1, OnlineCapability.FullyOnline, CivilEvent.None),
        Proc("2.000815", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", "Chứng thực", 1, OnlineCapability.PartlyOnline, CivilEvent.None),
        Proc("2.001088", "Hòa giải tranh chấp đất đai", "Đất đai", 30, OnlineCapability.NotOnline, CivilEvent.None),
    ];

    private static Procedure Proc(string code, string name, string field, int days, OnlineCapability online, CivilEvent civilEvent) =>
        new Procedure { Code = code, Name = name, Field = field, ProcessingWorkingDays = days, OnlineCapability = online, CivilEvent = civilEvent }.EnsureValid();

    private void BuildUnitsAndRecords()
    {
        // Province code 38 is Thanh Hóa's official code; the district's and communes' codes are
        // illustrative, in the official shape (3 and 5 digits).
        var start = new DateOnly(2008, 1, 1);
        var province = Unit(ProvinceCode, "Tỉnh Thanh Hóa", UnitLevel.Province, null, start, null);
        var district = Unit(DistrictCode, "Huyện Hoằng Hóa", UnitLevel.District, province, start, ReformDate);
        var oldPhu = new[] { (HoangKimCode, "Xã Hoằng Kim"), ("15955", "Xã Hoằng Quý"), ("15961", "Xã Hoằng Trung"), ("15964", "Xã Hoằng Phú") };
        var oldGiang = new[] { ("15967", "Xã Hoằng Xuân"), ("15970", "Xã Hoằng Quỳ"), ("15973", "Xã Hoằng Hợp"), ("15976", "Xã Hoằng Giang") };
        var newPhu = Unit(NewHoangPhuCode, "Xã Hoằng Phú", UnitLevel.Commune, province, ReformDate, null);
        var newGiang = Unit("16998", "Xã Hoằng Giang", UnitLevel.Commune, province, ReformDate, null);

        var communes = new List<(AdministrativeUnit Unit, double Scale, double Quality)>();
        foreach (var (group, successor) in new[] { (oldPhu, newPhu), (oldGiang, newGiang) })
        {
            foreach (var (code, name) in group)
            {
                var commune = Unit(code, name, UnitLevel.Commune, district, start, ReformDate);
                Successions.Add(new UnitSuccession
                {
                    Predecessor = commune,
                    Successor = successor,
                    EffectiveOn = ReformDate,
                    Basis = "Nghị quyết của Ủy ban Thường vụ Quốc hội về sắp xếp các đơn vị hành chính cấp xã của tỉnh Thanh Hóa năm 2025",
                });
                communes.Add((commune, 0.7 + (_random.NextDouble() * 0.5), code == HoangKimCode ? 1.0 : 0.6 + (_random.NextDouble() * 0.4)));
            }
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

    private AdministrativeUnit Unit(string code, string name, UnitLevel level, AdministrativeUnit? parent, DateOnly from, DateOnly? to)
    {
        var unit = AdministrativeUnit.Create(code, name, level, parent, from, to);
        Units.Add(unit);
        return unit;
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
