using System.Globalization;
using FriendlyGov.Data;
using FriendlyGov.Domain.Indicators;
using FriendlyGov.Server.Admin;
using FriendlyGov.Server.Workspace;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Targets;

/// <summary>A broken rule of a targets file: the row as the spreadsheet numbers it (the header is row 1), the column's heading, the message.</summary>
public sealed record TargetSheetError(int Row, string Column, string Message)
{
    public override string ToString() => Row == 0 ? Message : Lang.T($"Dòng {Row}, cột {Column}: {Message}", $"Row {Row}, column {Column}: {Message}");
}

/// <summary>
/// The targets of /admin/targets as an .xlsx sheet (bảng chỉ tiêu), one target a row, and the same sheet read back.
/// Export: the year's targets set at the shown unit and below it ("Đặt tại đây"), then those it inherits from above
/// ("Kế thừa từ …", for reading). Import: every row is a target to set at its unit (an override where an ancestor
/// has one); rows are matched by unit, indicator, year and quarter, so a file exported and imported again changes
/// nothing. An import never removes a target (that is the page's Remove button). An inherited row is not imported:
/// it must still read as stored — one whose value was edited is an error, since the edit would silently be lost.
/// </summary>
public static class TargetSheet
{
    public const string UnitCode = "Mã đơn vị";
    public const string UnitName = "Tên đơn vị";
    public const string IndicatorCode = "Mã chỉ số";
    public const string IndicatorName = "Chỉ số";
    public const string Year = "Năm";
    public const string Quarter = "Quý";
    public const string Direction = "Yêu cầu";
    public const string Value = "Giá trị";
    public const string Source = "Nguồn";

    public const string WholeYear = "Cả năm";
    public const string SetHere = "Đặt tại đây";
    public const string InheritedPrefix = "Kế thừa";

    public static readonly IReadOnlyList<string> Header = [UnitCode, UnitName, IndicatorCode, IndicatorName, Year, Quarter, Direction, Value, Source];

    private static readonly string[] Required = [UnitCode, IndicatorCode, Year, Quarter, Direction, Value];

    /// <summary>The sheet of one unit and year: its subtree's own targets, then what it inherits from above.</summary>
    public static async Task<byte[]> ExportAsync(FriendlyGovDbContext db, RecordScope scope, ScopeUnit unit, int year, IEnumerable<AppliedTarget> inherited, CancellationToken cancellationToken)
    {
        var ids = scope.SubtreeIds(unit).ToList();
        var own = await db.Targets.AsNoTracking().Where(t => t.Year == year && ids.Contains(t.UnitId)).ToListAsync(cancellationToken);
        var order = IndicatorCatalogue.All.Select((i, n) => (i.Code, n)).ToDictionary(p => p.Code, p => p.n);
        var ownRows = own.OrderBy(t => scope.Find(t.UnitId)!.Path, StringComparer.Ordinal).ThenBy(t => order.GetValueOrDefault(t.IndicatorCode, int.MaxValue)).ThenBy(t => t.Quarter ?? 0)
            .Select(t => Row(t, scope.Find(t.UnitId)!.Code, scope.Find(t.UnitId)!.Name, SetHere));
        var inheritedRows = inherited.DistinctBy(a => a.Target.Id)
            .Select(a => Row(a.Target, a.FromUnitCode, a.FromUnitName, $"{InheritedPrefix} từ {a.FromUnitName}"));
        return Spreadsheets.WriteXlsx(
            ("Chỉ tiêu", Header, ownRows.Concat(inheritedRows)),
            ("Hướng dẫn", ["Cột", "Cách ghi"], Guide.Select(g => (IReadOnlyList<OutCell>)[g.Column, g.How])));
    }

    private static readonly (string Column, string How)[] Guide =
    [
        (UnitCode, "Mã đơn vị thuộc phạm vi quản trị của bạn."),
        (UnitName, "Để đọc; khi nhập không dùng."),
        (IndicatorCode, "Mã chỉ số, ví dụ on_time_share."),
        (IndicatorName, "Để đọc; khi nhập không dùng."),
        (Year, "Từ 2000 đến 2100."),
        (Quarter, $"{WholeYear} (hoặc để trống) hoặc 1–4."),
        (Direction, "≥ (ít nhất) hoặc ≤ (nhiều nhất)."),
        (Value, "Số không âm; tỷ lệ % không quá 100."),
        (Source, $"{SetHere}: được nhập. {InheritedPrefix} từ …: chỉ để đọc, không được nhập; muốn đặt riêng thì ghi mã đơn vị của bạn và xóa chữ «{InheritedPrefix}»."),
    ];

