using System.Globalization;
using System.Text;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Indicators;
using FriendlyGov.Domain.Units;
using FriendlyGov.Server.Admin;
using FriendlyGov.Server.Indicators;

namespace FriendlyGov.Server.Dashboard;

/// <summary>
/// A chart's numbers (all of them, for the data table); for a ranking or small multiples, the code of
/// each unit (for drill-through links); and, where each category has its own target, whether the
/// snapshot met it (null: no target or no value).
/// </summary>
public sealed record BuiltChart(ChartDefinition Definition, ChartData Data, IReadOnlyList<string>? UnitCodes, IReadOnlyList<bool?>? Met)
{
    /// <summary>Bars a ranking image shows at most; a province's 600 communes are listed in its table.</summary>
    public const int MaxRankingBars = 30;

    public int ShortOfTarget => Met?.Count(m => m == false) ?? 0;

    /// <summary>The period (quarter or year) of each category of a trend or stacked chart.</summary>
    public IReadOnlyList<Period>? Periods { get; init; }

    /// <summary>The category of <see cref="Data"/> that a category of <see cref="Image"/> shows; null for the row naming the units left out.</summary>
    public int? DataIndexOf(int imageIndex)
    {
        var count = Data.Categories.Count;
        const int half = MaxRankingBars / 2;
        return Data.Kind != ChartKind.Ranking || count <= MaxRankingBars || imageIndex < half ? imageIndex
            : imageIndex == half ? null
            : count - half + (imageIndex - half - 1);
    }

    /// <summary>Columns the data table has beside the chart's own (the periods compared with), not drawn.</summary>
    public IReadOnlyList<ChartSeries> Compared { get; init; } = [];

    /// <summary>Small multiples: the units drawn, each its own image (worst first); the table lists every unit.</summary>
    public IReadOnlyList<SmallMultiple> Multiples { get; init; } = [];

    /// <summary>Whether the page shows it: a chart of the units below only when there are some.</summary>
    public bool Shown => Definition.Kind is not (ChartKind.Ranking or ChartKind.SmallMultiples) || Data.Categories.Count > 0;

    /// <summary>What a grid of small multiples draws: every unit below, or the worst so many of them (the table has them all).</summary>
    public string MultiplesNote
    {
        get
        {
            var (drawn, all) = (Multiples.Count, Data.Categories.Count);
            var indicator = IndicatorFormat.Name(IndicatorCatalogue.Get(Definition.Indicators[0])).ToLower(CultureInfo.CurrentCulture);
            return drawn < all
                ? Lang.T($"Vẽ {drawn}/{all} đơn vị có {indicator} kém nhất; {all - drawn} đơn vị còn lại ở bảng số liệu. Các biểu đồ cùng một trục tung để so sánh; bấm vào một đơn vị để xem bảng chỉ số của đơn vị đó.",
                    $"The {drawn} of {all} units with the worst {indicator} are drawn; the other {all - drawn} are in the data table. The charts share one value axis; open a unit's scorecard from its chart.")
                : Lang.T($"{all} đơn vị trực thuộc, kém nhất trước. Các biểu đồ cùng một trục tung để so sánh; bấm vào một đơn vị để xem bảng chỉ số của đơn vị đó.",
                    $"{all} units below, the worst first. The charts share one value axis; open a unit's scorecard from its chart.");
        }
    }

