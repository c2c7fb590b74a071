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
}
