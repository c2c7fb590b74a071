using System.Text;
using ScottPlot;
using ScottPlot.FontResolvers;
using SkiaSharp;

namespace FriendlyGov.Server.Dashboard;

/// <summary>
/// The DejaVu Sans files shipped in <c>Dashboard/Fonts</c>, registered with ScottPlot. Its SkiaSharp build
/// draws no text at all, silently, on a machine without system fonts, so charts never rely on them.
/// </summary>
public static class ChartFonts
{
    public const string Family = "DejaVu Sans";
    public const string RegularFile = "DejaVuSans.ttf";
    public const string BoldFile = "DejaVuSans-Bold.ttf";

    private static readonly Lock Gate = new();
    private static volatile string? registeredDirectory;

    /// <summary>Where the build and publish output holds the font files.</summary>
    public static string DefaultDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "Dashboard", "Fonts");

    /// <summary>The folder the fonts were registered from; null before <see cref="Register"/>.</summary>
    public static string? RegisteredDirectory => registeredDirectory;

    /// <summary>
    /// Registers the regular and bold files under <see cref="Family"/> and makes it ScottPlot's default font.
    /// Safe to call from any thread, any number of times: the first call registers, later ones do nothing.
    /// </summary>
    public static void Register(string? directory = null)
    {
        if (registeredDirectory is not null)
        {
            return;
        }

        lock (Gate)
        {
            if (registeredDirectory is not null)
            {
                return;
            }

            var folder = Path.GetFullPath(directory ?? DefaultDirectory);
            var regular = FontFile(folder, RegularFile);
            var bold = FontFile(folder, BoldFile);

            // Ahead of ScottPlot's system resolver (Fonts.AddFontFile appends after it), so every machine draws
            // with these very files, whatever fonts it has or lacks. Without the bold file, bold text vanishes.
            Fonts.FontResolvers.Insert(0, new FileFontResolver(Family, regular, FontWeight.Normal, FontSlant.Upright, FontSpacing.Normal));
            Fonts.FontResolvers.Insert(1, new FileFontResolver(Family, bold, FontWeight.Bold, FontSlant.Upright, FontSpacing.Normal));
            Fonts.Default = Family;
            registeredDirectory = folder;
        }
    }

    /// <summary>
    /// Whether both shipped files (regular and bold) have a glyph for every character of the text once it is in
    /// NFC, the form the renderer draws: a missing glyph would be drawn as an empty box.
    /// </summary>
    public static bool Covers(string text)
    {
        Register();
        var codePoints = text.Normalize(NormalizationForm.FormC).EnumerateRunes().Select(rune => rune.Value).ToArray();
        return new[] { RegularFile, BoldFile }.All(file =>
        {
            using var typeface = SKTypeface.FromFile(Path.Combine(registeredDirectory!, file));
            return typeface is not null && typeface.ContainsGlyphs(codePoints);
        });
    }

    private static string FontFile(string folder, string name)
    {
        var path = Path.Combine(folder, name);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The chart font {name} is missing from {folder}: charts would be drawn without any text.", path);
    }
}