    /// <summary>The image a URL asks for: one small multiple by its unit's code, any other chart whole (null: no such image).</summary>
    public ChartData? ImageFor(string? child) => Definition.Kind == ChartKind.SmallMultiples
        ? Multiples.FirstOrDefault(m => m.UnitCode == child)?.Data
        : child is null ? Image : null;

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

/// <summary>One unit of a grid of small multiples: its code (for the link to its dashboard), its image, and the period's value and verdict.</summary>
public sealed record SmallMultiple(string UnitCode, ChartData Data, double? Value, bool? Met);

/// <summary>Fills a chart of the layout from the indicator snapshots; the page's data table and the images share it.</summary>
public sealed class DashboardCharts(IndicatorReads reads)
{
    /// <param name="table">Whether the data table is wanted (the page, the .xlsx) or only an image: then a bullet chart reads no
    /// periods to compare with, and small multiples only the units they draw.</param>
    public async Task<BuiltChart> BuildAsync(ChartDefinition chart, AdministrativeUnit unit, Period period, CancellationToken cancellationToken, bool table = true)
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
                // The table compares with the periods the cards compare with; a running period with none, as on the cards.
                var running = entries.Any(e => e is { Current.ClosedAt: null });
                var compared = running || !table ? null : await reads.ComparisonsAsync(unit, period, cancellationToken);
                return new BuiltChart(chart, new ChartData(chart.Id, chart.Kind, title, measure,
                    indicators.Select(IndicatorFormat.Name).ToList(),
                    [new ChartSeries(Lang.T("Thực hiện", "Actual"), entries.Select(e => ToDouble(e?.Current.Value)).ToList())],
                    entries.Select(e => ToDouble(e?.Current.Target)).ToList(), target), null, entries.Select(e => e?.Current.Met).ToList())
                {
                    Compared = compared is null ? [] : [.. IndicatorReads.ComparedPeriods(period).Select((against, c) =>
                        new ChartSeries(IndicatorFormat.Compared(against, period), indicators.Select(i => ToDouble(compared[i.Code][c].Value)).ToList()))],
                };
            }

            case ChartKind.Trend or ChartKind.Stacked:
            {
                // A quarter's trend reads a year more, for its table's column of the same quarters a year before.
                var yearBefore = chart.Kind == ChartKind.Trend && !period.IsYear ? 4 : 0;
                var periods = Span(chart, period, yearBefore);
                var series = await reads.SeriesAsync(unit, indicators, periods, includePredecessors: true, cancellationToken);

                // Periods before the first with a value (before the unit and its predecessors had records) are not drawn.
                var skip = FirstWithValue(periods, yearBefore, q => indicators.Any(i => series[i.Code][q].Value is not null));
                var shown = periods.Skip(skip).ToList();
                var targets = chart.Kind == ChartKind.Trend ? series[first.Code].Skip(skip).Select(p => ToDouble(p.Target)).ToList() : [];
                return new BuiltChart(chart, new ChartData(chart.Id, chart.Kind, Spanned(title, shown.Count, periods.Count - yearBefore, period), measure,
                    shown.Select(q => q.ToString()).ToList(),
                    indicators.Select(i => new ChartSeries(IndicatorFormat.Name(i), series[i.Code].Skip(skip).Select(p => ToDouble(p.Value)).ToList())).ToList(),
                    targets.Any(t => t is not null) ? targets : [], target), null, null)
                {
                    Periods = shown,

                    // The same quarters a year before; none for the running quarter, as on its cards.
                    Compared = yearBefore == 0 ? [] :
                        [new ChartSeries(Lang.T("Cùng kỳ năm trước", "A year before"), series[first.Code].Skip(skip - yearBefore).Take(shown.Count)
                            .Select((p, q) => series[first.Code][skip + q] is { Numerator: not null, ClosedAt: null } ? null : ToDouble(p.Value)).ToList())],
                };
            }

            case ChartKind.SmallMultiples:
                return await SmallMultiplesAsync(chart, unit, period, first, title, measure, target, table, cancellationToken);

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

