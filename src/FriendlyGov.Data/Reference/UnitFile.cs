using System.Globalization;
using FriendlyGov.Domain.Units;

namespace FriendlyGov.Data.Reference;

/// <summary>
/// A unit as a unit file states it. <see cref="Stated"/>: it has a row of its own; otherwise it is
/// a province or district named only in the columns of the rows below it (as in the statistics
/// office's list, which has one row per commune).
/// </summary>
public sealed record UnitDefinition(
    string Code,
    string Name,
    UnitLevel Level,
    string? ParentCode,
    DateOnly ValidFrom,
    DateOnly? ValidTo,
    IReadOnlyList<string>? SuccessorCodes,
    string Basis,
    int Row,
    bool Stated,
    string ParentColumn = UnitFile.ProvinceCode)
{
    public string CodeColumn => UnitFile.CodeColumn(Level);

    public string NameColumn => UnitFile.NameColumn(Level);
}

/// <summary>
/// The administrative unit file, in the layout of the statistics office's list of administrative
/// units (Danh mục đơn vị hành chính, GSO/NSO export: Tỉnh Thành Phố, Mã TP, Quận Huyện, Mã QH,
/// Phường Xã, Mã PX, Cấp, Tên Tiếng Anh), with four columns of FriendlyGov's own for validity and the
/// 2025 reform: Hiệu lực từ, Hiệu lực đến, Mã đơn vị kế thừa, Căn cứ. One row per unit: the unit is
/// the deepest one whose code the row gives (a row with Mã PX is a commune, with Mã QH and no Mã PX
/// a district, with Mã TP only a province); the columns to its left name its parents. A commune
/// after 1 July 2025 leaves Quận Huyện and Mã QH empty.
/// </summary>
public static class UnitFile
{
    public const string ProvinceName = "Tỉnh Thành Phố";
    public const string ProvinceCode = "Mã TP";
    public const string DistrictName = "Quận Huyện";
    public const string DistrictCode = "Mã QH";
    public const string CommuneName = "Phường Xã";
    public const string CommuneCode = "Mã PX";
    public const string Kind = "Cấp";
    public const string ValidFrom = "Hiệu lực từ";
    public const string ValidTo = "Hiệu lực đến";
    public const string Successors = "Mã đơn vị kế thừa";
    public const string Basis = "Căn cứ";

    public const int MaxBasisLength = 300;

    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    private static readonly string[] DateFormats = ["dd/MM/yyyy", "d/M/yyyy", "yyyy-MM-dd"];

    /// <summary>The kinds the list writes in Cấp, by level (tỉnh; huyện, quận, thị xã, thành phố thuộc tỉnh; xã, phường, thị trấn, đặc khu).</summary>
    private static readonly Dictionary<string, UnitLevel> Kinds = new(StringComparer.Ordinal)
    {
        ["tỉnh"] = UnitLevel.Province,
        ["thành phố trung ương"] = UnitLevel.Province,
        ["thành phố trực thuộc trung ương"] = UnitLevel.Province,
        ["huyện"] = UnitLevel.District,
        ["quận"] = UnitLevel.District,
        ["thị xã"] = UnitLevel.District,
        ["thành phố"] = UnitLevel.District,
        ["xã"] = UnitLevel.Commune,
        ["phường"] = UnitLevel.Commune,
        ["thị trấn"] = UnitLevel.Commune,
        ["đặc khu"] = UnitLevel.Commune,
    };

    public static string CodeColumn(UnitLevel level) => level switch
    {
        UnitLevel.Province => ProvinceCode,
        UnitLevel.District => DistrictCode,
        _ => CommuneCode,
    };

    public static string NameColumn(UnitLevel level) => level switch
    {
        UnitLevel.Province => ProvinceName,
        UnitLevel.District => DistrictName,
        _ => CommuneName,
    };

    /// <summary>Every unit the file states or names, in the order first met, and every broken rule of its rows.</summary>
    public static (List<UnitDefinition> Units, List<ImportError> Errors) Parse(ReferenceTable table)
    {
        var errors = new List<ImportError>();
        foreach (var column in new[] { ProvinceCode, ProvinceName, ValidFrom }.Where(c => !table.HasColumn(c)))
        {
            errors.Add(new ImportError(table.File, 0, column, "is missing: the first row must name it (see deploy/reference/README.md)"));
        }

        if (errors.Count > 0)
        {
            return ([], errors);
        }

        var stated = new Dictionary<string, UnitDefinition>(StringComparer.Ordinal);
        var named = new Dictionary<string, UnitDefinition>(StringComparer.Ordinal);
        var order = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            void Error(string column, string message) => errors.Add(new ImportError(table.File, row.Number, column, message));

            var province = Code(row[ProvinceCode], UnitLevel.Province);
            var district = Code(row[DistrictCode], UnitLevel.District);
            var commune = Code(row[CommuneCode], UnitLevel.Commune);
            if (province.Length == 0)
            {
                Error(ProvinceCode, "is required: every unit lies in a province");
                continue;
            }

            var level = commune.Length > 0 ? UnitLevel.Commune : district.Length > 0 ? UnitLevel.District : UnitLevel.Province;
            var code = level switch { UnitLevel.Commune => commune, UnitLevel.District => district, _ => province };
            var parent = level switch { UnitLevel.Commune => district.Length > 0 ? district : province, UnitLevel.District => province, _ => null };

            if (row[Kind] is { Length: > 0 } kind && Kinds.GetValueOrDefault(kind.ToLower(Vietnamese)) is var kindLevel && kindLevel != level)
            {
                Error(Kind, kindLevel != UnitLevel.Unspecified
                    ? $"'{kind}' is a {kindLevel.ToString().ToLowerInvariant()}, but the row's deepest code ({CodeColumn(level)}) makes it a {level.ToString().ToLowerInvariant()}"
                    : $"'{kind}' is not a kind of unit the list uses ({string.Join(", ", Kinds.Keys)})");
            }

            var validFrom = Date(row[ValidFrom], ValidFrom, required: true, Error);
            var validTo = Date(row[ValidTo], ValidTo, required: false, Error);
            var successors = table.HasColumn(Successors)
                ? row[Successors].Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries).Select(c => Code(c, level)).Distinct().ToList()
                : null;
            var basis = row[Basis];
            if (basis.Length > MaxBasisLength)
            {
                Error(Basis, $"must be at most {MaxBasisLength} characters");
            }

