using FriendlyGov.Data;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Calendar;
using FriendlyGov.Domain.Indicators;
using FriendlyGov.Server.Admin;
using FriendlyGov.Server.Indicators;
using FriendlyGov.Server.Staff;
using FriendlyGov.Server.Targets;
using FriendlyGov.Server.Workspace;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Dashboard;

/// <summary>A link over an element of a chart's image: where it lies, the records it opens, and what it says (the element's figure and the list).</summary>
public sealed record ChartHit(ChartArea Area, string Url, string Name);

/// <summary>A chart image's links, for the size it is drawn at (a phone's, or the page's).</summary>
public sealed record ChartHits(int Width, int Height, IReadOnlyList<ChartHit> Links);

/// <summary>A unit that took over the one shown (or that it took over), from the day of the reform.</summary>
public sealed record UnitLink(string Code, string Name, DateOnly EffectiveOn, bool Readable);

/// <summary>
/// The leaders' scorecard: one unit of the user's subtree and one period, every indicator against
/// its target, and the charts of charts/dashboard.json. Numbers come from the snapshots only.
/// </summary>
public sealed class IndexModel(FriendlyGovDbContext db, IndicatorReads reads, DashboardCharts charts, DashboardLayout layout, ChartCache cache, TimeProvider clock) : PageModel
{
    [FromQuery(Name = "unit")]
    public string? UnitCode { get; set; }

    [FromQuery(Name = "year")]
    public int? Year { get; set; }

    [FromQuery(Name = "quarter")]
    public int? Quarter { get; set; }

    public DashboardSlice Slice { get; private set; } = null!;

    public IReadOnlyList<UnitOption> Units { get; private set; } = [];

    public IReadOnlyList<int> Years { get; private set; } = [];

    public IReadOnlyList<BuiltChart> Charts { get; private set; } = [];

    /// <summary>The cards: the targets (those not met first) with their count, then the other figures per section.</summary>
    public ScorecardSummary Summary { get; private set; } = ScorecardSummary.Empty;

    /// <summary>The last day a running period's figures count (null once the period is closed).</summary>
    public DateOnly? DataTo { get; private set; }

    public bool Running => DataTo is not null;

    /// <summary>The day in Vietnam the page was made: the print view's header.</summary>
    public DateOnly PrintedOn => VietnamTime.LocalDate(clock.GetUtcNow().UtcDateTime);

    /// <summary>The units that took this one over (a closed unit's figures go on there).</summary>
    public IReadOnlyList<UnitLink> Successors { get; private set; } = [];

    /// <summary>The units this one took over: its trends reach back through their records.</summary>
    public IReadOnlyList<UnitLink> Predecessors { get; private set; } = [];

    /// <summary>Whether the unit existed for at least a day of the period; if not, no card and no verdict.</summary>
    public bool Existed { get; private set; }

    public ScorecardClosing Closing { get; private set; } = new(null, null);

    /// <summary>Whether the reader sees the unit's records: the charts and their tables then link to them.</summary>
    public bool OwnRecords { get; private set; }

