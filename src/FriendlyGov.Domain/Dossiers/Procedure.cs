using System.Text.RegularExpressions;

namespace FriendlyGov.Domain.Dossiers;

public enum OnlineCapability
{
    Unspecified = 0,
    NotOnline = 1,
    PartlyOnline = 2, // dịch vụ công trực tuyến một phần
    FullyOnline = 3, // dịch vụ công trực tuyến toàn trình
}

/// <summary>The civil-status event a procedure registers; drives the letters the system proposes.</summary>
public enum CivilEvent
{
    None = 0,
    Marriage = 1, // đăng ký kết hôn
    Birth = 2, // đăng ký khai sinh
    Death = 3, // đăng ký khai tử
}

/// <summary>The levels of government that carry a procedure out (cấp thực hiện); a procedure may have several.</summary>
[Flags]
public enum ProcedureLevels
{
    NotStated = 0,
    Province = 1, // cấp tỉnh
    District = 2, // cấp huyện (until 1 July 2025)
    Commune = 4, // cấp xã
}

/// <summary>An administrative procedure (thủ tục hành chính) from the national database.</summary>
public sealed partial class Procedure : IRecord
{
    public const string CodeShape = "must be a national procedure code such as 1.001193";

    public const int MaxFieldLength = 200;

    private const ProcedureLevels AllLevels = ProcedureLevels.Province | ProcedureLevels.District | ProcedureLevels.Commune;

    public int Id { get; set; }

    /// <summary>National code, e.g. 1.001193.</summary>
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>Field (lĩnh vực): hộ tịch, đất đai, chứng thực…</summary>
    public string Field { get; set; } = "";

    /// <summary>Legal processing time in working days (0 = same day).</summary>
    public int ProcessingWorkingDays { get; set; }

    public OnlineCapability OnlineCapability { get; set; }

    public CivilEvent CivilEvent { get; set; }

    /// <summary>Levels that carry it out (cấp thực hiện); <see cref="ProcedureLevels.NotStated"/> when the catalogue does not say.</summary>
    public ProcedureLevels Levels { get; set; }

    public void RefreshDerived()
    {
    }

    /// <summary>True when <paramref name="code"/> has the shape of a national procedure code.</summary>
    public static bool IsWellFormedCode(string code) => code.Length == 8 && CodePattern().IsMatch(code);

    public IReadOnlyList<FieldError> Validate() =>
        new Rules()
            .Check(IsWellFormedCode(Code), "code", CodeShape)
            .Required(Name, "name", 500)
            .Required(Field, "field", MaxFieldLength)
            .Check(ProcessingWorkingDays is >= 0 and <= 365, "processing_working_days", "must be between 0 and 365")
            .Defined(OnlineCapability, "online_capability")
            .Check(Enum.IsDefined(CivilEvent), "civil_event", "must be one of the defined values")
            .Check((Levels & ~AllLevels) == 0, "levels", "must be province, district or commune levels")
            .Errors;

    [GeneratedRegex(@"^[0-9]\.[0-9]{6}\z")]
    private static partial Regex CodePattern();
}
