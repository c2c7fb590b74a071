using System.Globalization;
using System.Text;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Indicators;
using FriendlyGov.Domain.Units;
using FriendlyGov.Server.Admin;
using FriendlyGov.Server.Indicators;

namespace FriendlyGov.Server.Dashboard;

/// <summary>
/// A chart's numbers (all of them, for the data table); for a ranking, the code of each unit (for
/// drill-through links); and, where each category has its own target, whether the snapshot met it
/// (null: no target or no value).
/// </summary>
public sealed record BuiltChart(ChartDefinition Definition, ChartData Data, IReadOnlyList<string>? UnitCodes, IReadOnlyList<bool?>? Met)
{
    /// <summary>Bars a ranking image shows at most; a province's 600 communes are listed in its table.</summary>
    public const int MaxRankingBars = 30;

    public int ShortOfTarget => Met?.Count(m => m == false) ?? 0;

    /// <summary>The quarter of each category of a trend or stacked chart.</summary>
    public IReadOnlyList<Period>? Quarters { get; init; }

    /// <summary>The category of <see cref="Data"/> that a category of <see cref="Image"/> shows; null for the row naming the units left out.</summary>
    public int? DataIndexOf(int imageIndex)
    {
        var count = Data.Categories.Count;
        const int half = MaxRankingBars / 2;
        return Data.Kind != ChartKind.Ranking || count <= MaxRankingBars || imageIndex < half ? imageIndex
            : imageIndex == half ? null
            : count - half + (imageIndex - half - 1);
    }

    /// <summary>
    /// What the image draws: everything, except for a long ranking, whose best and worst halves are
    /// drawn around one empty row naming how many units are left out.
    /// </summary>
    public ChartData Image
    {
        get
        {
            var count = Data.Categories.Count;
            if (Data.Kind != ChartKind.Ranking || count <= MaxRankingBars)
            {
                return Data;
            }

            const int half = MaxRankingBars / 2;
            var gap = Lang.T($"… {count - MaxRankingBars} đơn vị khác", $"… {count - MaxRankingBars} more units");
            IReadOnlyList<T> Cut<T>(IReadOnlyList<T> all, T middle) => [.. all.Take(half), middle, .. all.Skip(count - half)];
            return Data with
            {
                Categories = Cut(Data.Categories, gap),
                Series = [.. Data.Series.Select(s => s with { Values = Cut(s.Values, null) })],
                Targets = Data.Targets.Count == 0 ? [] : Cut(Data.Targets, null),
                Met = Data.Met is null ? null : Cut(Data.Met, null),
            };
        }
    }
}