    /// <summary>The Decision 766 index of the same figures, as gRPC's GetScorecard gives it; empty when there is no card.</summary>
    public IReadOnlyList<Decision766Group> Index766 { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        // A slicer that is not a number (year=abc) is reported beside it, in the reader's language, and the page opens at its landing period.
        var notNumbers = ModelState.Where(e => e.Value?.Errors.Count > 0).Select(e => e.Key.ToLowerInvariant()).ToList();
        if (notNumbers.Count > 0)
        {
            ModelState.Clear();
            if (notNumbers.Contains("year"))
            {
                ModelState.AddModelError("year", Lang.T($"Năm phải là một số từ {DashboardSlice.FirstYear} đến {DashboardSlice.LastYear(clock)}.",
                    $"The year must be a number from {DashboardSlice.FirstYear} to {DashboardSlice.LastYear(clock)}."));
            }

            if (notNumbers.Contains("quarter"))
            {
                ModelState.AddModelError("quarter", Lang.T("Quý phải là một số từ 1 đến 4, hoặc cả năm.", "The quarter must be a number from 1 to 4, or the whole year."));
            }

            Year = null;
            Quarter = null;
        }

        var scope = StaffScope.Of(User);
        Slice = await DashboardSlice.ResolveAsync(db, reads, scope, UnitCode, Year, Quarter, clock, cancellationToken);
        if (!Slice.Found)
        {
            return NotFound();
        }

        foreach (var (field, message) in Slice.Errors)
        {
            ModelState.AddModelError(field, message);
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        var unit = Slice.Unit!;
        Units = await DashboardUnits.ReadableAsync(db, scope!, cancellationToken);
        var readable = Units.Select(u => u.Code).ToHashSet(StringComparer.Ordinal);
        Years = Enumerable.Range(DashboardSlice.FirstYear, DashboardSlice.LastYear(clock) - DashboardSlice.FirstYear + 1).Reverse().ToList();
        Successors = (await db.UnitSuccessions.AsNoTracking().Where(s => s.PredecessorId == unit.Id)
                .Select(s => new { s.Successor!.Code, s.Successor.Name, s.EffectiveOn }).ToListAsync(cancellationToken))
            .Select(s => new UnitLink(s.Code, s.Name, s.EffectiveOn, readable.Contains(s.Code))).OrderBy(s => s.Code, StringComparer.Ordinal).ToList();
        Predecessors = (await db.UnitSuccessions.AsNoTracking().Where(s => s.SuccessorId == unit.Id)
                .Select(s => new { s.Predecessor!.Code, s.Predecessor.Name, s.EffectiveOn }).ToListAsync(cancellationToken))
            .Select(s => new UnitLink(s.Code, s.Name, s.EffectiveOn, readable.Contains(s.Code))).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        Existed = unit.ValidFrom < Slice.Period.EndExclusive && (unit.ValidTo is null || unit.ValidTo > Slice.Period.FirstDay);
        if (!Existed)
        {
            // Nothing to judge: the unit did not exist in the period (its figures are its successor's or predecessors').
            return Page();
        }

        var entries = await reads.ScorecardAsync(unit.Id, Slice.Period, cancellationToken);
        Closing = ScorecardClosing.Of(entries);
        DataTo = ScorecardSummary.DataToOf(entries, Slice.Period);
        var metrics = await TargetMetrics.ReadAsync(db, unit, Slice.Period, cancellationToken);
        Index766 = entries.Count == 0 ? [] : Decision766Index.Score(entries.ToDictionary(e => e.Indicator.Code, e => e.Current.Value));

        // The record lists show the reader's own subtree: a successor read through a closed unit has no drill-through.
        OwnRecords = scope!.SeesUnit(unit.Path);
        Summary = ScorecardSummary.Of(layout, entries, Slice.Period, metrics, unit.Code, OwnRecords ? indicator => DrillThrough.For(indicator, unit.Code, Slice.Period) : null,
            await reads.ComparisonsAsync(unit, Slice.Period, cancellationToken));

        var built = new List<BuiltChart>();
        foreach (var chart in layout.Charts)
        {
            built.Add(await charts.BuildAsync(chart, unit, Slice.Period, cancellationToken));
        }

        // A chart of the units below, for a unit without any, would be empty.
        Charts = built.Where(c => c.Shown).ToList();
        return Page();
    }

    /// <summary>
    /// The card set as .xlsx (?handler=export with the page's slicers): every indicator of the scorecard,
    /// as gRPC's GetScorecard returns it, with its section, verdict, numerator and denominator, and the
    /// values of the periods the cards compare with (none while the period runs, as on the cards).
    /// </summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        Slice = await DashboardSlice.ResolveAsync(db, reads, StaffScope.Of(User), UnitCode, Year, Quarter, clock, cancellationToken);
        if (!Slice.Found)
        {
            return NotFound();
        }

        if (!ModelState.IsValid || Slice.Errors.Count > 0)
        {
            return BadRequest();
        }

        var entries = await reads.ScorecardAsync(Slice.Unit!.Id, Slice.Period, cancellationToken);
        var compared = await reads.ComparisonsAsync(Slice.Unit, Slice.Period, cancellationToken);
        DataTo = ScorecardSummary.DataToOf(entries, Slice.Period);
        var sections = layout.Sections.SelectMany(s => s.Indicators.Select(code => (code, s))).DistinctBy(p => p.code).ToDictionary(p => p.code, p => p.s);
        var periods = IndicatorReads.ComparedPeriods(Slice.Period);
        string T(string vi, string en) => Lang.T(vi, en);
        var cards = entries.Select(e => new KpiCard(e.Indicator, Slice.Period, e.Current, Running) { Compared = compared[e.Indicator.Code] }).ToList();
        var rows = cards.Select(card => (IReadOnlyList<OutCell>)
        [
            card.Indicator.Code, IndicatorFormat.Name(card.Indicator), sections.TryGetValue(card.Indicator.Code, out var section) ? T(section.TitleVi, section.TitleEn) : "",
            Number(card.Current.Value), Number(card.Current.Target), card.HasTarget || card.State == "no-value" ? card.StateText : "",
            Number(card.Current.Numerator), Number(card.Current.Denominator), .. card.Compared.Select(p => Number(Running ? null : p.Value)),
        ]);
        var title = $"{Slice.Unit.Name} – {(DataTo is { } to ? IndicatorFormat.PeriodToDate(Slice.Period, to) : IndicatorFormat.Period(Slice.Period))}";
        IReadOnlyList<OutCell> note = Running
            ? [T("Kỳ chưa kết thúc: không so sánh với kỳ trước và cùng kỳ năm trước.", "The period is not over: it is not compared with the previous period or a year before.")]
            : cards.Any(c => c.Compared.Any(p => p.FromPredecessors))
                ? [T("Kỳ so sánh trước khi đơn vị tiếp nhận các đơn vị tiền thân cộng cả số liệu của các đơn vị đó.", "Periods compared with from before the unit took its predecessors over add up their figures too.")]
                : [];
        var content = Spreadsheets.WriteXlsx((T("Bảng chỉ số", "Scorecard"),
            [T("Mã chỉ số", "Code"), T("Chỉ số", "Indicator"), T("Nhóm", "Section"), T("Thực hiện", "Actual"), T("Chỉ tiêu", "Target"), T("Đánh giá", "Assessment"),
                T("Tử số", "Numerator"), T("Mẫu số", "Denominator"), .. periods.Select(p => IndicatorFormat.Compared(p, Slice.Period))],
            [.. rows, [], [title], note]));
        return File(content, Spreadsheets.XlsxContentType, $"bang-chi-so-{Slice.Unit.Code}-{Slice.Period.Year}-{(Slice.Period.IsYear ? "nam" : "q" + Slice.Period.Quarter)}.xlsx");
    }

