using System.Globalization;
using FriendlyGov.Domain.Dossiers;

namespace FriendlyGov.Data.Reference;

/// <summary>
/// The procedure catalogue file: one row per administrative procedure, with the fields a
/// procedure's page in the national database of administrative procedures shows (Mã thủ tục, Tên
/// thủ tục, Lĩnh vực, Cấp thực hiện, Thời hạn giải quyết, Dịch vụ công trực tuyến) and FriendlyGov's
/// own Sự kiện hộ tịch (the civil-status event whose letters the system proposes).
/// </summary>
public static class ProcedureFile
{
    public const string Code = "Mã thủ tục";
    public const string Name = "Tên thủ tục";
    public const string Field = "Lĩnh vực";
    public const string Levels = "Cấp thực hiện";
    public const string ProcessingTime = "Thời hạn giải quyết";
    public const string Online = "Dịch vụ công trực tuyến";
    public const string CivilEvent = "Sự kiện hộ tịch";

    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    private static readonly Dictionary<string, ProcedureLevels> LevelNames = new(StringComparer.Ordinal)
    {
        ["cấp tỉnh"] = ProcedureLevels.Province,
        ["tỉnh"] = ProcedureLevels.Province,
        ["cấp huyện"] = ProcedureLevels.District,
        ["huyện"] = ProcedureLevels.District,
        ["cấp xã"] = ProcedureLevels.Commune,
        ["xã"] = ProcedureLevels.Commune,
    };

    // Decree 42/2022's two kinds of online service, and the old levels 1–4 that map onto them.
    private static readonly Dictionary<string, OnlineCapability> OnlineNames = new(StringComparer.Ordinal)
    {
        ["toàn trình"] = OnlineCapability.FullyOnline,
        ["một phần"] = OnlineCapability.PartlyOnline,
        ["không"] = OnlineCapability.NotOnline,
        ["mức độ 4"] = OnlineCapability.FullyOnline,
        ["mức độ 3"] = OnlineCapability.PartlyOnline,
        ["mức độ 2"] = OnlineCapability.NotOnline,
        ["mức độ 1"] = OnlineCapability.NotOnline,
    };

    private static readonly Dictionary<string, CivilEvent> EventNames = new(StringComparer.Ordinal)
    {
        ["khai sinh"] = Domain.Dossiers.CivilEvent.Birth,
        ["kết hôn"] = Domain.Dossiers.CivilEvent.Marriage,
        ["khai tử"] = Domain.Dossiers.CivilEvent.Death,
    };

    /// <summary>The column of each field path of <see cref="Procedure.Validate"/>.</summary>
    public static string ColumnOf(string field) => field switch
    {
        "code" => Code,
        "name" => Name,
        "field" => Field,
        "processing_working_days" => ProcessingTime,
        "online_capability" => Online,
        "civil_event" => CivilEvent,
        "levels" => Levels,
        _ => field,
    };

    /// <summary>The procedures of the file, each with its row, and every broken rule of its rows (checked by <see cref="Procedure.Validate"/>).</summary>
    public static (List<(Procedure Procedure, int Row)> Procedures, List<ImportError> Errors) Parse(ReferenceTable table)
    {
        var errors = new List<ImportError>();
        foreach (var column in new[] { Code, Name, Field, ProcessingTime, Online }.Where(c => !table.HasColumn(c)))
        {
            errors.Add(new ImportError(table.File, 0, column, "is missing: the first row must name it (see deploy/reference/README.md)"));
        }

        if (errors.Count > 0)
        {
            return ([], errors);
        }

        var procedures = new List<(Procedure, int)>();
        var rows = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            var own = new List<(string Column, string Message)>();
            var procedure = new Procedure
            {
                Code = row[Code],
                Name = row[Name],
                Field = row[Field],
                ProcessingWorkingDays = Days(row[ProcessingTime], own),
                OnlineCapability = Lookup(OnlineNames, row[Online], Online, required: true, own),
                CivilEvent = Lookup(EventNames, row[CivilEvent], CivilEvent, required: false, own),
                Levels = row[Levels].Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Aggregate(ProcedureLevels.NotStated, (all, level) => all | Lookup(LevelNames, level, Levels, required: true, own)),
            };
            if (rows.TryGetValue(procedure.Code, out var first))
            {
                own.Add((Code, $"procedure {procedure.Code} already has row {first}"));
            }

            rows.TryAdd(procedure.Code, row.Number);
            errors.AddRange(own.Select(e => new ImportError(table.File, row.Number, e.Column, e.Message)));
            errors.AddRange(procedure.Validate().Where(e => own.All(o => o.Column != ColumnOf(e.Field)))
                .Select(e => new ImportError(table.File, row.Number, ColumnOf(e.Field), e.Message)));
            procedures.Add((procedure, row.Number));
        }

        return (procedures, errors);
    }

    /// <summary>Working days: "3", "03 ngày làm việc", or "Trong ngày" (the same day, 0).</summary>
    private static int Days(string text, List<(string, string)> errors)
    {
        var lower = text.ToLower(Vietnamese);
        if (lower == "trong ngày")
        {
            return 0;
        }

        var digits = new string(lower.TakeWhile(char.IsAsciiDigit).ToArray());
        var rest = lower[digits.Length..].Trim();
        if (digits.Length is > 0 and <= 3 && rest is "" or "ngày" or "ngày làm việc")
        {
            return int.Parse(digits, CultureInfo.InvariantCulture);
        }

        errors.Add((ProcessingTime, $"'{text}' is not a number of working days (e.g. 3, or 'Trong ngày')"));
        return 0;
    }

    private static T Lookup<T>(Dictionary<string, T> names, string text, string column, bool required, List<(string, string)> errors)
        where T : struct, Enum
    {
        if (text.Length == 0 && !required)
        {
            return default;
        }

        if (names.TryGetValue(text.ToLower(Vietnamese), out var value))
        {
            return value;
        }

        errors.Add((column, (text.Length == 0 ? "is required" : $"'{text}' is not valid") + $": one of {string.Join(", ", names.Keys)}"));
        return default;
    }
}
