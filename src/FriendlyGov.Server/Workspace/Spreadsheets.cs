using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace FriendlyGov.Server.Workspace;

/// <summary>A row read from a sheet: its number as the user sees it (the header is row 1) and its cells, left to right.</summary>
public sealed record SheetRow(int Number, IReadOnlyList<SheetCell> Cells)
{
    public SheetCell Cell(int index) => index < Cells.Count ? Cells[index] : SheetCell.Empty;

    public bool IsEmpty => Cells.All(c => c.IsEmpty);
}

/// <summary>A cell as stored: text, or a number (Excel keeps dates as numbers too).</summary>
public readonly record struct SheetCell(string? Text, double? Number)
{
    public static SheetCell Empty => default;

    public bool IsEmpty => Number is null && string.IsNullOrWhiteSpace(Text);

    public override string ToString() => Number is { } n ? n.ToString(CultureInfo.InvariantCulture) : Text ?? "";
}

/// <summary>The first sheet of an uploaded file: the header row and the rows under it.</summary>
public sealed record Sheet(IReadOnlyList<string> Header, IReadOnlyList<SheetRow> Rows);

/// <summary>A cell to write: text, a number or a date (written as an Excel date shown dd/MM/yyyy).</summary>
public readonly record struct OutCell(string? Text, decimal? Number = null, DateOnly? Date = null)
{
    public static implicit operator OutCell(string? text) => new(text);

    public static implicit operator OutCell(int number) => new(null, number);

    public static implicit operator OutCell(DateOnly? date) => new(null, null, date);
}

