using FriendlyGov.Server.Dashboard;

namespace FriendlyGov.Server.Tests.Dashboard;

/// <summary>One chart of each kind, with the Vietnamese texts and the gaps the dashboard will really give.</summary>
public static class ChartSamples
{
    public const string Title = "Tỷ lệ hồ sơ đúng hạn – quý 4/2023";

    private static readonly string[] Quarters = ["Q1/2023", "Q2/2023", "Q3/2023", "Q4/2023", "Q1/2024", "Q2/2024", "Q3/2024", "Q4/2024"];

    public static ChartData Of(ChartKind kind, string title = Title) => kind switch
    {
        ChartKind.Bullet => new ChartData(
            "bullet", kind, title, "%",
            [
                "Tỷ lệ hồ sơ giải quyết đúng hạn",
                "Tỷ lệ hồ sơ tiếp nhận trực tuyến",
                "Mức độ hài lòng của người dân, tổ chức",
                "Tỷ lệ thư hỏi thăm được gửi đúng hạn",
                "Tỷ lệ kiến nghị được giải quyết",
            ],
            [new ChartSeries("Thực hiện", [100, 77.02, 92.5, 64.3, null])],
            [95, 80, 90, 70, 85],
            "Chỉ tiêu"),
        ChartKind.Trend => new ChartData(
            "trend", kind, title, "%", Quarters,
            [new ChartSeries("Hoằng Kim", [96.1, 97.4, null, 100, 98.2, 99, 97.5, 99.4])],
            [90, 90, 90, 90, 95, 95, 95, 95],
            "Chỉ tiêu"),
        ChartKind.Stacked => new ChartData(
            "stacked", kind, title, "Hồ sơ", Quarters,
            [
                new ChartSeries("Trực tiếp", [61, 48, 40, 30, 35, 28, 22, 18]),
                new ChartSeries("Trực tuyến một phần", [90, 101, 97, 109, 95, 110, 118, 120]),
                new ChartSeries("Trực tuyến toàn trình", [35, 44, 58, 66, 70, 81, null, 96]),
            ],
            [],
            "Chỉ tiêu"),
        ChartKind.Ranking => new ChartData(
            "ranking", kind, title, "%",
            ["Xã Hoằng Kim", "Xã Hoằng Trung", "Thị trấn Bút Sơn", "Xã Hoằng Xuân", "Xã Hoằng Phượng", "Xã Hoằng Quỳ", "Xã Hoằng Đức (chưa đạt)"],
            [new ChartSeries("Tỷ lệ đúng hạn", [100, 98.7, 97.2, 95, 91.4, 88, null])],
            [95, 95, 95, 95, 95, 95, 95],
            "Chỉ tiêu"),
        ChartKind.SmallMultiples => Multiple(title, [96.1, 97.4, null, 100, 98.2, 99, 97.5, 99.4], new ChartExtent(88, 100)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>One unit of a grid of small multiples: its values over the quarters, met in the last, on the grid's value axis.</summary>
    public static ChartData Multiple(string title, IReadOnlyList<double?> values, ChartExtent? extent) => new(
        "small-multiples", ChartKind.SmallMultiples, title, "%", Quarters,
        [new ChartSeries("Tỷ lệ đúng hạn", values)],
        [.. Quarters.Select(_ => (double?)95)],
        "Chỉ tiêu",
        [.. values.Select(v => v >= 95)],
        extent);

    public static ChartData Empty(ChartKind kind) => Of(kind) with
    {
        Series = [.. Of(kind).Series.Select(series => series with { Values = [.. series.Values.Select(_ => (double?)null)] })],
    };
}
