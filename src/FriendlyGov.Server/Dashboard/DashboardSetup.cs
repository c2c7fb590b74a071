using System.Globalization;
using FriendlyGov.Server.Admin;
using FriendlyGov.Data;
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
        ChartFonts.Register();
    }

    /// <summary>
    /// Each chart as PNG and SVG, with the page's slicers: /dashboard/charts/{id}.png?unit=…&amp;year=…&amp;quarter=…&amp;width=…&amp;height=…,
    /// and optionally lang=vi|en (its words and numbers; in the URL, so that a cached image is never of the other language),
    /// density=1–3 (image pixels per CSS pixel) and embedded=true (no title: the page's heading names it).
    /// </summary>
    public static void MapDashboardCharts(this WebApplication app) =>
        app.MapGet("/dashboard/charts/{id}.{format}", RenderAsync).RequireAuthorization();

    private static async Task<IResult> RenderAsync(
        string id, string format, string? unit, int? year, int? quarter, int? width, int? height, string? lang, int? density, bool? embedded,
        HttpContext http, FriendlyGovDbContext db, IndicatorReads reads, DashboardCharts charts, DashboardLayout layout, TimeProvider clock)
    {
        var chart = layout.Chart(id);
        if (chart is null || format is not ("png" or "svg"))
        {
            return Results.NotFound();
        }

        if (lang is "vi" or "en")
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = lang == "vi" ? Lang.Vietnamese : Lang.English;
        }

        var slice = await DashboardSlice.ResolveAsync(db, reads, StaffScope.Of(http.User), unit, year, quarter, clock, http.RequestAborted);
        if (!slice.Found)
        {
            return Results.NotFound();
        }

        var errors = slice.Errors.ToDictionary(e => e.Key, e => new[] { e.Value });
        foreach (var (name, size) in new[] { ("width", width), ("height", height) })
        {
            if (size is < ChartRenderer.MinSize or > ChartRenderer.MaxSize)
            {
                errors[name] = [$"must be {ChartRenderer.MinSize} to {ChartRenderer.MaxSize} pixels"];
            }
        }

        if (lang is not (null or "vi" or "en"))
        {
            errors["lang"] = [Lang.T("Ngôn ngữ phải là vi hoặc en.", "The language must be vi or en.")];
        }

        if (density is < 1 or > ChartRenderer.MaxDensity)
        {
            errors["density"] = [Lang.T($"Mật độ điểm ảnh phải từ 1 đến {ChartRenderer.MaxDensity}.", $"The density must be 1 to {ChartRenderer.MaxDensity}.")];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var image = (await charts.BuildAsync(chart, slice.Unit!, slice.Period, http.RequestAborted)).Image;
        if (embedded == true)
        {
            image = image with { Title = "" };
        }

        var (defaultWidth, defaultHeight) = ChartSizes.Default(image);
        var (w, h) = (width ?? defaultWidth * (density ?? 1), height ?? defaultHeight * (density ?? 1));

        // Snapshots change at most every rollup; a chart may be reused briefly by the same user's browser.
        http.Response.Headers.CacheControl = "private, max-age=60";
        return format == "png"
            ? Results.Bytes(ChartRenderer.Png(image, w, h, density ?? 1), "image/png")
            : Results.Text(ChartRenderer.Svg(image, w, h, density ?? 1), "image/svg+xml; charset=utf-8");
    }
}
