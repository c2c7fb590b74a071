using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using FriendlyGov.Data;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Units;
using FriendlyGov.Server.Dashboard;
using FriendlyGov.Server.Indicators;
using FriendlyGov.Server.Letters;
using FriendlyGov.Server.Staff;
using FriendlyGov.Server.Targets;
using A = DocumentFormat.OpenXml.Drawing;
using C = FriendlyGov.Domain.Indicators.IndicatorCatalogue;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using PIC = DocumentFormat.OpenXml.Drawing.Pictures;

namespace FriendlyGov.Server.Reports;

/// <summary>
/// The commune's periodic report on the model (the shape of shared/seed/bao-cao-hoang-kim-2023.txt) as
/// a Word document: /dashboard/report.docx?unit=…&amp;year=…&amp;quarter=… (quarter 0: the year). Every
/// figure is read from the same snapshots as the scorecard, its cards and gRPC's GetScorecard; what only
/// people can write (the situation, the causes, the tasks ahead) is a marked blank for them to fill in; section III
/// lists each target's check-ins of the period (the notes its leaders and officers wrote, <see cref="TargetMetrics"/>).
/// Always in Vietnamese: it is the report the commune sends up.
/// </summary>
public static class PeriodReport
{
    public const string Blank = "[Phần do đơn vị viết]";

    private const int Body = 26; // half-points: 13 pt
    private const int Small = 24;

    public static void MapPeriodReport(this WebApplication app) =>
        app.MapGet("/dashboard/report.docx", WriteAsync).RequireAuthorization();

    private static async Task<IResult> WriteAsync(
        string? unit, int? year, int? quarter, HttpContext http, FriendlyGovDbContext db, IndicatorReads reads, DashboardCharts charts, DashboardLayout layout, TimeProvider clock)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = Admin.Lang.Vietnamese;
        var slice = await DashboardSlice.ResolveAsync(db, reads, StaffScope.Of(http.User), unit, year, quarter, clock, http.RequestAborted);
        if (!slice.Found)
        {
            return Results.NotFound();
        }

        if (slice.Errors.Count > 0)
        {
            return Results.ValidationProblem(slice.Errors.ToDictionary(e => e.Key, e => new[] { e.Value }));
        }

