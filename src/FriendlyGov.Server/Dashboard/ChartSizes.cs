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
        _ => (Width, 340),
    };

    public static (int Width, int Height) Phone(ChartData chart) => chart.Kind switch
    {
        ChartKind.Bullet or ChartKind.Ranking => (PhoneWidth, Rows(chart)),
        _ => (PhoneWidth, 300),
    };

    private static int Rows(ChartData chart) => Math.Clamp(90 + (44 * chart.Categories.Count), 220, ChartRenderer.MaxSize / ChartRenderer.MaxDensity);
}
