using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace FriendlyGov.Data.Reference;

/// <summary>One broken rule of an import, named by file, row (as a spreadsheet numbers it) and column.</summary>
public sealed record ImportError(string File, int Row, string Column, string Message)
{
    public override string ToString() =>
        Row == 0 ? $"{File}: {(Column.Length > 0 ? $"column {Column}: " : "")}{Message}" : $"{File}: row {Row}, column {Column}: {Message}";
}

/// <summary>A row of a reference file: its number in the file (the header is row 1) and its cells by column.</summary>
public sealed class ReferenceRow(int number, IReadOnlyDictionary<string, string> cells)
{
    public int Number { get; } = number;

    /// <summary>The trimmed text of a column (normalised to Unicode NFC); empty when the cell is empty or the column absent.</summary>
    public string this[string column] => cells.TryGetValue(ReferenceTable.ColumnKey(column), out var value) ? value : "";
}

/// <summary>
/// A sheet of reference data: a header row naming the columns, then one record per row. Read from
/// `.csv` (UTF-8 with or without a byte-order mark, comma- or semicolon-separated, quoted as
/// RFC 4180) or `.xlsx` (the first worksheet). Columns are found by their header, whatever their
/// order, letter case or spacing ("Tỉnh / Thành Phố" is "Tỉnh Thành Phố"); empty rows are skipped.
/// </summary>
public sealed class ReferenceTable
{
    private readonly HashSet<string> _columns;

    private ReferenceTable(string file, IEnumerable<string> header, List<ReferenceRow> rows)
    {
        File = file;
        _columns = header.Select(ColumnKey).ToHashSet(StringComparer.Ordinal);
        Rows = rows;
    }

    public string File { get; }

    public IReadOnlyList<ReferenceRow> Rows { get; }

    public bool HasColumn(string column) => _columns.Contains(ColumnKey(column));

    /// <summary>Reads a `.csv` or `.xlsx` file; a file it cannot read is one <see cref="ImportError"/>.</summary>
    public static (ReferenceTable? Table, ImportError? Error) Read(string path)
    {
        var name = Path.GetFileName(path);
        try
        {
            using var stream = System.IO.File.OpenRead(path);
            return (Read(name, stream), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, new ImportError(path, 0, "", $"cannot be read: {e.Message}"));
        }
        catch (ReferenceFileException e)
        {
            return (null, new ImportError(name, 0, "", e.Message));
        }
    }

    /// <summary>Reads a table from a stream; <paramref name="name"/> decides the format by its extension.</summary>
    public static ReferenceTable Read(string name, Stream stream)
    {
        var rows = Path.GetExtension(name).ToUpperInvariant() switch
        {
            ".CSV" => ReadCsv(stream),
            ".XLSX" => ReadXlsx(stream),
            _ => throw new ReferenceFileException("must be a .csv (UTF-8) or .xlsx file"),
        };
        var headerAt = rows.FindIndex(r => r.Cells.Any(c => c.Length > 0));
        var header = headerAt >= 0 ? rows[headerAt] : throw new ReferenceFileException("is empty: the first row must name the columns");
        var records = new List<ReferenceRow>();
        foreach (var (number, cells) in rows.Where(r => r.Number > header.Number && r.Cells.Any(c => c.Length > 0)))
        {
            var byColumn = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Cells.Count; i++)
            {
                var column = ColumnKey(header.Cells[i]);
                if (column.Length > 0 && i < cells.Count)
                {
                    byColumn.TryAdd(column, cells[i]);
                }
            }

            records.Add(new ReferenceRow(number, byColumn));
        }