        var content = await BuildAsync(db, slice.Unit!, slice.Period, reads, charts, layout, http.RequestAborted);
        return Results.File(content, LetterDocx.ContentType, FileName(slice.Unit!, slice.Period));
    }

    /// <summary>The report of a unit and period, with the dashboard's charts: what the download and the subscribers' mail send.</summary>
    public static async Task<byte[]> BuildAsync(FriendlyGovDbContext db, AdministrativeUnit unit, Period period, IndicatorReads reads, DashboardCharts charts, DashboardLayout layout, CancellationToken cancellationToken)
    {
        var entries = await reads.ScorecardAsync(unit.Id, period, cancellationToken);
        var images = new List<ChartData>();
        foreach (var chart in layout.Charts)
        {
            // The dashboard's charts, as on the page: a ranking only where there are units below; small
            // multiples, an image per unit below, stay on the page (the ranking has the same units).
            if (chart.Kind == ChartKind.SmallMultiples)
            {
                continue;
            }

            var built = await charts.BuildAsync(chart, unit, period, cancellationToken);
            if (built.Shown)
            {
                images.Add(built.Image);
            }
        }

        var metrics = await TargetMetrics.ReadAsync(db, unit, period, cancellationToken);
        return Write(unit, period, entries, images, metrics);
    }

    public static string FileName(AdministrativeUnit unit, Period period) =>
        $"bao-cao-{unit.Code}-{period.Year}{(period.IsYear ? "" : "-q" + period.Quarter)}.docx";

    public static byte[] Write(AdministrativeUnit unit, Period period, IReadOnlyList<ScorecardEntry> entries, IReadOnlyList<ChartData> charts, TargetMetrics metrics)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(Contents(unit, period, entries, charts, metrics, main));
            main.Document.Save();
        }

        return stream.ToArray();
    }

    private static Body Contents(AdministrativeUnit unit, Period period, IReadOnlyList<ScorecardEntry> entries, IReadOnlyList<ChartData> charts, TargetMetrics metrics, MainDocumentPart main)
    {
        var dataTo = ScorecardSummary.DataToOf(entries, period);
        var figures = entries.ToDictionary(e => e.Indicator.Code);
        string V(string code) => figures.TryGetValue(code, out var e) ? IndicatorFormat.Value(e.Current.Value, e.Indicator.Unit) : "—";
        var when = IndicatorFormat.Period(period);

        var body = new Body();
        body.Append(LetterDocx.TwoColumns(
            [P("ỦY BAN NHÂN DÂN", Small, align: JustificationValues.Center), P(unit.Name.ToUpper(CultureInfo.CurrentCulture), Small, bold: true, align: JustificationValues.Center)],
            [P(LetterDocument.Nation, Small, bold: true, align: JustificationValues.Center), P(LetterDocument.Motto, Body, bold: true, align: JustificationValues.Center)],
            3600, 5755));
        body.Append(P("", Body));
        body.Append(P("BÁO CÁO", 28, bold: true, align: JustificationValues.Center));
        body.Append(P($"Kết quả thực hiện mô hình “Chính quyền thân thiện, vì Nhân dân phục vụ” {when}", Body, bold: true, align: JustificationValues.Center, after: 240));

        body.Append(Heading("I. ĐẶC ĐIỂM TÌNH HÌNH"));
        body.Append(Text($"1. Khái quát đặc điểm tình hình chung: {Blank}"));
        body.Append(Text($"2. Những thuận lợi, khó khăn: {Blank}"));

        body.Append(Heading("II. KẾT QUẢ THỰC HIỆN"));
        body.Append(Heading("1. Giải quyết thủ tục hành chính tại Bộ phận một cửa", level: 2));
        body.Append(Text($"Trong {when}, {unit.Name} tiếp nhận {V(C.DossiersReceived)} hồ sơ thủ tục hành chính, trong đó: trực tuyến một phần (mức độ 3) {V(C.DossiersReceivedPartlyOnline)} hồ sơ; "
            + $"trực tuyến toàn trình (mức độ 4) {V(C.DossiersReceivedFullyOnline)} hồ sơ; trực tiếp tại Bộ phận một cửa {V(C.DossiersReceivedCounter)} hồ sơ; "
            + $"qua dịch vụ bưu chính công ích {V(C.DossiersReceivedPostal)} hồ sơ. Giải quyết theo cơ chế liên thông {V(C.InterAgencyCount)} hồ sơ."));
        body.Append(Text($"Tỷ lệ hồ sơ giải quyết đúng hạn {V(C.OnTimeShare)}; hồ sơ quá hạn {V(C.OverdueCount)}. Tỷ lệ công khai kết quả {V(C.ResultsPublishedShare)}; "
            + $"tỷ lệ số hóa kết quả {V(C.ResultsDigitisedShare)}; tỷ lệ trả kết quả điện tử {V(C.ResultsElectronicShare)}; tỷ lệ thanh toán trực tuyến {V(C.PaidOnlineShare)}."));
        body.Append(Table(entries.Where(e => e.Current.Target is not null).ToList(), period, metrics, dataTo));
        uint picture = 1;
        foreach (var chart in charts)
        {
            body.Append(Picture(main, chart, picture++));
        }

        body.Append(Heading("2. Khảo sát mức độ hài lòng", level: 2));
        var satisfied = figures.TryGetValue(C.SatisfactionShare, out var share) ? IndicatorFormat.Value(share.Current.Numerator, Domain.Indicators.IndicatorUnit.Count) : "—";
        body.Append(Text($"Thu {V(C.SurveyCount)} phiếu khảo sát, trong đó {satisfied} phiếu hài lòng, đạt tỷ lệ {V(C.SatisfactionShare)}. "
            + $"Điểm thái độ công chức bình quân {V(C.ScoreStaffAttitude)}/5."));

        body.Append(Heading("3. Thực hiện hệ thống thư", level: 2));
        body.Append(Text($"Thư chúc mừng, trao giấy đăng ký kết hôn: {V(C.LettersMarriage)}; thư chúc mừng đăng ký khai sinh: {V(C.LettersBirth)}; thư chia buồn: {V(C.LettersCondolence)}; "
            + $"thư xin lỗi: {V(C.LettersApology)}; thư cảm ơn: {V(C.LettersThanks)}."));

        body.Append(Heading("4. Tiếp công dân và đối thoại", level: 2));
        body.Append(Text($"Tổ chức {V(C.ReceptionSessions)} buổi tiếp công dân; Bí thư Đảng ủy tiếp bình quân {V(C.PartySecretaryReceptionsPerMonth)} buổi/tháng; "
            + $"Chủ tịch, Phó Chủ tịch UBND tiếp bình quân {V(C.ChairmanReceptionsPerMonth)} buổi/tháng. Tổ chức {V(C.Dialogues)} buổi đối thoại trực tiếp giữa người đứng đầu với Nhân dân, "
            + $"tiếp nhận {V(C.DialogueOpinions)} ý kiến."));

        body.Append(Heading("5. Giải quyết đơn thư", level: 2));
        body.Append(Text($"Tiếp nhận {V(C.PetitionsReceived)} đơn thư (khiếu nại, tố cáo, kiến nghị, phản ánh); tỷ lệ đã giải quyết {V(C.PetitionsResolvedShare)}."));

        body.Append(Heading("III. ĐÁNH GIÁ CHUNG"));
        var judged = entries.Where(e => e.Current.Value is not null && e.Current.Met is not null).ToList();
        body.Append(Heading("1. Ưu điểm", level: 2));
        foreach (var e in judged.Where(e => e.Current.Met == true))
        {
            body.Append(Text($"- {e.Indicator.NameVi}: {IndicatorFormat.Value(e.Current.Value, e.Indicator.Unit)}, đạt chỉ tiêu {IndicatorFormat.Value(e.Current.Target, e.Indicator.Unit)}."));
        }

        body.Append(Text(Blank));
        body.Append(Heading("2. Khuyết điểm, nguyên nhân", level: 2));
        foreach (var e in judged.Where(e => e.Current.Met == false))
        {
            var cause = metrics.CheckIns[e.Indicator.Code].Any() ? "xem ghi nhận tại mục 3." : Blank;
            body.Append(Text($"- {e.Indicator.NameVi}: {IndicatorFormat.Value(e.Current.Value, e.Indicator.Unit)}, chưa đạt chỉ tiêu {IndicatorFormat.Value(e.Current.Target, e.Indicator.Unit)}. Nguyên nhân: {cause}"));
        }

        // The check-ins of each target, oldest first: what the people answering for it wrote during the period.
        body.Append(Heading("3. Ghi nhận theo từng chỉ tiêu", level: 2));
        foreach (var e in entries.Where(e => e.Current.Target is not null))
        {
            var status = metrics.ProgressOf(e, period, dataTo) is { } progress ? $": {TargetMetrics.Word(progress.Status).ToLower(CultureInfo.CurrentCulture)}" : "";
            body.Append(Text($"- {e.Indicator.NameVi} (phụ trách: {metrics.OwnerOf(e.Indicator.Code) ?? "chưa giao"}){status}."));
            var checkIns = metrics.CheckIns[e.Indicator.Code].ToList();
            foreach (var c in checkIns)
            {
                var of = c.PeriodKey == period.Key ? "" : $"{IndicatorFormat.Period(Period.FromKey(c.PeriodKey))}, ";
                body.Append(Text($"+ {of}{Domain.Calendar.VietnamTime.LocalDate(c.WrittenAt):dd/MM/yyyy}, {c.WrittenBy} ({TargetMetrics.Word(c.Status).ToLower(CultureInfo.CurrentCulture)}): {c.Note.ReplaceLineEndings(" ")}"));
            }

            if (checkIns.Count == 0)
            {
                body.Append(Text($"+ {Blank}"));
            }
        }

        body.Append(Heading("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"));
        foreach (var e in entries.Where(e => e.Current.Target is not null))
        {
            body.Append(Text($"- {e.Indicator.NameVi}: chỉ tiêu {(e.Indicator.Better == Domain.Indicators.Better.Lower ? "không quá" : "đạt từ")} {IndicatorFormat.Value(e.Current.Target, e.Indicator.Unit)}."));
        }

        body.Append(Text(Blank));
        body.Append(new SectionProperties(
            new PageSize { Width = 11906, Height = 16838 },
            new PageMargin { Top = 1134, Bottom = 1134, Left = 1701, Right = 850, Header = 567, Footer = 567, Gutter = 0 }));
        return body;
    }

    /// <summary>A chart as a PNG picture in its own centred paragraph, 16 cm wide (drawn at twice the page's size, sharp in print).</summary>
    private static Paragraph Picture(MainDocumentPart main, ChartData chart, uint id)
    {
        var (width, height) = ChartSizes.Default(chart);
        var image = main.AddImagePart(ImagePartType.Png);
        using (var png = new MemoryStream(ChartRenderer.Png(chart, width * 2, height * 2, density: 2)))
        {
            image.FeedData(png);
        }

        const long cx = 16 * 360_000L; // EMU: 360 000 a centimetre
        var cy = cx * height / width;
        var inline = new DW.Inline(
            new DW.Extent { Cx = cx, Cy = cy },
            new DW.EffectExtent { LeftEdge = 0, TopEdge = 0, RightEdge = 0, BottomEdge = 0 },
            new DW.DocProperties { Id = id, Name = chart.Title, Description = DashboardCharts.Describe(chart) },
            new DW.NonVisualGraphicFrameDrawingProperties(new A.GraphicFrameLocks { NoChangeAspect = true }),
            new A.Graphic(new A.GraphicData(
                new PIC.Picture(
                    new PIC.NonVisualPictureProperties(new PIC.NonVisualDrawingProperties { Id = id, Name = $"{chart.Id}.png" }, new PIC.NonVisualPictureDrawingProperties()),
                    new PIC.BlipFill(new A.Blip { Embed = main.GetIdOfPart(image) }, new A.Stretch(new A.FillRectangle())),
                    new PIC.ShapeProperties(
                        new A.Transform2D(new A.Offset { X = 0, Y = 0 }, new A.Extents { Cx = cx, Cy = cy }),
                        new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle })))
            { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" }))
        {
            DistanceFromTop = 0, DistanceFromBottom = 0, DistanceFromLeft = 0, DistanceFromRight = 0,
        };
        return new Paragraph(
            new ParagraphProperties(new Justification { Val = JustificationValues.Center }, new SpacingBetweenLines { Before = "120", After = "120" }),
            new Run(new Drawing(inline)));
    }

    /// <summary>The targets of the period: indicator, actual, target, assessment, as the scorecard's cards judge them.</summary>
    private static Table Table(IReadOnlyList<ScorecardEntry> targeted, Period period, TargetMetrics metrics, DateOnly? dataTo)
    {
        var border = new TableBorders(
            new TopBorder { Val = BorderValues.Single, Size = 4 }, new BottomBorder { Val = BorderValues.Single, Size = 4 },
            new LeftBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 });
        int[] widths = [4355, 1600, 1600, 1800];
        var table = new Table(new TableProperties(new TableWidth { Width = widths.Sum().ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa }, border),
            new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString(CultureInfo.InvariantCulture) })));
        TableRow Row(bool header, params string[] cells) =>
            new(cells.Select((text, i) => LetterDocx.Cell([P(text, Small, bold: header, align: i == 0 ? null : JustificationValues.Center)], widths[i])));
        table.Append(Row(true, "Chỉ tiêu", "Thực hiện", "Chỉ tiêu", "Đánh giá"));
        foreach (var e in targeted)
        {
            var card = new KpiCard(e.Indicator, period, e.Current, Running: e.Current.ClosedAt is null) { Progress = metrics.ProgressOf(e, period, dataTo) };
            table.Append(Row(false, e.Indicator.NameVi, IndicatorFormat.Value(e.Current.Value, e.Indicator.Unit),
                (e.Indicator.Better == Domain.Indicators.Better.Lower ? "≤ " : "≥ ") + IndicatorFormat.Value(e.Current.Target, e.Indicator.Unit), card.StateText));
        }

        return table;
    }

    private static Paragraph Heading(string text, int level = 1) => P(text, Body, bold: true, before: level == 1 ? 240 : 120, after: 60);

    private static Paragraph Text(string text) => P(text, Body, align: JustificationValues.Both, firstLineIndent: 567, after: 60);

    private static Paragraph P(string text, int size, bool bold = false, JustificationValues? align = null, int firstLineIndent = 0, int before = 0, int after = 0)
    {
        var paragraph = LetterDocx.Line(text, size, bold: bold, align: align, firstLineIndent: firstLineIndent, after: after);
        if (before > 0)
        {
            paragraph.ParagraphProperties!.SpacingBetweenLines!.Before = before.ToString(CultureInfo.InvariantCulture);
        }

        return paragraph;
    }
}
