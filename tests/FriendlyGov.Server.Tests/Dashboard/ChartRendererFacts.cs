using System.Buffers.Binary;
using System.Text;
using System.Xml.Linq;
using FriendlyGov.Server.Dashboard;
using SkiaSharp;

namespace FriendlyGov.Server.Tests.Dashboard;

/// <summary>Real renders of each kind of chart: sizes, formats, Vietnamese text in NFC, drawn with the shipped fonts.</summary>
public class ChartRendererFacts
{
    private const int Width = 800, Height = 450;

    public static TheoryData<ChartKind> Kinds => [.. Enum.GetValues<ChartKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void APngHasTheSignatureAndTheRequestedSize(ChartKind kind)
    {
        var png = ChartRenderer.Png(ChartSamples.Of(kind), Width, Height);

        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal("IHDR", Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal(Width, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.Equal(Height, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void APngHasTheRequestedSizeAtTheSmallestAndLargestSizes(ChartKind kind)
    {
        using var small = SKBitmap.Decode(ChartRenderer.Png(ChartSamples.Of(kind), ChartRenderer.MinSize, ChartRenderer.MinSize));
        using var large = SKBitmap.Decode(ChartRenderer.Png(ChartSamples.Of(kind), ChartRenderer.MaxSize, 1125));

        Assert.Equal((ChartRenderer.MinSize, ChartRenderer.MinSize), (small.Width, small.Height));
        Assert.Equal((ChartRenderer.MaxSize, 1125), (large.Width, large.Height));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void AnSvgIsXmlOfTheRequestedSizeHoldingTheTitleInNfc(ChartKind kind)
    {
        var svg = XDocument.Parse(ChartRenderer.Svg(ChartSamples.Of(kind), Width, Height));

        Assert.Equal("svg", svg.Root!.Name.LocalName);
        Assert.Equal(Width.ToString(), svg.Root.Attribute("width")?.Value);
        Assert.Equal(Height.ToString(), svg.Root.Attribute("height")?.Value);
        Assert.Contains(ChartSamples.Title.Normalize(NormalizationForm.FormC), Texts(svg));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void ATitleGivenInNfdIsDrawnInNfc(ChartKind kind)
    {
        var decomposed = ChartSamples.Title.Normalize(NormalizationForm.FormD);
        Assert.NotEqual(ChartSamples.Title, decomposed);

        var svg = XDocument.Parse(ChartRenderer.Svg(ChartSamples.Of(kind, decomposed), Width, Height));

        Assert.Contains(ChartSamples.Title.Normalize(NormalizationForm.FormC), Texts(svg));
        Assert.DoesNotContain(Texts(svg), text => text.Contains(decomposed, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ChartSamples.Title)]
    [InlineData("Hoằng Kim")]
    [InlineData("Chưa đạt")]
    [InlineData("Chỉ tiêu")]
    [InlineData(ChartRenderer.NoDataText)]
    [InlineData("Mức độ hài lòng của người dân; Thị trấn Bút Sơn; Trực tuyến toàn trình; Hồ sơ; Đ đ Ư ư Ơ ơ …")]
    public void TheShippedFontsHaveAGlyphForEveryCharacter(string text)
    {
        Assert.True(ChartFonts.Covers(text));
        Assert.True(ChartFonts.Covers(text.Normalize(NormalizationForm.FormD)));
    }

    [Fact]
    public void TheFontsComeFromTheFilesShippedWithTheApp()
    {
        ChartRenderer.Png(ChartSamples.Of(ChartKind.Bullet), Width, Height);

        Assert.Equal(ChartFonts.DefaultDirectory, ChartFonts.RegisteredDirectory);
        Assert.True(File.Exists(Path.Combine(ChartFonts.DefaultDirectory, ChartFonts.RegularFile)));
        Assert.True(File.Exists(Path.Combine(ChartFonts.DefaultDirectory, ChartFonts.BoldFile)));
        Assert.True(File.Exists(Path.Combine(ChartFonts.DefaultDirectory, "LICENSE-DejaVu.txt")));
        Assert.Equal(ChartFonts.Family, ScottPlot.Fonts.Default);
        Assert.False(ChartFonts.Covers("\u4E2D"), "a glyph DejaVu Sans lacks must not be reported as covered");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void TheTitlesGlyphsAreReallyDrawn(ChartKind kind)
    {
        using var titled = SKBitmap.Decode(ChartRenderer.Png(ChartSamples.Of(kind), Width, Height));
        using var untitled = SKBitmap.Decode(ChartRenderer.Png(ChartSamples.Of(kind, ""), Width, Height));

        // The title's band (above the legend): dark glyph pixels there that the untitled chart does not have.
        // Without a usable font ScottPlot draws nothing, silently, and the band stays white.
        var inked = 0;
        for (var y = 0; y < 32; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var pixel = titled.GetPixel(x, y);
                if (pixel.Red + pixel.Green + pixel.Blue < 300 && pixel != untitled.GetPixel(x, y))
                {
                    inked++;
                }
            }
        }

        Assert.True(inked > 400, $"only {inked} pixels of the title area are inked");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void AChartWithoutDataStillRendersItsTitleAndANotice(ChartKind kind)
    {
        var empty = ChartSamples.Empty(kind);
        var noCategories = ChartSamples.Of(kind) with { Categories = [], Series = [], Targets = [] };

        foreach (var chart in new[] { empty, noCategories })
        {
            using var png = SKBitmap.Decode(ChartRenderer.Png(chart, Width, Height));
            Assert.Equal((Width, Height), (png.Width, png.Height));
            var texts = Texts(XDocument.Parse(ChartRenderer.Svg(chart, Width, Height)));
            Assert.Contains(ChartSamples.Title, texts);
            Assert.Contains(ChartRenderer.NoDataText, texts);
        }
    }

    [Fact]
    public void ChartsRenderFromManyThreadsAtOnce()
    {
        var pngs = Enumerable.Range(0, 16).AsParallel()
            .Select(i => ChartRenderer.Png(ChartSamples.Of(Enum.GetValues<ChartKind>()[i % Enum.GetValues<ChartKind>().Length]), Width, Height))
            .ToList();

        Assert.All(pngs, png => Assert.Equal(0x89, png[0]));
    }

    [Fact]
    public void ASeriesWhoseValuesDoNotMatchTheCategoriesIsRefused()
    {
        var chart = ChartSamples.Of(ChartKind.Trend) with { Series = [new ChartSeries("Hoằng Kim", [1, 2])] };

        Assert.Throws<ArgumentException>(() => ChartRenderer.Png(chart, Width, Height));
    }

    [Fact]
    public void SmallMultiplesOfOneGridShareOneValueAxisWhateverTheirValues()
    {
        var extent = new ChartExtent(61, 100);
        var high = ChartSamples.Multiple("Xã Hoằng Kim", [99, 100, 98.5, 100, 100, 99.2, 100, 100], extent);
        var low = ChartSamples.Multiple("Xã Hoằng Xuân", [62, 70.5, null, 75, 80, 78, 81, 83], extent);

        var axes = new[] { high, low }.Select(chart => PercentLabels(Texts(XDocument.Parse(ChartRenderer.Svg(chart, ChartSizes.MultipleWidth, 180))))).ToList();

        Assert.Equal(["100%", "60%", "80%"], axes[0]);
        Assert.Equal(axes[0], axes[1]);

        // Without the grid's extent, each would be zoomed to its own values.
        var alone = PercentLabels(Texts(XDocument.Parse(ChartRenderer.Svg(high with { Extent = null }, ChartSizes.MultipleWidth, 180))));
        Assert.NotEqual(axes[0], alone);
    }

    [Fact]
    public void ASmallMultipleIsGreenWhereTheUnitMetTheTargetInThePeriodShownAndRedWhereNot()
    {
        string Line(ChartData chart) => XDocument.Parse(ChartRenderer.Svg(chart, ChartSizes.PhoneMultipleWidth, 160)).Descendants()
            .Where(e => e.Name.LocalName is "path" or "polyline" or "line" && (e.Attribute("stroke")?.Value.Length ?? 0) > 0)
            .Select(e => e.Attribute("stroke")!.Value.ToUpperInvariant()).First(stroke => stroke is "#1B7A3A" or "#B42318" or "#118DFF");

        var met = ChartSamples.Multiple("Xã Hoằng Kim", [90, 96, 97, 99, 100, 99, 98, 99.5], null);
        Assert.Equal("#1B7A3A", Line(met));
        Assert.Equal("#B42318", Line(met with { Met = [.. met.Met!.SkipLast(1), false] }));
        Assert.Equal("#118DFF", Line(met with { Met = [.. met.Met!.SkipLast(1), null] }));
    }

    [Fact]
    public void AYearTrendIsLabelledWithItsYears()
    {
        var years = ChartSamples.Of(ChartKind.Trend) with { Categories = ["2022", "2023", "2024", "2025", "2026", "2027", "2028", "2029"] };

        var texts = Texts(XDocument.Parse(ChartRenderer.Svg(years, Width, Height)));

        Assert.Equal(years.Categories, texts.Where(t => System.Text.RegularExpressions.Regex.IsMatch(t, @"^\d{4}$")));
        Assert.DoesNotContain(texts, t => t.StartsWith('Q'));
    }

    private static List<string> PercentLabels(List<string> texts) => [.. texts.Where(t => System.Text.RegularExpressions.Regex.IsMatch(t, @"^\d+%$")).Order(StringComparer.Ordinal)];

    /// <summary>Renders every kind into the folder named by FRIENDLYGOV_CHART_SAMPLES (for a human to look at); nothing without it.</summary>
    [Fact]
    public void SamplesAreWrittenWhenAsked()
    {
        if (Environment.GetEnvironmentVariable("FRIENDLYGOV_CHART_SAMPLES") is not { Length: > 0 } folder)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        foreach (var kind in Enum.GetValues<ChartKind>())
        {
            var name = kind.ToString().ToLowerInvariant();
            File.WriteAllBytes(Path.Combine(folder, $"{name}.png"), ChartRenderer.Png(ChartSamples.Of(kind), Width, Height));
            File.WriteAllBytes(Path.Combine(folder, $"{name}-small.png"), ChartRenderer.Png(ChartSamples.Of(kind), 320, 240));
            File.WriteAllText(Path.Combine(folder, $"{name}.svg"), ChartRenderer.Svg(ChartSamples.Of(kind), Width, Height));
        }

        File.WriteAllBytes(Path.Combine(folder, "no-data.png"), ChartRenderer.Png(ChartSamples.Empty(ChartKind.Trend), Width, Height));
    }

    /// <summary>
    /// The areas the page lays its links on are where the image draws each element: a bullet's or ranking's
    /// rows top to bottom, each crossing its bar; a trend's quarters left to right, each holding its point;
    /// each stacked segment's centre in its layer's colour. A small multiple has none: it links as a whole.
    /// </summary>
    [Theory]
    [MemberData(nameof(Kinds))]
    public void EachElementsAreaIsWhereTheImageDrawsIt(ChartKind kind)
    {
        var chart = ChartSamples.Of(kind, "");
        using var png = SKBitmap.Decode(ChartRenderer.Png(chart, Width, Height));
        var areas = ChartRenderer.Areas(chart, Width, Height);
        var shown = chart.Series.Sum(s => s.Values.Count(v => v is not null and not 0));
        if (kind == ChartKind.SmallMultiples)
        {
            Assert.Empty(areas);
            return;
        }

        Assert.Equal(kind is ChartKind.Trend ? Enumerable.Range(0, chart.Categories.Count).Count(i => chart.Series.Any(s => s.Values[i] is not null)) : shown, areas.Count);
        Assert.All(areas, a => Assert.True(a.X >= 0 && a.Y >= 0 && a.Width > 0 && a.Height > 0 && a.X + a.Width <= Width && a.Y + a.Height <= Height));
        bool Near(SKColor pixel, string hex) => SKColor.Parse(hex) is var c && Math.Abs(pixel.Red - c.Red) + Math.Abs(pixel.Green - c.Green) + Math.Abs(pixel.Blue - c.Blue) < 30;
        bool Holds(ChartArea a, int y, string hex) => Enumerable.Range((int)a.X, (int)a.Width).Any(x => Near(png.GetPixel(x, y), hex));
        switch (kind)
        {
            case ChartKind.Bullet or ChartKind.Ranking:
                Assert.All(areas.Zip(areas.Skip(1)), p => Assert.True(p.First.Y + p.First.Height <= p.Second.Y + 0.2, "rows top to bottom, apart"));
                Assert.All(areas, a => Assert.True(a.X == 0 && a.Width > Width / 2, "a row from the names to the values"));
                Assert.All(areas, a => Assert.True(Holds(a, (int)(a.Y + (a.Height / 2)), "#118DFF"), $"row {a.Category} crosses its bar"));
                break;
            case ChartKind.Trend:
                Assert.All(areas.Zip(areas.Skip(1)), p => Assert.True(p.First.X + p.First.Width <= p.Second.X + 0.2, "quarters left to right, apart"));
                Assert.All(areas, a => Assert.Contains(Enumerable.Range((int)a.Y, (int)a.Height), y => Holds(a, y, "#118DFF")));
                break;
            default:
                string[] layers = ["#118DFF", "#12239E", "#E66C37"];
                Assert.All(areas, a => Assert.True(Near(png.GetPixel((int)(a.X + (a.Width / 2)), (int)(a.Y + (a.Height / 2))), layers[a.Series]), $"quarter {a.Category}, layer {a.Series}"));
                break;
        }
    }

    private static List<string> Texts(XDocument svg) =>
        [.. svg.Descendants().Where(element => element.Name.LocalName == "text").Select(element => element.Value.Trim())];
}