    /// <summary>The records behind a category (and series) of a chart's data, for its table and its image; null when the reader does not see them.</summary>
    public DrillLink? Drill(BuiltChart chart, int category, int series = 0) =>
        OwnRecords ? DrillThrough.ForElement(chart, category, series, Slice.Unit!.Code, Slice.Period) : null;

    /// <summary>
    /// The links over a chart's image as drawn at the page's size or a phone's: one per bar, point or
    /// segment that has records to open, where the renderer's layout puts it (kept with the images).
    /// </summary>
    public ChartHits Hits(BuiltChart chart, bool phone)
    {
        var (width, height) = phone ? ChartSizes.Phone(chart.Image) : ChartSizes.Default(chart.Image);
        if (!OwnRecords)
        {
            return new ChartHits(width, height, []);
        }

        var image = chart.Image with { Title = "" };
        var links = new List<ChartHit>();
        foreach (var area in cache.Areas(image, width, height))
        {
            if (chart.DataIndexOf(area.Category) is not { } category || Drill(chart, category, area.Series) is not { } drill)
            {
                continue;
            }

            var data = chart.Data;
            var what = data.Kind switch
            {
                ChartKind.Trend or ChartKind.Stacked => Capitalised(IndicatorFormat.Period(chart.Periods![category])) + (data.Kind == ChartKind.Stacked ? $", {data.Series[area.Series].Name}" : ""),
                _ => data.Categories[category],
            };
            var text = drill.Text.Length == 0 ? drill.Text : char.ToLower(drill.Text[0], System.Globalization.CultureInfo.CurrentCulture) + drill.Text[1..];
            links.Add(new ChartHit(area, drill.Url, $"{what}: {DashboardCharts.Number(data.Series[area.Series].Values[category], data.ValueLabel)} — {text}"));
        }

        return new ChartHits(width, height, links);

        static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpper(text[0], System.Globalization.CultureInfo.CurrentCulture) + text[1..];
    }

    /// <summary>A figure for a sheet, without the trailing zeros of the column's scale (779.0000 on PostgreSQL, 779.0 on SQLite): the same from either.</summary>
    private static OutCell Number(decimal? value) => new(null, value is { } v ? v / 1.0000000000000000000000000000m : null);

    /// <summary>The commune's periodic report (Reports/PeriodReport) of this page's unit and period.</summary>
    public string ReportUrl => $"/dashboard/report.docx?unit={Uri.EscapeDataString(Slice.Unit!.Code)}&year={Slice.Period.Year}&quarter={Slice.Period.Quarter}";

    /// <summary>The card set's .xlsx with this page's slicers.</summary>
    public string ExportUrl => $"/dashboard?handler=export&unit={Uri.EscapeDataString(Slice.Unit!.Code)}&year={Slice.Period.Year}&quarter={Slice.Period.Quarter}";

    /// <summary>This dashboard's query string with one slicer changed (drill-through keeps the period).</summary>
    public string Link(string? unit = null) =>
        $"/dashboard?unit={Uri.EscapeDataString(unit ?? Slice.Unit!.Code)}&year={Slice.Period.Year}&quarter={Slice.Period.Quarter}";

    /// <summary>
    /// A chart's image for the page: drawn at the size it is shown at (<paramref name="phone"/>: a phone's),
    /// times the screen's density, without its title (the heading above names it), in the page's language.
    /// </summary>
    public string ImageUrl(BuiltChart chart, string format, bool phone = false, int density = 1, SmallMultiple? multiple = null)
    {
        var image = multiple?.Data ?? chart.Image;
        var (width, height) = phone ? ChartSizes.Phone(image) : ChartSizes.Default(image);
        return ChartUrl(chart, format) + $"&width={width * density}&height={height * density}&density={density}&embedded=true"
            + (multiple is null ? "" : $"&child={Uri.EscapeDataString(multiple.UnitCode)}");
    }

    /// <summary>A chart to download: at its default size, with its title.</summary>
    public string DownloadUrl(BuiltChart chart, string format) => ChartUrl(chart, format);

    private string ChartUrl(BuiltChart chart, string format) =>
        $"/dashboard/charts/{chart.Definition.Id}.{format}?unit={Uri.EscapeDataString(Slice.Unit!.Code)}&year={Slice.Period.Year}&quarter={Slice.Period.Quarter}&lang={(Lang.IsEnglish ? "en" : "vi")}";
}