    /// <summary>
    /// A trend of each unit below, worst first by the period's value: at most <see cref="ChartDefinition.MaxUnits"/>
    /// drawn, on one value axis; the table has every unit, a column per period (<paramref name="table"/>: false,
    /// for an image, the drawn units only). Queries for all the units at once, never one per unit: the
    /// period's values of all of them (the order), then the trends of those listed.
    /// </summary>
    private async Task<BuiltChart> SmallMultiplesAsync(
        ChartDefinition chart, AdministrativeUnit unit, Period period, IndicatorDefinition indicator, string title, string measure, string target, bool table, CancellationToken cancellationToken)
    {
        var children = await reads.ChildrenAsync(unit, period, cancellationToken);
        var now = await reads.SeriesOfUnitsAsync(children, [indicator], [period], includePredecessors: true, cancellationToken);
        SeriesPoint Now(AdministrativeUnit child) => now[child.Id][indicator.Code][0];
        var worstFirst = children
            .OrderBy(c => Now(c).Value is null)
            .ThenBy(c => indicator.Better == Better.Lower ? -Now(c).Value : Now(c).Value)
            .ThenBy(c => c.Code, StringComparer.Ordinal)
            .ToList();

        // A period not closed yet is not judged (no colour, no verdict), as on the cards and the ranking.
        var running = children.Any(c => Now(c) is { Numerator: not null, ClosedAt: null });
        bool? Verdict(AdministrativeUnit child) => running ? null : Now(child).Met;
        var drawn = worstFirst.Take(chart.MaxUnits).ToList();
        var listed = table ? worstFirst : drawn;
        var periods = Span(chart, period);
        var series = await reads.SeriesOfUnitsAsync(listed, [indicator], periods, includePredecessors: true, cancellationToken);
        IReadOnlyList<SeriesPoint> Trend(AdministrativeUnit child) => series[child.Id][indicator.Code];

        // Periods before the first with a value are not drawn: in the grid, of its units; in the table, of any.
        var skip = FirstWithValue(periods, 0, q => listed.Any(c => Trend(c)[q].Value is not null));
        var skipDrawn = FirstWithValue(periods, 0, q => drawn.Any(c => Trend(c)[q].Value is not null));
        var extent = drawn.SelectMany(c => Trend(c).Skip(skipDrawn).SelectMany(p => new[] { p.Value, p.Target })).OfType<decimal>().Select(v => (double)v).ToList();
        var name = IndicatorFormat.Name(indicator);
        IReadOnlyList<bool?>? met = running ? null : listed.Select(Verdict).ToList();
        return new BuiltChart(chart, new ChartData(chart.Id, chart.Kind, Spanned(title, periods.Count - skip, periods.Count, period), measure,
            listed.Select(c => c.Name).ToList(),
            periods.Skip(skip).Select((p, q) => new ChartSeries(p.ToString(), listed.Select(c => ToDouble(Trend(c)[skip + q].Value)).ToList())).ToList(),
            listed.Any(c => Now(c).Target is not null) ? listed.Select(c => ToDouble(Now(c).Target)).ToList() : [], target, met),
            listed.Select(c => c.Code).ToList(), met)
        {
            Multiples = [.. drawn.Select(c =>
            {
                var points = Trend(c).Skip(skipDrawn).ToList();
                var targets = points.Select(p => ToDouble(p.Target)).ToList();
                var data = new ChartData(chart.Id, chart.Kind, c.Name, measure, points.Select(p => p.Period.ToString()).ToList(),
                    [new ChartSeries(name, points.Select(p => ToDouble(p.Value)).ToList())],
                    targets.Any(t => t is not null) ? targets : [], target, [.. points.Select(p => p.Period == period ? Verdict(c) : p.Met)],
                    extent.Count > 0 ? new ChartExtent(extent.Min(), extent.Max()) : null);
                return new SmallMultiple(c.Code, data, ToDouble(Now(c).Value), Verdict(c));
            })],
        };
    }

    /// <summary>The periods a trend looks back over, oldest first, to the one shown: quarters, or years for a year; <paramref name="earlier"/> more before them.</summary>
    private static List<Period> Span(ChartDefinition chart, Period period, int earlier = 0)
    {
        var periods = new List<Period> { period };
        while (periods.Count < (period.IsYear ? chart.Years : chart.Quarters) + earlier)
        {
            periods.Insert(0, periods[0].Previous);
        }

        return periods;
    }

    /// <summary>The index of the first period from <paramref name="from"/> with a value; the count when none has one.</summary>
    private static int FirstWithValue(List<Period> periods, int from, Func<int, bool> hasValue) =>
        Enumerable.Range(from, periods.Count - from).FirstOrDefault(hasValue, periods.Count);

    /// <summary>The title with {span}: the quarters or years drawn (a chart with no value at all says how far it looked).</summary>
    private static string Spanned(string title, int shown, int looked, Period period)
    {
        var count = shown > 0 ? shown : looked;
        var span = period.IsYear
            ? Lang.T($"{count} năm", count == 1 ? "1 year" : $"{count} years")
            : Lang.T($"{count} quý", count == 1 ? "1 quarter" : $"{count} quarters");
        return title.Replace("{span}", span, StringComparison.Ordinal);
    }

    /// <summary>The heading of a data table's first column.</summary>
    public static string CategoryHeader(ChartKind kind, Period period) => kind switch
    {
        ChartKind.Bullet => Lang.T("Chỉ số", "Indicator"),
        ChartKind.Ranking or ChartKind.SmallMultiples => Lang.T("Đơn vị", "Unit"),
        _ when period.IsYear => Lang.T("Năm", "Year"),
        _ => Lang.T("Quý", "Quarter"),
    };

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
