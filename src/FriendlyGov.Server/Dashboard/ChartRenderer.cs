using System.Globalization;
using System.Text;
using ScottPlot;
using SkiaSharp;

namespace FriendlyGov.Server.Dashboard;

/// <summary>One element of a chart (its category and series) and the rectangle it takes in the image, in the image's pixels.</summary>
public sealed record ChartArea(int Category, int Series, float X, float Y, float Width, float Height);

/// <summary>
/// Draws a <see cref="ChartData"/> as PNG or SVG in the style of a Power BI report: white background, light grid,
/// one colour per series, the target in dark grey. Safe to call from many requests at once (a plot per call).
/// </summary>
public static class ChartRenderer
{
    // The page shows charts 760 px wide; twice that is a sharp chart on a high-density screen or a slide.
    // A small multiple on a phone is 160 px wide.
    public const int MinSize = 120, MaxSize = 1600;

    /// <summary>Drawn in the middle of a chart whose categories or values are all missing.</summary>
    public const string NoDataText = "Chưa có số liệu / No data";

    // Power BI's default theme: its first colours, text and gridline greys.
    private static readonly Color[] Palette = [.. new[] { "#118DFF", "#12239E", "#E66C37", "#6B007B", "#E044A7", "#744EC2", "#D9B300", "#D64550" }.Select(Color.FromHex)];
    private static readonly Color Ink = Color.FromHex("#252423");
    private static readonly Color SoftInk = Color.FromHex("#605E5C");
    private static readonly Color Gridline = Color.FromHex("#E1DFDD");
    private static readonly Color Band = Color.FromHex("#E6E6E6");
    private static readonly Color TargetColor = Ink;
    private static readonly Color MetColor = Color.FromHex("#1B7A3A");
    private static readonly Color NotMetColor = Color.FromHex("#B42318");
    private static readonly SKPngEncoderOptions FastPng = new(SKPngEncoderFilterFlags.Sub, 3);

    /// <summary>Density 1–2: image pixels per CSS pixel of the place it is shown at (2 for a sharp screen); text and lines grow with it.</summary>
    public const int MaxDensity = 2;

    public static byte[] Png(ChartData chart, int width, int height, int density = 1)
    {
        // The pixels of plot.GetImage, encoded with fewer PNG filters and a lower zlib level than its
        // default (every filter, level 6): 2–4× faster to draw and encode, for a file 10–25% larger.
        using var plot = Build(chart, width, height, density);
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        plot.Render(surface.Canvas, width, height);
        using var pixels = surface.PeekPixels();
        using var png = pixels.Encode(FastPng) ?? throw new InvalidOperationException($"Chart {chart.Id} could not be encoded as PNG.");
        return png.ToArray();
    }

    public static string Svg(ChartData chart, int width, int height, int density = 1)
    {
        using var plot = Build(chart, width, height, density);
        return plot.GetSvgXml(width, height);
    }

