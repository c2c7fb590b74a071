using FriendlyGov.Data;
using FriendlyGov.Server.Admin;
using FriendlyGov.Server.Indicators;
using FriendlyGov.Server.Staff;

namespace FriendlyGov.Server.Dashboard;

public static class DashboardSetup
{
    public static void AddDashboard(this WebApplicationBuilder builder)
    {
        var layout = builder.Configuration["Dashboard:Layout"] ?? Path.Combine(AppContext.BaseDirectory, "charts", "dashboard.json");
        builder.Services.AddSingleton(DashboardLayout.Load(layout));
        builder.Services.AddScoped<DashboardCharts>();
        builder.Services.AddSingleton<ChartRenderGate>();
        ChartFonts.Register();
    }

    /// <summary>Each chart as PNG and SVG, with the page's slicers: /dashboard/charts/{id}.png?unit=…&amp;year=…&amp;quarter=…&amp;width=…&amp;height=…</summary>
    public static void MapDashboardCharts(this WebApplication app) =>
        app.MapGet("/dashboard/charts/{id}.{format}", RenderAsync).RequireAuthorization();

    private static async Task<IResult> RenderAsync(
        string id, string format, string? unit, int? year, int? quarter, string? width, string? height,
        HttpContext http, FriendlyGovDbContext db, IndicatorReads reads, DashboardCharts charts, DashboardLayout layout, ChartRenderGate gate, TimeProvider clock)
    {
        var chart = layout.Chart(id);
        if (chart is null || format is not ("png" or "svg"))
        {
            return Results.NotFound();
        }

        var slice = await DashboardSlice.ResolveAsync(db, reads, StaffScope.Of(http.User), unit, year, quarter, clock, http.RequestAborted);
        if (!slice.Found)
        {
            return Results.NotFound();
        }

        var errors = slice.Errors.ToDictionary(e => e.Key, e => new[] { e.Value });
        var widthError = ChartSizes.Parse(width, out var askedWidth);
        var heightError = ChartSizes.Parse(height, out var askedHeight);
        foreach (var (name, error) in new[] { ("width", widthError), ("height", heightError) })
        {
            if (error is not null)
            {
                errors[name] = [error];
            }
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var image = (await charts.BuildAsync(chart, slice.Unit!, slice.Period, http.RequestAborted)).Image;
        var (defaultWidth, defaultHeight) = ChartSizes.Default(image);
        var (w, h) = (askedWidth ?? defaultWidth, askedHeight ?? defaultHeight);
        if (!await gate.EnterAsync(http.RequestAborted))
        {
            http.Response.Headers.RetryAfter = ((int)ChartRenderGate.Wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Text(Lang.T("Máy chủ đang vẽ nhiều biểu đồ. Vui lòng thử lại sau giây lát.", "The server is drawing many charts. Please try again in a moment."),
                "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        try
        {
            // Snapshots change at most every rollup; a chart may be reused briefly by the same user's browser.
            http.Response.Headers.CacheControl = "private, max-age=60";
            return format == "png"
                ? Results.Bytes(ChartRenderer.Png(image, w, h), "image/png")
                : Results.Text(ChartRenderer.Svg(image, w, h), "image/svg+xml; charset=utf-8");
        }
        finally
        {
            gate.Release();
        }
    }
}
