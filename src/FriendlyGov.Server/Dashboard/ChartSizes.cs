using FriendlyGov.Server.Admin;

namespace FriendlyGov.Server.Dashboard;

/// <summary>The size a chart is drawn at unless the URL asks for another: bars get room by their number.</summary>
public static class ChartSizes
{
    public const int Width = 760;

    public static (int Width, int Height) Default(ChartData chart) => chart.Kind switch
    {
        ChartKind.Bullet or ChartKind.Ranking => (Width, Math.Clamp(110 + (44 * chart.Categories.Count), 240, ChartRenderer.MaxSize)),
        _ => (Width, 380),
    };

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