/// <summary>Fills a chart of the layout from the indicator snapshots; the page's data table and the images share it.</summary>
public sealed class DashboardCharts(IndicatorReads reads)
{
    public async Task<BuiltChart> BuildAsync(ChartDefinition chart, AdministrativeUnit unit, Period period, CancellationToken cancellationToken)
    {
        var indicators = chart.Indicators.Select(IndicatorCatalogue.Get).ToList();
        var first = indicators[0];
        var title = Lang.T(chart.TitleVi, chart.TitleEn).Replace("{period}", IndicatorFormat.Period(period), StringComparison.Ordinal);
        var measure = IndicatorFormat.Measure(first.Unit);
        var target = Lang.T("Chỉ tiêu", "Target");
        switch (chart.Kind)
        {
            case ChartKind.Bullet:
            {
                var scorecard = (await reads.ScorecardAsync(unit.Id, period, cancellationToken)).ToDictionary(e => e.Indicator.Code);
                var entries = indicators.Select(i => scorecard.GetValueOrDefault(i.Code)).ToList();
                return new BuiltChart(chart, new ChartData(chart.Id, chart.Kind, title, measure,
                    indicators.Select(IndicatorFormat.Name).ToList(),
                    [new ChartSeries(Lang.T("Thực hiện", "Actual"), entries.Select(e => ToDouble(e?.Current.Value)).ToList())],
                    entries.Select(e => ToDouble(e?.Current.Target)).ToList(), target), null, entries.Select(e => e?.Current.Met).ToList());
            }

            case ChartKind.Trend or ChartKind.Stacked:
            {
                var last = period.IsYear ? new Period(period.Year, 4) : period;
                var quarters = Enumerable.Range(0, chart.Quarters).Select(_ => last).ToList();
                for (var i = quarters.Count - 2; i >= 0; i--)
                {
                    quarters[i] = quarters[i + 1].Previous;
                }

                var series = await reads.SeriesAsync(unit, indicators, quarters, includePredecessors: true, cancellationToken);

                // Quarters before the first with a value (before the unit and its predecessors had records) are not drawn.
                var skip = Enumerable.Range(0, quarters.Count).FirstOrDefault(q => indicators.Any(i => series[i.Code][q].Value is not null), quarters.Count);
                var shown = quarters.Skip(skip).ToList();
                var targets = chart.Kind == ChartKind.Trend ? series[first.Code].Skip(skip).Select(p => ToDouble(p.Target)).ToList() : [];
                // The title counts the quarters drawn (a chart with no value at all says how far it looked).
                var count = shown.Count > 0 ? shown.Count : quarters.Count;
                var drawn = title.Replace("{quarters}", Lang.T($"{count} quý", count == 1 ? "1 quarter" : $"{count} quarters"), StringComparison.Ordinal);
                return new BuiltChart(chart, new ChartData(chart.Id, chart.Kind, drawn, measure,
                    shown.Select(q => q.ToString()).ToList(),
                    indicators.Select(i => new ChartSeries(IndicatorFormat.Name(i), series[i.Code].Skip(skip).Select(p => ToDouble(p.Value)).ToList())).ToList(),
                    targets.Any(t => t is not null) ? targets : [], target), null, null) { Quarters = shown };
            }

            default:
            {
                var ranked = await reads.RankChildrenAsync(unit, first, period, cancellationToken);
                var targets = ranked.Select(r => ToDouble(r.Snapshot?.Target)).ToList();
                // A period not closed yet is not judged, here as on the cards: no colours, no "n units fell short".
                IReadOnlyList<bool?>? met = ranked.Any(r => r.Snapshot is { ClosedAt: null }) ? null : ranked.Select(r => r.Snapshot?.Met).ToList();
                return new BuiltChart(chart, new ChartData(chart.Id, chart.Kind, title, measure,
                    ranked.Select(r => r.UnitName).ToList(),
                    [new ChartSeries(IndicatorFormat.Name(first), ranked.Select(r => ToDouble(r.Snapshot?.Value)).ToList())],
                    targets.Any(t => t is not null) ? targets : [], target, met), ranked.Select(r => r.UnitCode).ToList(), met);
            }
        }
    }

    /// <summary>The alt text: the title and every number the image shows (the data table under it has them too).</summary>
    public static string Describe(ChartData chart)
    {
        if (chart.Categories.Count == 0 || chart.Series.All(s => s.Values.All(v => v is null)))
        {
            return $"{chart.Title}. {Lang.T("Chưa có số liệu.", "No data yet.")}";
        }

        var text = new StringBuilder(chart.Title).Append('.');
        for (var i = 0; i < chart.Categories.Count; i++)
        {
            text.Append(' ').Append(chart.Categories[i]).Append(": ");
            text.AppendJoin(", ", chart.Series.Select(s => (chart.Series.Count > 1 ? s.Name + " " : "") + Number(s.Values[i], chart.ValueLabel)));
            if (chart.Targets.Count > i && chart.Targets[i] is { } target)
            {
                text.Append(" (").Append(chart.TargetLabel.ToLower(CultureInfo.CurrentCulture)).Append(' ').Append(Number(target, chart.ValueLabel)).Append(')');
            }

            text.Append(';');
        }

        return text.ToString().TrimEnd(';') + ".";
    }

    public static string Number(double? value, string measure) =>
        value is not { } v ? "—" : v.ToString(measure == "%" ? "0.#" : "#,0.##", CultureInfo.CurrentCulture) + (measure == "%" ? "%" : "");

    private static double? ToDouble(decimal? value) => value is { } v ? (double)v : null;
}
