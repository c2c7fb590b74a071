using FriendlyGov.Server.Admin;

namespace FriendlyGov.Server.Dashboard;

/// <summary>
/// The size a chart is drawn at unless the URL asks for another, in CSS pixels of the place it is shown
/// at: 560 wide in the page's two columns from 1 232 px of content, 330 on a phone of 390 px (the page's
/// margins taken off); bars get room by their number. Drawn at the size shown, 13 px text is 13 px on screen.
/// </summary>
public static class ChartSizes
{
    public const int Width = 560;

    public const int PhoneWidth = 330;

    public static (int Width, int Height) Default(ChartData chart) => chart.Kind switch
    {
        ChartKind.Bullet or ChartKind.Ranking => (Width, Rows(chart)),
        ChartKind.SmallMultiples => (MultipleWidth, 180),
        _ => (Width, 340),
    };

    public static (int Width, int Height) Phone(ChartData chart) => chart.Kind switch
    {
        ChartKind.Bullet or ChartKind.Ranking => (PhoneWidth, Rows(chart)),
        ChartKind.SmallMultiples => (PhoneMultipleWidth, 160),
        _ => (PhoneWidth, 300),
    };

    /// <summary>A small multiple: four a row across the page's 1 232 px, two a row in a phone's 330.</summary>
    public const int MultipleWidth = 280, PhoneMultipleWidth = 160;

    private static int Rows(ChartData chart) => Math.Clamp(90 + (44 * chart.Categories.Count), 220, ChartRenderer.MaxSize / ChartRenderer.MaxDensity);

    /// <summary>
    /// A size from the URL: ASCII digits only, from <see cref="ChartRenderer.MinSize"/> to
    /// <see cref="ChartRenderer.MaxSize"/> pixels — not "300 ", "300\0", "+300" or other digits, which
    /// .NET's number parsing would take as 300. Null when the URL gives none; the error otherwise.
    /// </summary>
    public static string? Parse(string? text, out int? size)
    {
        size = null;
        if (text is null)
        {
            return null;
        }

        if (text.Length is 0 or > 5 || !text.All(char.IsAsciiDigit) || int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) is < ChartRenderer.MinSize or > ChartRenderer.MaxSize)
        {
            return Lang.T($"Kích thước phải là số điểm ảnh từ {ChartRenderer.MinSize} đến {ChartRenderer.MaxSize}, chỉ gồm chữ số.",
                $"The size must be {ChartRenderer.MinSize} to {ChartRenderer.MaxSize} pixels, in digits only.");
        }

        size = int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        return null;
    }
}
