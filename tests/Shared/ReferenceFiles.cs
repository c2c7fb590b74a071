using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace FriendlyGov.Testing;

/// <summary>Reference files for the tests: the shipped samples (copied next to the tests), and files written on the fly.</summary>
public static class ReferenceFiles
{
    public static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "reference", name);

    public static string Text(string name, string content, bool bom = false)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("fg-ref-").FullName, name);
        File.WriteAllText(path, content, new UTF8Encoding(bom));
        return path;
    }

    /// <summary>A workbook as a spreadsheet program writes it: text in the shared-string table, numbers as numbers, dates as day counts with a date format.</summary>
    public static string Xlsx(string name, string[] header, params object[][] rows)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("fg-ref-").FullName, name);
        using var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook();
        var styles = workbook.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = new Stylesheet(
            new Fonts(new Font()), new Fills(new Fill()), new Borders(new Border()),
            new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }));
        var strings = workbook.AddNewPart<SharedStringTablePart>();
        strings.SharedStringTable = new SharedStringTable();
        var sheet = workbook.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        foreach (var (values, index) in new[] { header.Cast<object>().ToArray() }.Concat(rows).Select((r, i) => (r, i)))
        {
            var row = new Row { RowIndex = (uint)index + 1 };
            foreach (var (value, column) in values.Select((v, c) => (v, c)))
            {
                var cell = new Cell { CellReference = $"{(char)('A' + column)}{index + 1}" };
                switch (value)
                {
                    case int number:
                        cell.CellValue = new CellValue(number);
                        break;
                    case DateOnly date:
                        cell.CellValue = new CellValue(date.ToDateTime(TimeOnly.MinValue).ToOADate());
                        cell.StyleIndex = 1;
                        break;
                    default:
                        strings.SharedStringTable.AppendChild(new SharedStringItem(new Text((string)value)));
                        cell.CellValue = new CellValue(strings.SharedStringTable.Count() - 1);
                        cell.DataType = CellValues.SharedString;
                        break;
                }

                row.AppendChild(cell);
            }

            data.AppendChild(row);
        }

        sheet.Worksheet = new Worksheet(data);
        workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = "Sheet1" }));
        return path;
    }
}
