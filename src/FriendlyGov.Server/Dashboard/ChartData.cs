namespace FriendlyGov.Server.Dashboard;

public enum ChartKind { Bullet, Trend, Stacked, Ranking, SmallMultiples }

/// <summary>One chart's numbers, as read from the indicator snapshots, with its texts in the reader's language.</summary>
public sealed record ChartData(
    string Id,
    ChartKind Kind,
    string Title,
    string ValueLabel,                       // axis label of the values, e.g. "%" or "Hồ sơ"
    IReadOnlyList<string> Categories,        // Bullet: indicator names; Trend/Stacked/a small multiple: period labels like "Q4/2023" or "2023"; Ranking: unit names (already sorted best first)
    IReadOnlyList<ChartSeries> Series,       // Bullet/Trend/Ranking/a small multiple: one series; Stacked: one per channel/level, stacked per category
    IReadOnlyList<double?> Targets,          // one per category, null where no target; empty list when the chart has no target
    string TargetLabel,                      // legend text of the target, e.g. "Chỉ tiêu"
    IReadOnlyList<bool?>? Met = null,        // Ranking: whether each unit met its target (colours its bar); a small multiple: per period (the last colours its line); null: not coloured
    ChartExtent? Extent = null);             // a small multiple: the lowest and highest value and target of its grid, so that every chart of it has one value axis

public sealed record ChartSeries(string Name, IReadOnlyList<double?> Values); // null = no data for that category

/// <summary>The lowest and highest number a value axis must show.</summary>
public sealed record ChartExtent(double Low, double High);
