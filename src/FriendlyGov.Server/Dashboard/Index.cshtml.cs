using FriendlyGov.Data;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Indicators;
using FriendlyGov.Server.Admin;
using FriendlyGov.Server.Indicators;
using FriendlyGov.Server.Staff;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Dashboard;

/// <summary>A KPI card: this period's snapshot against its target, and the change since the previous period.</summary>
public sealed record KpiCard(IndicatorDefinition Indicator, IndicatorSnapshot Current, IndicatorSnapshot? Previous)
{
    public string State => Current.Met switch { true => "met", false => "not-met", null => "no-target" };

    public decimal? Change => Current.Value is { } now && Previous?.Value is { } before ? now - before : null;

    /// <summary>Whether the change is for the better, given which way the indicator is better.</summary>
    public bool? Improved => Change is { } c && c != 0 ? (c > 0) == (Indicator.Better == Better.Higher) : null;
}

public sealed record UnitOption(string Code, string Name, int Depth, DateOnly? ValidTo);

/// <summary>
/// The leaders' scorecard: one unit of the user's subtree and one period, every indicator against
/// its target, and the charts of charts/dashboard.json. Numbers come from the snapshots only.
/// </summary>
public sealed class IndexModel(FriendlyGovDbContext db, IndicatorReads reads, DashboardCharts charts, DashboardLayout layout, TimeProvider clock) : PageModel
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

    public IReadOnlyList<(CardSection Section, IReadOnlyList<KpiCard> Cards)> Sections { get; private set; } = [];

    public IReadOnlyList<BuiltChart> Charts { get; private set; } = [];

    public int CardCount => Sections.Sum(s => s.Cards.Count);

    public ScorecardClosing Closing { get; private set; } = new(null, null);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
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

        var unit = Slice.Unit!;
        var rootDepth = scope!.SubtreePath.Count(c => c == '/');
        Units = (await db.Units.AsNoTracking().Where(u => u.Path.StartsWith(scope.SubtreePath)).OrderBy(u => u.Path)
                .Select(u => new { u.Code, u.Name, u.Path, u.ValidTo }).ToListAsync(cancellationToken))
            .Select(u => new UnitOption(u.Code, u.Name, u.Path.Count(c => c == '/') - rootDepth, u.ValidTo)).ToList();
        Years = Enumerable.Range(DashboardSlice.FirstYear, DashboardSlice.LastYear(clock) - DashboardSlice.FirstYear + 1).Reverse().ToList();

        var entries = await reads.ScorecardAsync(unit.Id, Slice.Period, cancellationToken);
        Closing = ScorecardClosing.Of(entries);
        var scorecard = entries.ToDictionary(e => e.Indicator.Code);
        Sections = layout.Sections
            .Select(s => (s, (IReadOnlyList<KpiCard>)s.Indicators.Where(scorecard.ContainsKey).Select(c => new KpiCard(scorecard[c].Indicator, scorecard[c].Current, scorecard[c].Previous)).ToList()))
            .Where(s => s.Item2.Count > 0)
            .ToList();

        var built = new List<BuiltChart>();
        foreach (var chart in layout.Charts)
        {
            built.Add(await charts.BuildAsync(chart, unit, Slice.Period, cancellationToken));
        }

        // A ranking of a unit without units below it would be an empty chart.
        Charts = built.Where(c => c.Definition.Kind != ChartKind.Ranking || c.Data.Categories.Count > 0).ToList();
        if (Slice.Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    /// <summary>This dashboard's query string with one slicer changed (drill-through keeps the period).</summary>
    public string Link(string? unit = null) =>
        $"/dashboard?unit={Uri.EscapeDataString(unit ?? Slice.Unit!.Code)}&year={Slice.Period.Year}&quarter={Slice.Period.Quarter}";

    public string ImageUrl(BuiltChart chart, string format)
    {
        var (width, height) = ChartSizes.Default(chart.Image);
        return $"/dashboard/charts/{chart.Definition.Id}.{format}?unit={Uri.EscapeDataString(Slice.Unit!.Code)}&year={Slice.Period.Year}&quarter={Slice.Period.Quarter}&width={width}&height={height}";
    }
}
