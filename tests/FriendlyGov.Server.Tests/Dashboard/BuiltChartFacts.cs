using FriendlyGov.Server.Dashboard;

namespace FriendlyGov.Server.Tests.Dashboard;

public sealed class BuiltChartFacts
{
    private static readonly ChartDefinition Ranking = new("ranking", ChartKind.Ranking, "Xếp hạng", "Ranking", ["dossiers.on_time_share"]);

    [Fact]
    public void ALongRankingDrawsItsBestAndWorstHalvesAroundOneRowNamingTheRest()
    {
        var names = Enumerable.Range(1, 600).Select(i => $"Xã {i}").ToList();
        var data = new ChartData("ranking", ChartKind.Ranking, "Xếp hạng", "%", names,
            [new ChartSeries("Đúng hạn", [.. Enumerable.Range(1, 600).Select(i => (double?)(100 - (i / 10.0)))])], [.. names.Select(_ => (double?)95)], "Chỉ tiêu");

        var image = new BuiltChart(Ranking, data, null, null).Image;

        Assert.Equal(BuiltChart.MaxRankingBars + 1, image.Categories.Count);
        Assert.Equal(names[..15], image.Categories.Take(15));
        Assert.Equal("… 570 đơn vị khác", image.Categories[15]);
        Assert.Null(image.Series[0].Values[15]);
        Assert.Null(image.Targets[15]);
        Assert.Equal(names[^15..], image.Categories.Skip(16));
        Assert.Equal(data.Series[0].Values[^1], image.Series[0].Values[^1]);
    }

    [Fact]
    public void AShortRankingAndOtherChartsAreDrawnWhole()
    {
        var data = new ChartData("ranking", ChartKind.Ranking, "Xếp hạng", "%", ["Xã A", "Xã B"], [new ChartSeries("Đúng hạn", [100, 90])], [], "Chỉ tiêu");
        Assert.Same(data, new BuiltChart(Ranking, data, null, null).Image);
    }
}