    /// <summary>
    /// Where each element of the chart lies in its image, in the image's pixels: a bullet's or a ranking's
    /// row (its name and bar), a trend's quarter (the column of its point and label), a stacked chart's
    /// segment. Taken from the plot's layout after a render of the same size, density and words as the
    /// image (ScottPlot's pixel of a coordinate and data rectangle of the last render).
    /// </summary>
    public static IReadOnlyList<ChartArea> Areas(ChartData chart, int width, int height, int density = 1)
    {
        using var plot = Build(chart, width, height, density);
        var data = Normalized(chart);
        // A small multiple is one link as a whole, to its unit's page: it has no elements of its own.
        if (!HasData(data) || data.Kind == ChartKind.SmallMultiples)
        {
            return [];
        }

        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        plot.Render(surface.Canvas, width, height);
        var frame = plot.RenderManager.LastRender.DataRect;
        var count = data.Categories.Count;
        ChartArea Area(int category, int series, float left, float top, float right, float bottom)
        {
            (left, right) = (Math.Max(0, Math.Min(left, right)), Math.Min(width, Math.Max(left, right)));
            (top, bottom) = (Math.Max(0, Math.Min(top, bottom)), Math.Min(height, Math.Max(top, bottom)));
            return new ChartArea(category, series, MathF.Round(left, 1), MathF.Round(top, 1), MathF.Round(right - left, 1), MathF.Round(bottom - top, 1));
        }

        float X(double x) => plot.GetPixel(new Coordinates(x, 0)).X;
        float Y(double y) => plot.GetPixel(new Coordinates(0, y)).Y;
        var areas = new List<ChartArea>();
        switch (data.Kind)
        {
            case ChartKind.Bullet or ChartKind.Ranking:
                // A whole row, from the image's left edge (its name) to the data's right edge (its value).
                for (var i = 0; i < count; i++)
                {
                    if (data.Series[0].Values[i] is not null)
                    {
                        var row = count - 1 - i;
                        areas.Add(Area(i, 0, 0, Y(row + 0.5), frame.Right, Y(row - 0.5)));
                    }
                }

                break;
            case ChartKind.Trend:
                // A quarter's column, from the top of the data down to its label under it.
                for (var i = 0; i < count; i++)
                {
                    if (data.Series.Any(s => s.Values[i] is not null))
                    {
                        areas.Add(Area(i, 0, X(i - 0.5), frame.Top, X(i + 0.5), height));
                    }
                }

                break;
            default:
                // Each segment of a column, as drawn (Stacked).
                for (var i = 0; i < count; i++)
                {
                    var bottom = 0.0;
                    for (var s = 0; s < data.Series.Count; s++)
                    {
                        if (data.Series[s].Values[i] is { } value and not 0)
                        {
                            areas.Add(Area(i, s, X(i - 0.3), Y(bottom + value), X(i + 0.3), Y(bottom)));
                            bottom += value;
                        }
                    }
                }

                break;
        }

        return areas;
    }

    private static Plot Build(ChartData chart, int width, int height, int density)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(density, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(density, MaxDensity);
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, MinSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, MaxSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, MinSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, MaxSize);
        ChartFonts.Register();

