using System.Globalization;
using System.Text.RegularExpressions;
using FriendlyGov.Data;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Calendar;

namespace FriendlyGov.Server.Workspace;

public enum CellKind
{
    Text,
    Integer,
    Date,
    Choice,
    Flag,
}

/// <summary>
/// A column of an import file: the record field it fills (snake_case, "matters[].content" for a
/// child row's field), its heading in both languages (either is accepted), and how its cells read.
/// </summary>
public sealed record ImportColumn(string Field, Words Heading, CellKind Kind, bool Required = false, IReadOnlyList<Enum>? Choices = null)
{
    public bool IsChild => Field.Contains("[]", StringComparison.Ordinal);

    public static ImportColumn Choice<TEnum>(string field, Words heading, bool required = true)
        where TEnum : struct, Enum => new(field, heading, CellKind.Choice, required, EnumText.Values<TEnum>().Cast<Enum>().ToList());

    /// <summary>What a cell of this column must hold, for the template's guide.</summary>
    public Words Format => Kind switch
    {
        CellKind.Integer => new("Số nguyên ≥ 0", "A whole number ≥ 0"),
        CellKind.Date => new("Ngày dd/MM/yyyy", "A date dd/MM/yyyy"),
        CellKind.Flag => new("x (có) hoặc để trống", "x (yes) or empty"),
        CellKind.Choice => new(string.Join("; ", Choices!.Select(c => EnumText.Of(c).Vi)), string.Join("; ", Choices!.Select(c => EnumText.Of(c).En))),
        _ => new("Chữ", "Text"),
    };
}

/// <summary>A row of an import file with its cells read into values, by field.</summary>
public sealed record ImportRow(int Number, IReadOnlyDictionary<string, object?> Values)
{
    public T? Get<T>(string field) => Values.TryGetValue(field, out var value) && value is T typed ? typed : default;

    public string? Text(string field) => Get<string>(field);

    public bool HasAny(IEnumerable<string> fields) => fields.Any(f => Values.GetValueOrDefault(f) is not null);
}

/// <summary>A bad cell: row number, column heading, and what is wrong, in both languages.</summary>
public sealed record CellProblem(int Row, Words Column, Words Message);

/// <summary>A row as it will be saved: the record it belongs to and its cells as stored values (see <see cref="EnumText.Invariant"/>).</summary>
public sealed record PreviewRow(int Row, int Record, string Unit, IReadOnlyList<string?> Cells);

/// <summary>What the check of a file found: the bad cells (nothing can be written), or the rows as they will be saved.</summary>
public sealed record ImportReport(IReadOnlyList<CellProblem> Problems, IReadOnlyList<PreviewRow> Preview, int Records);

/// <summary>A record built from its rows, before it is checked.</summary>
public sealed record BuiltRecord(IRolledUpRecord Record, IReadOnlyList<ImportRow> ChildRows);

/// <summary>One record type's import: its columns, how rows group into records, how a record is built.</summary>
public interface IRecordImporter
{
    /// <summary>The record type as the audit and the import runs name it, e.g. "reception".</summary>
    string RecordType { get; }

    Words Title { get; }

    /// <summary>The columns, the unit code first (optional: the user's own unit when empty).</summary>
    IReadOnlyList<ImportColumn> Columns { get; }

    /// <summary>The record's date field: the unit must exist on that day.</summary>
    string DateField { get; }

    /// <summary>Rows with equal values in these fields form one record (each row a child row); empty: a record per row.</summary>
    IReadOnlyList<string> GroupBy { get; }

    BuiltRecord Build(IReadOnlyList<ImportRow> rows, ScopeUnit unit, WorkingCalendar calendar);

    /// <summary>Writes the checked records with their audit entries, all or nothing, with whatever else the context tracks (the import run).</summary>
    Task WriteAsync(FriendlyGovDbContext db, IReadOnlyList<IRolledUpRecord> records, string userName, string source, Func<int, string?> unitCode, TimeProvider clock, CancellationToken cancellationToken)
    {
        db.AddRange(records);
        return AuditTrail.SaveAsync(db, RecordType, records, userName, source, unitCode, clock, cancellationToken);
    }
}

/// <summary>
/// Reads an import file and checks every row: cells against their column, units against the
/// user's scope, records against their domain rules (the same Validate() as every other writer).
/// A broken rule is reported on the row and column it came from. All or nothing: the caller
/// writes the records only when there is no problem at all.
/// </summary>
public static partial class RecordImport
{
    public const int MaxRows = 50_000;

    public static readonly ImportColumn UnitColumn = new("unit_code", new("Mã đơn vị", "Unit code"), CellKind.Text);