/// <summary>
/// Reads .xlsx (DocumentFormat.OpenXml) and .csv (CsvHelper) uploads into rows, and writes .xlsx
/// files: the list exports and the import templates. The Office writers every feature shares.
/// </summary>
public static class Spreadsheets
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Reads the file's first sheet; throws <see cref="InvalidDataException"/> with a reader's message when it is not one.</summary>
    public static Sheet Read(string fileName, byte[] content)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        var rows = extension switch
        {
            ".xlsx" => ReadXlsx(content),
            ".csv" => ReadCsv(content),
            _ => throw new InvalidDataException("only .xlsx and .csv files can be imported"),
        };
        if (rows.Count == 0)
        {
            throw new InvalidDataException("the file has no header row");
        }

        var header = rows[0].Cells.Select(c => c.ToString().Trim()).ToList();
        return new Sheet(header, rows.Skip(1).Where(r => !r.IsEmpty).ToList());
    }

    private static List<SheetRow> ReadCsv(byte[] content)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidDataException("the .csv file is not UTF-8 text");
        }

        using var reader = new StringReader(text.TrimStart('\uFEFF'));
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = false,
            DetectDelimiter = true, // Excel writes ';' where ',' is the decimal separator
            DetectDelimiterValues = [",", ";", "\t"],
            BadDataFound = null,
            MissingFieldFound = null,
        });
        var rows = new List<SheetRow>();
        while (csv.Read())
        {
            var record = csv.Parser.Record ?? [];
            rows.Add(new SheetRow(csv.Parser.Row, record.Select(v => new SheetCell(v, null)).ToList()));
        }

        return rows;
    }

    private static List<SheetRow> ReadXlsx(byte[] content)
    {
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            using var document = SpreadsheetDocument.Open(stream, false);
            var workbook = document.WorkbookPart ?? throw new InvalidDataException("the .xlsx file has no workbook");
            var sheet = workbook.Workbook.Sheets?.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().FirstOrDefault()
                ?? throw new InvalidDataException("the .xlsx file has no sheet");
            var part = (WorksheetPart)workbook.GetPartById(sheet.Id!.Value!);
            var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];
            var rows = new List<SheetRow>();
            foreach (var row in part.Worksheet.Descendants<Row>())
            {
                var cells = new List<SheetCell>();
                foreach (var cell in row.Elements<Cell>())
                {
                    var column = ColumnIndex(cell.CellReference?.Value) ?? cells.Count;
                    while (cells.Count < column)
                    {
                        cells.Add(SheetCell.Empty);
                    }

                    cells.Add(Value(cell, shared));
                }

                rows.Add(new SheetRow((int)(row.RowIndex?.Value ?? (uint)(rows.Count + 1)), cells));
            }

            return rows;
        }
        catch (Exception e) when (e is OpenXmlPackageException or FileFormatException or InvalidOperationException or IOException)
        {
            throw new InvalidDataException("the file is not a readable .xlsx workbook", e);
        }
    }

    private static SheetCell Value(Cell cell, List<string> shared)
    {
        var raw = cell.CellValue?.Text;
        if (cell.DataType?.Value == CellValues.SharedString)
        {
            return new SheetCell(int.TryParse(raw, out var i) && i < shared.Count ? shared[i] : null, null);
        }

        if (cell.DataType?.Value == CellValues.InlineString)
        {
            return new SheetCell(cell.InlineString?.InnerText, null);
        }

        if (cell.DataType?.Value == CellValues.Boolean)
        {
            return new SheetCell(raw == "1" ? "x" : "", null);
        }

        if (cell.DataType is null || cell.DataType.Value == CellValues.Number)
        {
            return double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? new SheetCell(raw, n) : new SheetCell(raw, null);
        }

        return new SheetCell(raw, null);
    }

    private static int? ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var index = 0;
        foreach (var c in reference.TakeWhile(char.IsLetter))
        {
            index = (index * 26) + (char.ToUpperInvariant(c) - 'A' + 1);
        }

        return index - 1;
    }

    /// <summary>Writes sheets (name, header, rows) as an .xlsx workbook: bold header, dates as Excel dates shown dd/MM/yyyy.</summary>
    public static byte[] WriteXlsx(params (string Name, IReadOnlyList<string> Header, IEnumerable<IReadOnlyList<OutCell>> Rows)[] sheets)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Styles();
            var sheetList = workbook.Workbook.AppendChild(new Sheets());
            uint id = 1;
            foreach (var (name, header, rows) in sheets)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                data.AppendChild(Row(1, header.Select(h => new OutCell(h)).ToList(), bold: true));
                uint number = 2;
                foreach (var row in rows)
                {
                    data.AppendChild(Row(number++, row, bold: false));
                }

                var columns = new Columns(header.Select((h, i) => new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = Math.Clamp(h.Length + 4, 12, 48), CustomWidth = true }));
                part.Worksheet = new Worksheet(columns, data);
                sheetList.AppendChild(new DocumentFormat.OpenXml.Spreadsheet.Sheet { Id = workbook.GetIdOfPart(part), SheetId = id++, Name = name });
            }
        }

        return stream.ToArray();
    }

    private const uint BoldStyle = 1;
    private const uint DateStyle = 2;

    private static Row Row(uint number, IReadOnlyList<OutCell> cells, bool bold)
    {
        var row = new Row { RowIndex = number };
        foreach (var cell in cells)
        {
            if (cell.Date is { } date)
            {
                row.AppendChild(new Cell { CellValue = new CellValue(date.ToDateTime(TimeOnly.MinValue).ToOADate().ToString(CultureInfo.InvariantCulture)), StyleIndex = DateStyle });
            }
            else if (cell.Number is { } n)
            {
                row.AppendChild(new Cell { CellValue = new CellValue(n.ToString(CultureInfo.InvariantCulture)), DataType = CellValues.Number });
            }
            else
            {
                row.AppendChild(new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(cell.Text ?? "") { Space = SpaceProcessingModeValues.Preserve }), StyleIndex = bold ? BoldStyle : null });
            }
        }

        return row;
    }

    private static Stylesheet Styles() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "dd/mm/yyyy" }) { Count = 1 },
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 1, ApplyFont = true },
            new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true }) { Count = 3 });
}