        return new ReferenceTable(name, header.Cells, records);
    }

    /// <summary>How columns are matched: letters and digits only, lower case, NFC.</summary>
    public static string ColumnKey(string header) =>
        new(header.Normalize(NormalizationForm.FormC).ToLower(CultureInfo.InvariantCulture).Where(char.IsLetterOrDigit).ToArray());

    private static string Clean(string text) => text.Trim().Normalize(NormalizationForm.FormC);

    private static List<(int Number, List<string> Cells)> ReadCsv(Stream stream)
    {
        string text;
        try
        {
            using var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
            text = reader.ReadToEnd();
        }
        catch (DecoderFallbackException)
        {
            throw new ReferenceFileException("is not UTF-8 text: save it as \"CSV UTF-8\"");
        }

        var firstLine = text.Split('\n', 2)[0];
        var separator = firstLine.Count(c => c == ';') > firstLine.Count(c => c == ',') ? ';' : ',';
        var rows = new List<(int, List<string>)>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        var line = 1;
        var rowLine = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    cell.Append(c);
                }
            }
            else if (c == '"' && cell.ToString().Trim().Length == 0)
            {
                cell.Clear();
                quoted = true;
            }
            else if (c == separator)
            {
                cells.Add(Clean(cell.ToString()));
                cell.Clear();
            }
            else if (c == '\n')
            {
                cells.Add(Clean(cell.ToString()));
                rows.Add((rowLine, cells));
                cells = [];
                cell.Clear();
                rowLine = ++line;
            }
            else if (c != '\r')
            {
                cell.Append(c);
            }
        }

        if (quoted)
        {
            throw new ReferenceFileException($"row {rowLine}: a quoted cell is never closed");
        }

        if (cell.Length > 0 || cells.Count > 0)
        {
            cells.Add(Clean(cell.ToString()));
            rows.Add((rowLine, cells));
        }

        return rows;
    }

    private static List<(int Number, List<string> Cells)> ReadXlsx(Stream stream)
    {
        SpreadsheetDocument document;
        try
        {
            document = SpreadsheetDocument.Open(stream, isEditable: false);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or FileFormatException)
        {
            throw new ReferenceFileException("is not a readable .xlsx workbook");
        }

        using (document)
        {
            var workbook = document.WorkbookPart ?? throw new ReferenceFileException("is not a readable .xlsx workbook");
            var firstSheet = workbook.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault()
                ?? throw new ReferenceFileException("has no worksheet");
            var sheet = (WorksheetPart)workbook.GetPartById(firstSheet.Id!.Value!);
            var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
            var dateStyles = DateStyles(workbook);
            var rows = new List<(int, List<string>)>();
            var next = 1;
            foreach (var row in sheet.Worksheet.Descendants<Row>())
            {
                var number = row.RowIndex?.Value is { } index ? (int)index : next;
                next = number + 1;
                var cells = new List<string>();
                foreach (var cell in row.Elements<Cell>())
                {
                    var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : cells.Count;
                    while (cells.Count < column)
                    {
                        cells.Add("");
                    }

                    cells.Add(Clean(CellText(cell, shared, dateStyles)));
                }

                rows.Add((number, cells));
            }

            return rows;
        }
    }

    private static string CellText(Cell cell, List<string> shared, HashSet<uint> dateStyles)
    {
        var value = cell.CellValue?.Text ?? "";
        if (cell.DataType?.Value == CellValues.SharedString)
        {
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < shared.Count ? shared[i] : "";
        }

        if (cell.DataType?.Value == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText ?? "";
        }

        if (cell.DataType?.Value == CellValues.Date)
        {
            return DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : value;
        }

        // A number formatted as a date is a day count (OLE Automation date); it reads as yyyy-MM-dd.
        if ((cell.DataType is null || cell.DataType.Value == CellValues.Number) && cell.StyleIndex?.Value is { } style && dateStyles.Contains(style)
            && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var days))
        {
            return DateTime.FromOADate(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        return value;
    }

    /// <summary>The cell styles whose number format shows a date: built-in formats 14–22 and 45–47, or a custom format with d, m or y outside quotes.</summary>
    private static HashSet<uint> DateStyles(WorkbookPart workbook)
    {
        var stylesheet = workbook.WorkbookStylesPart?.Stylesheet;
        var custom = stylesheet?.NumberingFormats?.Elements<NumberingFormat>()
            .Where(f => f.NumberFormatId?.Value is not null && IsDateFormat(f.FormatCode?.Value ?? ""))
            .Select(f => f.NumberFormatId!.Value).ToHashSet() ?? [];
        var styles = new HashSet<uint>();
        uint index = 0;
        foreach (var format in stylesheet?.CellFormats?.Elements<CellFormat>() ?? [])
        {
            var id = format.NumberFormatId?.Value ?? 0;
            if (id is >= 14 and <= 22 or >= 45 and <= 47 || custom.Contains(id))
            {
                styles.Add(index);
            }

            index++;
        }

        return styles;
    }

    private static bool IsDateFormat(string code)
    {
        var outside = new StringBuilder();
        var quoted = false;
        var bracket = false;
        foreach (var c in code)
        {
            quoted ^= c == '"';
            bracket = c == '[' || (bracket && c != ']');
            if (!quoted && !bracket)
            {
                outside.Append(char.ToLowerInvariant(c));
            }
        }

        return outside.ToString().IndexOfAny(['d', 'm', 'y']) >= 0;
    }

    /// <summary>0 for A, 25 for Z, 26 for AA, from a reference such as "C7".</summary>
    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference.TakeWhile(char.IsLetter))
        {
            index = (index * 26) + (char.ToUpperInvariant(c) - 'A' + 1);
        }

        return index - 1;
    }
}

/// <summary>A reference file that cannot be read at all (not its rows: those are <see cref="ImportError"/>s).</summary>
public sealed class ReferenceFileException(string message) : Exception(message);