    /// <summary>Checks a file; <paramref name="progress"/> gets (rows done, rows in all) as it goes.</summary>
    public static (ImportReport Report, IReadOnlyList<BuiltRecord> Records) Check(
        IRecordImporter importer, string fileName, byte[] content, RecordScope scope, WorkingCalendar calendar, Action<int, int> progress)
    {
        Sheet sheet;
        try
        {
            sheet = Spreadsheets.Read(fileName, content);
        }
        catch (InvalidDataException e)
        {
            return (Fail(1, new("Tệp", "File"), new(FileProblem(e.Message), e.Message)), []);
        }

        var columns = importer.Columns;
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        var problems = new List<CellProblem>();
        for (var i = 0; i < sheet.Header.Count; i++)
        {
            var column = columns.FirstOrDefault(c => SameHeading(c.Heading.Vi, sheet.Header[i]) || SameHeading(c.Heading.En, sheet.Header[i]));
            if (column is not null)
            {
                positions.TryAdd(column.Field, i);
            }
        }

        foreach (var missing in columns.Where(c => c.Required && !positions.ContainsKey(c.Field)))
        {
            problems.Add(new(1, missing.Heading, new("Thiếu cột này ở dòng tiêu đề.", "This column is missing from the header row.")));
        }

        if (sheet.Rows.Count > MaxRows)
        {
            problems.Add(new(1, new("Tệp", "File"), new($"Tệp có {sheet.Rows.Count:N0} dòng, tối đa {MaxRows:N0} dòng một lần.", $"The file has {sheet.Rows.Count:N0} rows; at most {MaxRows:N0} at a time.")));
        }

        if (problems.Count > 0)
        {
            return (new ImportReport(problems, [], 0), []);
        }

        var rows = new List<ImportRow>(sheet.Rows.Count);
        foreach (var row in sheet.Rows)
        {
            var values = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var column in columns)
            {
                var cell = positions.TryGetValue(column.Field, out var at) ? row.Cell(at) : SheetCell.Empty;
                // In a file whose rows group into records, the record's own columns may be left empty after its first row.
                var required = column.Required && (importer.GroupBy.Count == 0 || importer.GroupBy.Contains(column.Field));
                values[column.Field] = Read(column, cell, required, out var problem);
                if (problem is { } message)
                {
                    problems.Add(new(row.Number, column.Heading, message));
                }
            }

            rows.Add(new ImportRow(row.Number, values));
            if (rows.Count % 500 == 0)
            {
                progress(rows.Count / 2, sheet.Rows.Count);
            }
        }

        var childFields = columns.Where(c => c.IsChild).Select(c => c.Field).ToList();
        var groups = importer.GroupBy.Count == 0
            ? rows.Select(r => (IReadOnlyList<ImportRow>)[r]).ToList()
            : rows.GroupBy(r => string.Join('\u001f', importer.GroupBy.Select(f => EnumText.Invariant(r.Values[f]) ?? ""))).Select(g => (IReadOnlyList<ImportRow>)g.ToList()).ToList();

        var built = new List<BuiltRecord>();
        var preview = new List<PreviewRow>();
        var done = 0;
        foreach (var group in groups)
        {
            var first = group[0];
            foreach (var column in columns.Where(c => !c.IsChild && !importer.GroupBy.Contains(c.Field)))
            {
                var value = EnumText.Invariant(first.Values[column.Field]);
                foreach (var other in group.Skip(1).Where(r => r.Values[column.Field] is not null && EnumText.Invariant(r.Values[column.Field]) != value))
                {
                    problems.Add(new(other.Number, column.Heading, new($"Khác với dòng {first.Number} của cùng bản ghi.", $"Differs from row {first.Number} of the same record.")));
                }
            }

            var date = first.Get<DateOnly>(importer.DateField);
            if (scope.CheckUnit(first.Text(UnitColumn.Field), date, out var unit) is { } unitProblem)
            {
                problems.Add(new(first.Number, UnitColumn.Heading, unitProblem));
            }
            else
            {
                BuiltRecord record;
                try
                {
                    record = importer.Build(group.Where(r => ReferenceEquals(r, first) || r.HasAny(childFields)).ToList(), unit!, calendar);
                }
                catch (InvalidOperationException e) when (e.Message.Contains("holiday table", StringComparison.Ordinal))
                {
                    var column = columns.Single(c => c.Field == importer.DateField);
                    problems.Add(new(first.Number, column.Heading, new($"Bảng ngày nghỉ chưa có năm {date.Year}: chưa tính được hạn.", $"The holiday table has no {date.Year}: the deadline cannot be computed.")));
                    continue;
                }

                var checkedRecord = (IRecord)record.Record;
                checkedRecord.RefreshDerived();
                foreach (var error in checkedRecord.Validate())
                {
                    // A cell that could not be read is reported once, as unreadable.
                    var (row, column) = Locate(error.Field, first, record.ChildRows, columns);
                    var heading = column?.Heading ?? new(error.Field, error.Field);
                    if (!problems.Any(p => p.Row == row && p.Column == heading))
                    {
                        problems.Add(new(row, heading, FieldMessages.Translate(error, f => columns.FirstOrDefault(c => c.Field == f)?.Heading)));
                    }
                }

                built.Add(record);
                foreach (var row in group)
                {
                    preview.Add(new PreviewRow(row.Number, built.Count, unit!.Name, columns.Skip(1).Select(c => EnumText.Invariant(row.Values[c.Field])).ToList()));
                }
            }

            done += group.Count;
            if (built.Count % 200 == 0)
            {
                progress((rows.Count + done) / 2, rows.Count);
            }
        }

