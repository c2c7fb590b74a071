using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace FriendlyGov.Server.Letters;

/// <summary>
/// A letter as a Word document (DocumentFormat.OpenXml): A4, margins of Decree 30/2020/NĐ-CP (top and
/// bottom 20 mm, left 30 mm, right 15 mm), Times New Roman 13 pt, the two-column heading, the title,
/// the body justified with a first-line indent, and the signature block beside "Nơi nhận".
/// </summary>
public static class LetterDocx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private const string Font = "Times New Roman";
    private const int Body = 26; // half-points: 13 pt
    private const int Small = 24;
    private const int Smaller = 22;
    private const int TitleSize = 28;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static byte[] Write(LetterDocument letter)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new Body();
            body.Append(Heading(letter));
            body.Append(Line("", Body));
            body.Append(Line(letter.Title, TitleSize, bold: true, align: JustificationValues.Center, after: 120));
            body.Append(Line(letter.Salutation, Body, align: JustificationValues.Center));
            if (letter.AddressLine is { } address)
            {
                body.Append(Line(address, Body, align: JustificationValues.Center));
            }

            body.Append(Line("", Body));
            foreach (var paragraph in letter.Body)
            {
                body.Append(Line(paragraph.Text, Body, bold: paragraph.Emphasis, align: JustificationValues.Both, firstLineIndent: paragraph.Plain ? 0 : 567, after: 80));
            }

            body.Append(Line(letter.Closing, Body, italic: true, firstLineIndent: 567, after: 120));
            body.Append(Signature(letter));
            if (letter.FormReference is { } form)
            {
                body.Append(Line("", Smaller));
                body.Append(Line($"({form})", 18, italic: true));
            }

            body.Append(new SectionProperties(
                new PageSize { Width = 11906, Height = 16838 },
                new PageMargin { Top = 1134, Bottom = 1134, Left = 1701, Right = 850, Header = 567, Footer = 567, Gutter = 0 }));
            main.Document = new Document(body);
            main.Document.Save();
        }

        return stream.ToArray();
    }

    /// <summary>Agency and number on the left, the national motto and the place and date on the right: a table without borders.</summary>
    private static Table Heading(LetterDocument letter)
    {
        var left = new List<OpenXmlElement>
        {
            Line(letter.Agency[0], Small, align: JustificationValues.Center),
            Line(letter.Agency[1], Small, bold: true, align: JustificationValues.Center),
            Line("———", Small, align: JustificationValues.Center),
            Line(letter.NumberLine, Body, align: JustificationValues.Center),
        };
        var right = new List<OpenXmlElement>
        {
            Line(LetterDocument.Nation, Small, bold: true, align: JustificationValues.Center),
            Line(LetterDocument.Motto, Body, bold: true, align: JustificationValues.Center),
            Line("————————", Small, align: JustificationValues.Center),
            Line(letter.PlaceAndDate, Body, italic: true, align: JustificationValues.Center),
        };
        return TwoColumns(left, right, 3600, 5755);
    }

    private static Table Signature(LetterDocument letter)
    {
        var left = new List<OpenXmlElement> { Line("Nơi nhận:", Small, bold: true, italic: true) };
        left.AddRange(letter.CopiesTo.Select(c => Line("- " + c, Smaller)));
        var right = letter.SignerTitles.Select(t => (OpenXmlElement)Line(t, Body, bold: true, align: JustificationValues.Center)).ToList();
        right.AddRange(Enumerable.Range(0, 4).Select(_ => Line("", Body)));
        right.Add(Line(letter.SignerName ?? "", Body, bold: true, align: JustificationValues.Center));
        return TwoColumns(left, right, 4677, 4678);
    }

    private static Table TwoColumns(IEnumerable<OpenXmlElement> left, IEnumerable<OpenXmlElement> right, int leftWidth, int rightWidth)
    {
        var none = new TableBorders(
            new TopBorder { Val = BorderValues.None }, new BottomBorder { Val = BorderValues.None },
            new LeftBorder { Val = BorderValues.None }, new RightBorder { Val = BorderValues.None },
            new InsideHorizontalBorder { Val = BorderValues.None }, new InsideVerticalBorder { Val = BorderValues.None });
        var table = new Table(
            new TableProperties(new TableWidth { Width = (leftWidth + rightWidth).ToString(Invariant), Type = TableWidthUnitValues.Dxa }, none, new TableLayout { Type = TableLayoutValues.Fixed }),
            new TableGrid(new GridColumn { Width = leftWidth.ToString(Invariant) }, new GridColumn { Width = rightWidth.ToString(Invariant) }));
        table.Append(new TableRow(Cell(left, leftWidth), Cell(right, rightWidth)));
        return table;
    }

    private static TableCell Cell(IEnumerable<OpenXmlElement> content, int width)
    {
        var cell = new TableCell(new TableCellProperties(new TableCellWidth { Width = width.ToString(Invariant), Type = TableWidthUnitValues.Dxa }));
        cell.Append(content);
        return cell;
    }

    private static Paragraph Line(string text, int size, bool bold = false, bool italic = false, JustificationValues? align = null, int firstLineIndent = 0, int after = 0)
    {
        var runProperties = new RunProperties(new RunFonts { Ascii = Font, HighAnsi = Font, ComplexScript = Font, EastAsia = Font });
        if (bold)
        {
            runProperties.Append(new Bold());
        }

        if (italic)
        {
            runProperties.Append(new Italic());
        }

        runProperties.Append(new FontSize { Val = size.ToString(Invariant) });
        var properties = new ParagraphProperties(new SpacingBetweenLines { Before = "0", After = after.ToString(Invariant), Line = "276", LineRule = LineSpacingRuleValues.Auto });
        if (firstLineIndent > 0)
        {
            properties.Append(new Indentation { FirstLine = firstLineIndent.ToString(Invariant) });
        }

        if (align is { } justification)
        {
            properties.Append(new Justification { Val = justification });
        }

        return new Paragraph(properties, new Run(runProperties, new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
    }
}