        var data = Normalized(chart);
        var sheet = new Sheet(width, height, data, density);
        var plot = new Plot();
        try
        {
            sheet.Style(plot);
            if (!HasData(data))
            {
                sheet.NoData(plot);
                return plot;
            }

            switch (data.Kind)
            {
                case ChartKind.Bullet: sheet.Bullet(plot); break;
                case ChartKind.Trend: sheet.Trend(plot); break;
                case ChartKind.Stacked: sheet.Stacked(plot); break;
                case ChartKind.Ranking: sheet.Ranking(plot); break;
                case ChartKind.SmallMultiples: sheet.SmallMultiple(plot); break;
                default: throw new ArgumentOutOfRangeException(nameof(chart), data.Kind, "Unknown chart kind.");
            }

            return plot;
        }
        catch
        {
            plot.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The chart with every text in NFC: SkiaSharp draws code point by code point without shaping, so a
    /// decomposed "ỷ" (y + two combining marks) would come out as a bare y with marks drawn beside it.
    /// </summary>
    private static ChartData Normalized(ChartData chart)
    {
        var count = chart.Categories.Count;
        if (chart.Targets.Count != 0 && chart.Targets.Count != count)
        {
            throw new ArgumentException($"Chart {chart.Id}: {chart.Targets.Count} targets for {count} categories (give one per category, or none).", nameof(chart));
        }

        if (chart.Series.FirstOrDefault(series => series.Values.Count != count) is { } uneven)
        {
            throw new ArgumentException($"Chart {chart.Id}: series \"{uneven.Name}\" has {uneven.Values.Count} values for {count} categories.", nameof(chart));
        }

        if (chart.Kind is ChartKind.Bullet or ChartKind.Ranking or ChartKind.SmallMultiples && chart.Series.Count > 1)
        {
            throw new ArgumentException($"Chart {chart.Id}: a {chart.Kind} chart shows one series, not {chart.Series.Count}.", nameof(chart));
        }

        return chart with
        {
            Title = Nfc(chart.Title),
            ValueLabel = Nfc(chart.ValueLabel),
            Categories = [.. chart.Categories.Select(Nfc)],
            Series = [.. chart.Series.Select(series => series with { Name = Nfc(series.Name) })],
            TargetLabel = Nfc(chart.TargetLabel),
        };
    }

    private static string Nfc(string? text) => (text ?? "").Normalize(NormalizationForm.FormC);

    private static bool HasData(ChartData chart) =>
        chart.Categories.Count > 0 && chart.Series.Any(series => series.Values.Any(value => value.HasValue));

    /// <summary>One render: the chart, the image size, and the font sizes and measures derived from them.</summary>
    private sealed class Sheet(int width, int height, ChartData chart, int density)
    {
        // Sizes are in CSS pixels of the place the image is shown at, its width and height divided by the
        // density: the page asks for an image of the size it shows, so that 13 px text is 13 px on screen.
        private readonly float scale = density;
        private readonly bool percent = chart.Kind == ChartKind.Bullet || chart.ValueLabel.Trim() == "%";
        private readonly int count = chart.Categories.Count;

        private float TitleSize => 16 * scale;
        private float TextSize => 13 * scale;
        private bool HasTargets => chart.Targets.Any(target => target.HasValue);

        /// <summary>A chart of a phone's width (under 450 CSS pixels).</summary>
        private bool Narrow => width < 450 * scale;

        // Lines across the chart are dashed; the short ticks on each bar are solid.
        private bool TargetDashed => chart.Kind is ChartKind.Trend || (chart.Kind is ChartKind.Ranking && TargetValues().Distinct().Count() == 1);
        private IReadOnlyList<double?> Values => chart.Series[0].Values;

        public void Style(Plot plot)
        {
            plot.FigureBackground.Color = Colors.White;
            plot.DataBackground.Color = Colors.White;

            // The page names each chart in its heading: the image it embeds has no title (an empty one takes no room).
            var title = plot.Axes.Title.Label;
            title.Text = chart.Title.Length == 0 ? "" : Wrap(chart.Title, width - 24 * scale, TitleSize, bold: true, maxLines: 2);
            plot.Axes.Title.FullFigureCenter = true;
            title.Bold = true;
            title.FontSize = TitleSize;
            title.ForeColor = Ink;

            foreach (var axis in plot.Axes.GetAxes())
            {
                axis.FrameLineStyle.Width = 0;
                axis.MajorTickStyle.Length = 0;
                axis.MinorTickStyle.Length = 0;
                axis.TickLabelStyle.FontSize = TextSize;
                axis.TickLabelStyle.ForeColor = SoftInk;
                axis.Label.FontSize = TextSize;
                axis.Label.ForeColor = SoftInk;
                axis.Label.Bold = false;
            }

            // The top axis shows nothing: hidden, it leaves no empty band under the legend. The right one,
            // empty too, stays as a margin that keeps the last tick label off the edge.
            plot.Axes.Top.IsVisible = false;

            plot.Grid.MajorLineColor = Gridline;
            plot.Grid.MajorLineWidth = 1;
            plot.Grid.MinorLineWidth = 0;

            plot.Legend.FontSize = TextSize;
            plot.Legend.FontColor = Ink;
            plot.Legend.OutlineWidth = 0;
            plot.Legend.BackgroundColor = Colors.White;
            plot.Legend.ShadowColor = Colors.Transparent;
            // On a phone's width a row of legend items would be cut off: one item a line.
            plot.Legend.Orientation = Narrow ? Orientation.Vertical : Orientation.Horizontal;
            plot.Legend.TightHorizontalWrapping = true;
        }

        public void NoData(Plot plot)
        {
            // Not HideAxesAndGrid: it hides the title too.
            foreach (var axis in plot.Axes.GetAxes())
            {
                axis.IsVisible = false;
            }

            plot.Grid.IsVisible = false;
            var text = plot.Add.Text(Nfc(NoDataText), 0, 0);
            text.LabelFontSize = 14 * scale;
            text.LabelFontColor = SoftInk;
            text.LabelAlignment = Alignment.MiddleCenter;
            plot.Axes.SetLimits(-1, 1, -1, 1);
        }

        /// <summary>Per indicator: a grey band 0–100, the actual as a thinner bar on it, the target as a tick across both.</summary>
        public void Bullet(Plot plot)
        {
            var series = chart.Series[0];
            var bars = new List<Bar>();
            for (var i = 0; i < count; i++)
            {
                var row = RowPosition(i);
                bars.Add(new Bar { Position = row, ValueBase = 0, Value = 100, Size = 0.7, FillColor = Band, LineWidth = 0 });
                if (Values[i] is { } value)
                {
                    bars.Add(new Bar { Position = row, ValueBase = 0, Value = value, Size = 0.32, FillColor = Palette[0], LineWidth = 0 });
                }
            }

            plot.Add.Bars(bars).Horizontal = true;
            TargetTicksAcrossRows(plot, 0.3);

            var labelRoom = ValueLabelRoom(100);
            for (var i = 0; i < count; i++)
            {
                if (Values[i] is { } value)
                {
                    ValueLabel(plot, Number(value), 100, RowPosition(i));
                }
            }

            CategoryRows(plot);
            PercentTicks(plot.Axes.Bottom, 0, 100);
            plot.Axes.SetLimits(0, 100 + labelRoom, -0.5, count - 0.5);
            plot.Grid.YAxisStyle.IsVisible = false;
            Legend(plot, BarItem(series.Name, Palette[0]));
        }

        /// <summary>The values over the quarters as lines with markers, gaps where a quarter has no value.</summary>
        public void Trend(Plot plot)
        {
            var items = new List<LegendItem>();
            for (var s = 0; s < chart.Series.Count; s++)
            {
                var color = Palette[s % Palette.Length];
                foreach (var run in Runs(chart.Series[s].Values))
                {
                    var values = chart.Series[s].Values;
                    var line = plot.Add.Scatter(run.Select(i => (double)i).ToArray(), run.Select(i => values[i]!.Value).ToArray(), color);
                    line.LineWidth = 2.5f * scale;
                    line.MarkerSize = 8 * scale;
                    line.MarkerShape = MarkerShape.FilledCircle;
                }

                items.Add(new LegendItem
                {
                    LabelText = chart.Series[s].Name, LineColor = color, LineWidth = 2.5f * scale,
                    MarkerShape = MarkerShape.FilledCircle, MarkerColor = color, MarkerSize = 8 * scale,
                });
            }

            TargetLine(plot);

            // A single line gets its values above its points, when every quarter has room for one.
            var labelled = QuarterColumns(plot) == 1 && chart.Series.Count == 1;
            if (labelled)
            {
                for (var i = 0; i < count; i++)
                {
                    if (Values[i] is { } value)
                    {
                        var label = plot.Add.Text(Number(value), i, value);
                        label.LabelFontSize = TextSize * 0.9f;
                        label.LabelFontColor = Ink;
                        label.LabelAlignment = Alignment.LowerCenter;
                        label.OffsetY = -8 * scale;
                    }
                }
            }

            LineAxis(plot, (labelled ? TextSize * 1.4f + 8 * scale : 0) + 6 * scale);
            Legend(plot, [.. items]);
        }

        /// <summary>
        /// One unit of a grid of small multiples: its line green where it met the target in the period shown
        /// (the last), red where not, blue when not judged; the value axis spans the grid's values, so that
        /// every chart of the grid has the same one. The page names the unit and its verdict in words above it.
        /// </summary>
        public void SmallMultiple(Plot plot)
        {
            var color = chart.Met is { Count: > 0 } met ? met[^1] switch { true => MetColor, false => NotMetColor, null => Palette[0] } : Palette[0];
            foreach (var run in Runs(Values))
            {
                var line = plot.Add.Scatter(run.Select(i => (double)i).ToArray(), run.Select(i => Values[i]!.Value).ToArray(), color);
                line.LineWidth = 2.5f * scale;
                line.MarkerSize = 6 * scale;
                line.MarkerShape = MarkerShape.FilledCircle;
            }

            TargetLine(plot);

            // Where not every period has room for its label, the first and the last are named, or the last alone
            // (the period shown); its label is centred on it, and the right margin keeps its end in the image.
            var last = Measure(chart.Categories[^1], TextSize, bold: false);
            if (QuarterColumns(plot) > 1)
            {
                var apart = (count - 1) * (width - (60 * scale) - (last / 2)) / count;
                plot.Axes.Bottom.TickGenerator = apart > last + (8 * scale)
                    ? new ScottPlot.TickGenerators.NumericManual([0, count - 1], [chart.Categories[0], chart.Categories[^1]])
                    : new ScottPlot.TickGenerators.NumericManual([count - 1], [chart.Categories[^1]]);
            }

            plot.Axes.Right.MinimumSize = last / 2;

            // Room above the top tick for its label.
            LineAxis(plot, (TextSize * 0.6f) + (6 * scale));
        }

        /// <summary>The target as a dashed line; targets that change from period to period as a dashed step, each level held across its period.</summary>
        private void TargetLine(Plot plot)
        {
            if (chart.Targets.Count == count && chart.Targets.All(target => target.HasValue) && chart.Targets.Distinct().Count() == 1)
            {
                plot.Add.HorizontalLine(chart.Targets[0]!.Value, 2 * scale, TargetColor, LinePattern.Dashed);
                return;
            }

            foreach (var run in Runs(chart.Targets))
            {
                var xs = run.SelectMany(i => new[] { i - 0.5, i + 0.5 }).ToArray();
                var ys = run.SelectMany(i => new[] { chart.Targets[i]!.Value, chart.Targets[i]!.Value }).ToArray();
                var step = plot.Add.ScatterLine(xs, ys, TargetColor);
                step.LineWidth = 2 * scale;
                step.LinePattern = LinePattern.Dashed;
            }
        }

        /// <summary>
        /// The value axis of a line chart. Shares that stay near their target would draw a flat line on 0–100%:
        /// as Power BI's line charts do, the axis starts at a round 10% under the lowest value or target (of
        /// the chart, or of its grid), and its tick labels say so. <paramref name="headroom"/> pixels above the
        /// top tick keep markers and labels at 100% from being cut off.
        /// </summary>
        private void LineAxis(Plot plot, float headroom)
        {
            var (lowest, highest) = chart.Extent is { } extent
                ? (extent.Low, extent.High)
                : (AllValues().Concat(TargetValues()).Min(), AllValues().Concat(TargetValues()).Max());
            var bottom = percent ? Math.Max(0, Math.Floor((lowest - 5) / 10) * 10) : 0;
            var top = ValueAxis(plot, plot.Axes.Left, highest, bottom);
            plot.Axes.SetLimitsY(bottom, top + ((top - bottom) * headroom / DataHeight()));
            plot.Grid.XAxisStyle.IsVisible = false;
        }

        /// <summary>One column per quarter, stacked by channel or level, in the palette's order.</summary>
        public void Stacked(Plot plot)
        {
            var bars = new List<Bar>();
            var tops = new double[count];
            var items = new List<LegendItem>();
            for (var s = 0; s < chart.Series.Count; s++)
            {
                var color = Palette[s % Palette.Length];
                for (var i = 0; i < count; i++)
                {
                    if (chart.Series[s].Values[i] is { } value and not 0)
                    {
                        bars.Add(new Bar { Position = i, ValueBase = tops[i], Value = tops[i] + value, Size = 0.6, FillColor = color, LineColor = Colors.White, LineWidth = 1 });
                        tops[i] += value;
                    }
                }

                items.Add(BarItem(chart.Series[s].Name, color));
            }

            plot.Add.Bars(bars);
            for (var i = 0; i < count; i++)
            {
                if (TargetAt(i) is { } target)
                {
                    var tick = plot.Add.Line(i - 0.4, target, i + 0.4, target);
                    tick.LineWidth = 3 * scale;
                    tick.LineColor = TargetColor;
                }
            }

            QuarterColumns(plot);
            ValueAxis(plot, plot.Axes.Left, tops.Concat(TargetValues()).Max());
            plot.Grid.XAxisStyle.IsVisible = false;
            Legend(plot, [.. items]);
        }

        /// <summary>
        /// Units best first from the top, their values at the bar ends, the target as a dashed line; bars
        /// green where the unit met its target and red where not. Percentages are zoomed to the data, from a
        /// round 10% under the lowest value or target, so that 97% and 100% can be told apart.
        /// </summary>
        public void Ranking(Plot plot)
        {
            var series = chart.Series[0];
            var lowest = AllValues().Concat(TargetValues()).Min();
            var bottom = percent ? Math.Max(0, Math.Floor((lowest - 5) / 10) * 10) : 0;
            var bars = new List<Bar>();
            for (var i = 0; i < count; i++)
            {
                if (Values[i] is { } value)
                {
                    bars.Add(new Bar { Position = RowPosition(i), ValueBase = bottom, Value = value, Size = 0.6, FillColor = BarColor(i), LineWidth = 0 });
                }
            }

            plot.Add.Bars(bars).Horizontal = true;
            var targets = TargetValues().Distinct().ToList();
            if (targets.Count == 1)
            {
                plot.Add.VerticalLine(targets[0], 2 * scale, TargetColor, LinePattern.Dashed);
            }
            else
            {
                TargetTicksAcrossRows(plot, 0.4);
            }

            var top = ValueAxis(plot, plot.Axes.Bottom, AllValues().Concat(TargetValues()).Max(), bottom);
            var pixelsPerUnit = DataWidth() / (top - bottom);
            var outside = false;
            for (var i = 0; i < count; i++)
            {
                if (Values[i] is not { } value)
                {
                    continue;
                }

                // Inside the bar's end when it fits there, as Power BI does, so the target line crosses no label.
                var text = Number(value);
                var inside = (value - bottom) * pixelsPerUnit > Measure(text, TextSize, bold: true) + 16 * scale;
                var label = ValueLabel(plot, text, value, RowPosition(i));
                if (inside)
                {
                    label.LabelFontColor = Colors.White;
                    label.LabelBackgroundColor = BarColor(i); // hides the target line where it crosses the label
                    label.LabelAlignment = Alignment.MiddleRight;
                    label.OffsetX = -6 * scale;
                }

                outside |= !inside;
            }

            CategoryRows(plot);
            plot.Axes.SetLimits(bottom, top + (outside ? ValueLabelRoom(top - bottom) : 0), -0.5, count - 0.5);
            plot.Grid.YAxisStyle.IsVisible = false;
            if (chart.Met is { } met && met.Any(m => m.HasValue))
            {
                var items = new List<LegendItem>();
                if (met.Contains(true))
                {
                    items.Add(BarItem(Admin.Lang.T("Đạt chỉ tiêu", "Target met"), MetColor));
                }

                if (met.Contains(false))
                {
                    items.Add(BarItem(Admin.Lang.T("Chưa đạt", "Not met"), NotMetColor));
                }

                Legend(plot, [.. items]);
            }
            else
            {
                Legend(plot, BarItem(series.Name, Palette[0]));
            }
        }

        private Color BarColor(int index) => chart.Met is { } met && index < met.Count
            ? met[index] switch { true => MetColor, false => NotMetColor, null => Palette[0] }
            : Palette[0];

        // The first category at the top.
        private double RowPosition(int index) => count - 1 - index;

        private double? TargetAt(int index) => chart.Targets.Count == 0 ? null : chart.Targets[index];

        private IEnumerable<double> AllValues() => chart.Series.SelectMany(series => series.Values).OfType<double>();

        private IEnumerable<double> TargetValues() => chart.Targets.OfType<double>();

        /// <summary>The indices of each unbroken run of values, so that a missing quarter leaves a gap in the line.</summary>
        private static List<List<int>> Runs(IReadOnlyList<double?> values)
        {
            var runs = new List<List<int>>();
            for (var i = 0; i < values.Count; i++)
            {
                if (!values[i].HasValue)
                {
                    continue;
                }

                if (i == 0 || !values[i - 1].HasValue)
                {
                    runs.Add([]);
                }

                runs[^1].Add(i);
            }

            return runs;
        }

        /// <summary>A short vertical line across each row's bar at that row's target.</summary>
        private void TargetTicksAcrossRows(Plot plot, double halfHeight)
        {
            for (var i = 0; i < count; i++)
            {
                if (TargetAt(i) is { } target)
                {
                    var tick = plot.Add.Line(target, RowPosition(i) - halfHeight, target, RowPosition(i) + halfHeight);
                    tick.LineWidth = 3 * scale;
                    tick.LineColor = TargetColor;
                }
            }
        }

        /// <summary>Axis units to keep right of <paramref name="top"/> so that the widest value label fits.</summary>
        private double ValueLabelRoom(double top)
        {
            var widest = AllValues().Select(value => Measure(Number(value), TextSize, bold: true)).DefaultIfEmpty(0).Max();
            return top * (widest + 12 * scale) / Math.Max(DataWidth() - widest - 12 * scale, 1);
        }

        /// <summary>About how wide the data area of a bar chart is: the figure less the category names.</summary>
        private float DataWidth()
        {
            var names = chart.Categories.Max(name => Measure(name, TextSize, bold: false));
            return Math.Max(width - Math.Min(names, CategoryLabelWidth()) - 40 * scale, 50);
        }

        /// <summary>A value in bold just right of (x, y).</summary>
        private ScottPlot.Plottables.Text ValueLabel(Plot plot, string text, double x, double y)
        {
            var label = plot.Add.Text(text, x, y);
            label.LabelFontSize = TextSize;
            label.LabelBold = true;
            label.LabelFontColor = Ink;
            label.LabelAlignment = Alignment.MiddleLeft;
            label.OffsetX = 6 * scale;
            return label;
        }

        /// <summary>Category names as the left axis, wrapped (and if need be cut) to fit their row and a share of the width.</summary>
        private void CategoryRows(Plot plot)
        {
            var rowHeight = DataHeight() / count;
            var size = Math.Clamp(rowHeight / 1.35f, 7f * scale, TextSize);
            var lines = Math.Clamp((int)(rowHeight / (size * 1.3f)), 1, 3);
            var axis = plot.Axes.Left;
            axis.TickLabelStyle.FontSize = size;
            axis.TickLabelStyle.ForeColor = Ink;
            axis.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                [.. Enumerable.Range(0, count).Select(RowPosition)],
                [.. chart.Categories.Select(name => Wrap(name, CategoryLabelWidth(), size, bold: false, lines))]);
        }

        private float CategoryLabelWidth() => 0.36f * width;

        /// <summary>About how high the data area is: the figure less the title, the legend and the bottom axis.</summary>
        private float DataHeight() => Math.Max(height - ((chart.Title.Length == 0 ? 0.6f : 3.2f) * TitleSize) - (4.5f * TextSize), 50);

        /// <summary>Quarter labels along the bottom; only every n-th (returned) when they would not fit side by side.</summary>
        private int QuarterColumns(Plot plot)
        {
            var widest = chart.Categories.Max(name => Measure(name, TextSize, bold: false)) + 10 * scale;
            var every = Math.Max(1, (int)Math.Ceiling(count * widest / (width - 80 * scale)));
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                [.. Enumerable.Range(0, count).Select(i => (double)i)],
                [.. chart.Categories.Select((name, i) => i % every == 0 ? name : "")]);
            plot.Axes.SetLimitsX(-0.5, count - 0.5);
            return every;
        }