        progress(rows.Count, rows.Count);
        problems.Sort((a, b) => a.Row.CompareTo(b.Row));
        return problems.Count > 0 ? (new ImportReport(problems, [], 0), []) : (new ImportReport([], preview, built.Count), built);
    }

    /// <summary>The row and column of a broken rule: a child row's field on that child's row, the record's own on its first row.</summary>
    private static (int Row, ImportColumn? Column) Locate(string field, ImportRow first, IReadOnlyList<ImportRow> childRows, IReadOnlyList<ImportColumn> columns)
    {
        if (ChildPath().Match(field) is { Success: true } child)
        {
            var index = int.Parse(child.Groups[2].Value, CultureInfo.InvariantCulture);
            var row = index < childRows.Count ? childRows[index].Number : first.Number;
            return (row, columns.FirstOrDefault(c => c.Field == $"{child.Groups[1].Value}[].{child.Groups[3].Value}"));
        }

        return (first.Number, columns.FirstOrDefault(c => c.Field == field));
    }

    private static object? Read(ImportColumn column, SheetCell cell, bool required, out Words? problem)
    {
        problem = null;
        if (cell.IsEmpty)
        {
            if (required)
            {
                problem = new("Bắt buộc nhập.", "Required.");
            }

            return column.Kind == CellKind.Flag ? false : null;
        }

        var text = cell.ToString().Trim();
        switch (column.Kind)
        {
            case CellKind.Integer:
                if (cell.Number is { } n && n == Math.Floor(n) && n is >= 0 and <= int.MaxValue)
                {
                    return (int)n;
                }

                if (int.TryParse(text.Replace(".", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var i))
                {
                    return i;
                }

                problem = new($"«{text}» không phải số nguyên ≥ 0.", $"“{text}” is not a whole number ≥ 0.");
                return null;
            case CellKind.Date:
                if (cell.Number is { } serial && serial is > 0 and < 2958466)
                {
                    return DateOnly.FromDateTime(DateTime.FromOADate(serial));
                }

                if (Dates.TryParse(text, out var date))
                {
                    return date;
                }

                problem = new($"«{text}» không phải ngày dạng dd/MM/yyyy.", $"“{text}” is not a date dd/MM/yyyy.");
                return null;
            case CellKind.Flag:
                return text.ToLowerInvariant() is "x" or "có" or "co" or "yes" or "1" or "true";
            case CellKind.Choice:
                var choice = column.Choices!.FirstOrDefault(c => SameHeading(EnumText.Of(c).Vi, text) || SameHeading(EnumText.Of(c).En, text) || SameHeading(c.ToString(), text));
                if (choice is null)
                {
                    problem = new($"«{text}» không có trong danh sách: {column.Format.Vi}.", $"“{text}” is not one of: {column.Format.En}.");
                }

                return choice;
            default:
                return text;
        }
    }

    private static bool SameHeading(string a, string b) =>
        string.Compare(a.Trim(), b.Trim(), CultureInfo.InvariantCulture, CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace) == 0;

    private static string FileProblem(string reason) => reason switch
    {
        "only .xlsx and .csv files can be imported" => "Chỉ nhập được tệp .xlsx hoặc .csv.",
        "the file has no header row" => "Tệp không có dòng tiêu đề.",
        "the .csv file is not UTF-8 text" => "Tệp .csv phải lưu dạng UTF-8 (Excel: «CSV UTF-8»).",
        _ => "Không đọc được tệp .xlsx.",
    };

    private static ImportReport Fail(int row, Words column, Words message) => new([new CellProblem(row, column, message)], [], 0);

    [GeneratedRegex(@"^([a-z_]+)\[(\d+)\]\.([a-z_]+)$")]
    private static partial Regex ChildPath();
}

/// <summary>Dates as the admin writes them: dd/MM/yyyy (d/M/yyyy accepted), or ISO yyyy-MM-dd.</summary>
public static class Dates
{
    private static readonly string[] Formats = ["dd/MM/yyyy", "d/M/yyyy", "yyyy-MM-dd"];

    public static bool TryParse(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static string Show(DateOnly? date) => date?.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) ?? "";

    /// <summary>Today in Vietnam.</summary>
    public static DateOnly Today(TimeProvider clock) => Domain.Calendar.VietnamTime.LocalDate(clock.GetUtcNow().UtcDateTime);
}