            if (stated.TryGetValue(code, out var earlier))
            {
                Error(CodeColumn(level), $"unit {code} already has row {earlier.Row}");
                continue;
            }

            var unit = new UnitDefinition(code, row[NameColumn(level)], level, parent, validFrom ?? default, validTo, successors, basis, row.Number, Stated: true,
                ParentColumn: level == UnitLevel.Commune && district.Length > 0 ? DistrictCode : ProvinceCode);
            stated[code] = unit;
            Remember(order, seen, code);

            // The parents this row names: their names and places must agree with every other row.
            if (level != UnitLevel.Province)
            {
                Name(new UnitDefinition(province, row[ProvinceName], UnitLevel.Province, null, unit.ValidFrom, null, null, "", row.Number, Stated: false));
            }

            if (level == UnitLevel.Commune && district.Length > 0)
            {
                Name(new UnitDefinition(district, row[DistrictName], UnitLevel.District, province, unit.ValidFrom, null, null, "", row.Number, Stated: false));
            }
        }

        void Name(UnitDefinition mention)
        {
            if (!named.TryGetValue(mention.Code, out var first))
            {
                named[mention.Code] = mention;
                Remember(order, seen, mention.Code, before: true);
                return;
            }

            if (mention.Name.Length > 0 && first.Name.Length > 0 && mention.Name != first.Name)
            {
                errors.Add(new ImportError(table.File, mention.Row, mention.NameColumn, $"names unit {mention.Code} '{mention.Name}', but row {first.Row} names it '{first.Name}'"));
            }

            if (mention.ParentCode != first.ParentCode)
            {
                errors.Add(new ImportError(table.File, mention.Row, ProvinceCode, $"puts unit {mention.Code} in province {mention.ParentCode}, but row {first.Row} puts it in {first.ParentCode}"));
            }

            named[mention.Code] = first with { ValidFrom = first.ValidFrom < mention.ValidFrom ? first.ValidFrom : mention.ValidFrom, Name = first.Name.Length > 0 ? first.Name : mention.Name };
        }

        var units = new List<UnitDefinition>();
        foreach (var code in order)
        {
            if (stated.TryGetValue(code, out var unit))
            {
                if (named.TryGetValue(code, out var mention))
                {
                    if (mention.Name.Length > 0 && mention.Name != unit.Name)
                    {
                        errors.Add(new ImportError(table.File, mention.Row, mention.NameColumn, $"names unit {code} '{mention.Name}', but its own row {unit.Row} names it '{unit.Name}'"));
                    }

                    if (mention.Level != unit.Level || mention.ParentCode != unit.ParentCode)
                    {
                        errors.Add(new ImportError(table.File, mention.Row, mention.CodeColumn, $"places unit {code} otherwise than its own row {unit.Row}"));
                    }
                }

                units.Add(unit);
            }
            else
            {
                units.Add(named[code]);
            }
        }

        return (units, errors);
    }

    /// <summary>The list's codes have a fixed width (province 2, district 3, commune 5 digits); a spreadsheet that stored them as numbers lost the leading zeros.</summary>
    private static string Code(string text, UnitLevel level)
    {
        var width = level switch { UnitLevel.Province => 2, UnitLevel.District => 3, _ => 5 };
        return text.Length > 0 && text.Length < width && text.All(char.IsAsciiDigit) ? text.PadLeft(width, '0') : text.ToUpperInvariant();
    }

    private static DateOnly? Date(string text, string column, bool required, Action<string, string> error)
    {
        if (text.Length == 0)
        {
            if (required)
            {
                error(column, "is required: the first day the unit exists (dd/MM/yyyy)");
            }

            return null;
        }

        if (DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        error(column, $"'{text}' is not a date (dd/MM/yyyy)");
        return null;
    }

    /// <summary>Keeps the first-met order; a parent named on a row goes before the unit of that row.</summary>
    private static void Remember(List<string> order, HashSet<string> seen, string code, bool before = false)
    {
        if (!seen.Add(code))
        {
            return;
        }

        if (before && order.Count > 0)
        {
            order.Insert(order.Count - 1, code);
        }
        else
        {
            order.Add(code);
        }
    }
}