        /// <summary>The value axis from <paramref name="bottom"/>: up to 100% for percentages, otherwise up to a round number above the data.</summary>
        private double ValueAxis(Plot plot, IAxis axis, double max, double bottom = 0)
        {
            double top;
            if (percent)
            {
                top = max <= 100 ? 100 : Math.Ceiling(max / 20) * 20;
                PercentTicks(axis, bottom, top);
            }
            else
            {
                top = max <= 0 ? 1 : max * 1.1;
                axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
                {
                    LabelFormatter = value => value.ToString("#,0.##", CultureInfo.CurrentCulture),
                };
                axis.Label.Text = chart.ValueLabel;
            }

            if (axis is IXAxis)
            {
                plot.Axes.SetLimitsX(bottom, top);
            }
            else
            {
                plot.Axes.SetLimitsY(bottom, top);
            }

            return top;
        }

        private void PercentTicks(IAxis axis, double bottom, double top)
        {
            var ticks = new ScottPlot.TickGenerators.NumericManual();
            var step = (top - bottom) switch { <= 30 => 5, <= 60 => 10, _ => 20 };

            // A phone's narrow chart has room for half the labels along its bottom, a small multiple for half along its side.
            if ((axis is IXAxis && Narrow) || (axis is IYAxis && height < 220 * scale))
            {
                step *= 2;
            }

            // From the top down, so that 100% (where most targets are) is always labelled.
            for (var value = (int)top; value >= bottom; value -= step)
            {
                ticks.AddMajor(value, $"{value}%");
            }

            axis.TickGenerator = ticks;
        }