    private static IReadOnlyList<OutCell> Row(Target t, string unitCode, string unitName, string source) =>
    [
        unitCode,
        unitName,
        t.IndicatorCode,
        IndicatorCatalogue.TryGet(t.IndicatorCode, out var indicator) ? indicator.NameVi : "",
        t.Year,
        t.Quarter is { } q ? q : WholeYear,
        t.Direction == TargetDirection.AtMost ? "≤" : "≥",
        new OutCell(null, t.Value),
        source,
    ];

    /// <summary>
    /// Reads and checks a whole file against the admin's scope: the targets to set, or every broken rule (and then
    /// nothing to set). A unit outside the scope reads as unknown, as everywhere in the admin.
    /// </summary>
    public static async Task<(IReadOnlyList<TargetValue> Values, IReadOnlyList<TargetSheetError> Errors)> ReadAsync(
        FriendlyGovDbContext db, RecordScope scope, string fileName, byte[] content, CancellationToken cancellationToken)
    {
        Sheet sheet;
        try
        {
            sheet = Spreadsheets.Read(fileName, content);
        }
        catch (InvalidDataException)
        {
            return ([], [new(0, "", Lang.T("Không đọc được tệp: hãy chọn tệp .xlsx xuất từ trang này.", "The file cannot be read: choose an .xlsx file exported from this page."))]);
        }

        var columns = sheet.Header.Select((h, i) => (Key: Key(h), i)).Where(c => c.Key.Length > 0).DistinctBy(c => c.Key).ToDictionary(c => c.Key, c => c.i);
        var missing = Required.Where(c => !columns.ContainsKey(Key(c))).ToList();
        if (missing.Count > 0)
        {
            return ([], [.. missing.Select(c => new TargetSheetError(1, c, Lang.T("thiếu cột này ở dòng tiêu đề.", "this column is missing from the header row.")))]);
        }

        var values = new List<TargetValue>();
        var errors = new List<TargetSheetError>();
        var seen = new Dictionary<(int, string, int, int?), int>();
        var inherited = new List<(int Row, string UnitCode, TargetValue Value)>();
        foreach (var row in sheet.Rows)
        {
            SheetCell Cell(string column) => columns.TryGetValue(Key(column), out var i) ? row.Cell(i) : SheetCell.Empty;
            string Text(string column) => Cell(column).ToString().Trim();
            var before = errors.Count;
            void Error(string column, string vi, string en) => errors.Add(new(row.Number, column, Lang.T(vi, en)));

            var isInherited = Text(Source).StartsWith(InheritedPrefix, StringComparison.OrdinalIgnoreCase);
            var unitCode = Text(UnitCode);
            var unit = isInherited ? null : scope.Find(unitCode);
            if (!isInherited && unit is null)
            {
                Error(UnitCode, unitCode.Length == 0 ? "ghi mã đơn vị." : $"không có đơn vị mã {unitCode} trong phạm vi của bạn.", unitCode.Length == 0 ? "enter the unit code." : $"there is no unit {unitCode} in your scope.");
            }

            var indicatorCode = Text(IndicatorCode);
            if (!IndicatorCatalogue.TryGet(indicatorCode, out var indicator))
            {
                Error(IndicatorCode, $"không có chỉ số mã «{indicatorCode}».", $"there is no indicator «{indicatorCode}».");
            }

            var year = Whole(Cell(Year));
            if (year is not (>= 2000 and <= 2100))
            {
                Error(Year, "năm từ 2000 đến 2100.", "a year from 2000 to 2100.");
            }

            var quarterText = Text(Quarter);
            var quarter = Whole(Cell(Quarter));
            var isYear = quarterText.Length == 0 || string.Equals(quarterText, WholeYear, StringComparison.OrdinalIgnoreCase);
            if (!isYear && quarter is not (>= 1 and <= 4))
            {
                Error(Quarter, $"ghi «{WholeYear}» hoặc một quý từ 1 đến 4.", $"enter «{WholeYear}» or a quarter from 1 to 4.");
            }

            var direction = Text(Direction).FirstOrDefault() switch
            {
                '≥' or '>' => TargetDirection.AtLeast,
                '≤' or '<' => TargetDirection.AtMost,
                _ => TargetDirection.Unspecified,
            };
            if (direction == TargetDirection.Unspecified)
            {
                Error(Direction, "ghi ≥ hoặc ≤.", "enter ≥ or ≤.");
            }

            var value = Cell(Value).Number is { } number ? (number >= 0 ? Math.Round((decimal)number, 4) : null) : IndexModel.ParseValue(Text(Value));
            if (value is null)
            {
                Error(Value, "ghi một số không âm, ví dụ 98 hoặc 98,5.", "enter a number that is not negative, such as 98 or 98.5.");
            }
            else if (indicator?.Unit == IndicatorUnit.Percent && value > 100)
            {
                Error(Value, "tỷ lệ không vượt quá 100%.", "a share cannot exceed 100%.");
            }

            if (errors.Count > before)
            {
                continue;
            }

            var target = new TargetValue(unit?.Id ?? 0, indicator!.Code, year!.Value, isYear ? null : quarter, value!.Value, direction);
            if (isInherited)
            {
                inherited.Add((row.Number, unitCode, target));
                continue;
            }

            if (seen.TryGetValue((target.UnitId, target.IndicatorCode, target.Year, target.Quarter), out var first))
            {
                Error(UnitCode, $"trùng với dòng {first} (cùng đơn vị, chỉ số, năm và quý).", $"the same as row {first} (same unit, indicator, year and quarter).");
                continue;
            }

            seen[(target.UnitId, target.IndicatorCode, target.Year, target.Quarter)] = row.Number;
            values.Add(target);
        }

        await CheckInheritedAsync(db, inherited, errors, cancellationToken);
        return errors.Count > 0 ? ([], [.. errors.OrderBy(e => e.Row)]) : (values, []);
    }

    /// <summary>An inherited row must read as the ancestor's stored target: an edit there would otherwise be lost.</summary>
    private static async Task CheckInheritedAsync(FriendlyGovDbContext db, List<(int Row, string UnitCode, TargetValue Value)> rows, List<TargetSheetError> errors, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var codes = rows.Select(r => r.UnitCode).Distinct().ToList();
        var years = rows.Select(r => r.Value.Year).Distinct().ToList();
        var stored = (await db.Targets.AsNoTracking().Where(t => codes.Contains(t.Unit!.Code) && years.Contains(t.Year))
                .Select(t => new { t.Unit!.Code, t.IndicatorCode, t.Year, t.Quarter, t.Value, t.Direction }).ToListAsync(cancellationToken))
            .ToDictionary(t => (t.Code, t.IndicatorCode, t.Year, t.Quarter), t => (t.Value, t.Direction));
        foreach (var (row, code, value) in rows)
        {
            if (!stored.TryGetValue((code, value.IndicatorCode, value.Year, value.Quarter), out var target) || target != (value.Value, value.Direction))
            {
                errors.Add(new(row, Source, Lang.T(
                    $"chỉ tiêu kế thừa từ cấp trên không nhập được và không khớp với chỉ tiêu đang áp dụng; muốn đặt riêng thì ghi mã đơn vị của bạn và xóa chữ «{InheritedPrefix}».",
                    $"a target inherited from above cannot be imported and no longer matches the one that applies; to set your own, enter your unit's code and remove «{InheritedPrefix}».")));
            }
        }
    }

    /// <summary>A whole number from a number cell or its text; null otherwise.</summary>
    private static int? Whole(SheetCell cell) =>
        cell.Number is { } n && n == Math.Floor(n) && Math.Abs(n) < int.MaxValue ? (int)n
        : int.TryParse(cell.ToString().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : null;

    private static string Key(string heading) => Data.Reference.ReferenceTable.ColumnKey(heading);
}