        // In the reader's culture, as the cards beside the chart: 97,6% and 1.600 in Vietnamese, 97.6% and 1,600 in English.
        private string Number(double value) =>
            percent ? value.ToString("0.#", CultureInfo.CurrentCulture) + "%" : value.ToString("#,0.##", CultureInfo.CurrentCulture);

        private static LegendItem BarItem(string name, Color color) => new() { LabelText = name, FillColor = color, LineWidth = 0 };

        /// <summary>A legend above the data where it tells something: several series, or a target beside the values.</summary>
        private void Legend(Plot plot, params LegendItem[] series)
        {
            if (series.Length < 2 && !HasTargets)
            {
                return;
            }

            plot.Legend.ManualItems.AddRange(series);
            if (HasTargets)
            {
                plot.Legend.ManualItems.Add(new LegendItem
                {
                    LabelText = chart.TargetLabel, LineColor = TargetColor, LineWidth = 2.5f * scale,
                    LinePattern = TargetDashed ? LinePattern.Dashed : LinePattern.Solid,
                });
            }

            // The panel's default padding (20 px each side) leaves a wide empty band between legend and data.
            plot.ShowLegend(Edge.Top).Padding = new PixelPadding(10 * scale, 10 * scale, 4 * scale, 8 * scale);
        }

        /// <summary>The NFC text in lines no wider than <paramref name="maxWidth"/>, at most <paramref name="maxLines"/>, cut with "…".</summary>
        private static string Wrap(string text, float maxWidth, float size, bool bold, int maxLines)
        {
            var lines = new List<string>();
            var line = "";
            foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (line.Length > 0 && Measure(candidate, size, bold) > maxWidth)
                {
                    lines.Add(line);
                    line = word;
                }
                else
                {
                    line = candidate;
                }
            }

            lines.Add(line);
            var shown = lines.Take(maxLines).ToList();
            var last = shown[^1];
            if (lines.Count > maxLines || Measure(last, size, bold) > maxWidth)
            {
                while (last.Length > 1 && Measure(last + "…", size, bold) > maxWidth)
                {
                    last = last[..^1];
                }

                shown[^1] = last.TrimEnd() + "…";
            }

            return string.Join('\n', shown);
        }

        private static float Measure(string text, float size, bool bold)
        {
            // The typeface is ScottPlot's cached one: not to be disposed here.
            using var font = new SKFont(Fonts.GetTypeface(ChartFonts.Family, bold, italic: false), size);
            return font.MeasureText(text);
        }
    }
}
