using System.Diagnostics;
using System.Globalization;
using System.Text;
using FriendlyGov.Data;
using FriendlyGov.Server.Admin;
using FriendlyGov.Server.Indicators;
using FriendlyGov.Server.Operations;
using FriendlyGov.Server.Staff;
using FriendlyGov.Server.Workspace;

namespace FriendlyGov.Server.Dashboard;

public static class DashboardSetup
{
    public static void AddDashboard(this WebApplicationBuilder builder)
    {
        var layout = builder.Configuration["Dashboard:Layout"] ?? Path.Combine(AppContext.BaseDirectory, "charts", "dashboard.json");
        builder.Services.AddSingleton(DashboardLayout.Load(layout));
        builder.Services.AddScoped<DashboardCharts>();
        builder.Services.AddSingleton<ChartRenderGate>();
        builder.Services.AddSingleton<ChartCache>();
        ChartFonts.Register();
    }

    /// <summary>
    /// Each chart as PNG and SVG, with the page's slicers: /dashboard/charts/{id}.png?unit=…&amp;year=…&amp;quarter=…&amp;width=…&amp;height=…,
    /// and optionally lang=vi|en (its words and numbers; in the URL, so that a cached image is never of the other language),
    /// density=1–2 (image pixels per CSS pixel) and embedded=true (no title: the page's heading names it); small multiples
    /// one unit below at a time (child=its code). /dashboard/charts/{id}.xlsx is the chart's data table.
    /// </summary>
    public static void MapDashboardCharts(this WebApplication app) =>
        app.MapGet("/dashboard/charts/{id}.{format}", RenderAsync).RequireAuthorization();

    private static async Task<IResult> RenderAsync(
        string id, string format, string? unit, int? year, int? quarter, string? width, string? height, string? lang, int? density, bool? embedded, string? child,
        HttpContext http, FriendlyGovDbContext db, IndicatorReads reads, DashboardCharts charts, DashboardLayout layout, ChartRenderGate gate, ChartCache cache,
        FriendlyGovMetrics metrics, TimeProvider clock)
    {
        var chart = layout.Chart(id);
        if (chart is null || format is not ("png" or "svg" or "xlsx"))
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
        var widthError = ChartSizes.Parse(width, out var askedWidth);
        var heightError = ChartSizes.Parse(height, out var askedHeight);
        foreach (var (name, error) in new[] { ("width", widthError), ("height", heightError) })
        {
            if (error is not null)
            {
                errors[name] = [error];
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

        var built = await charts.BuildAsync(chart, slice.Unit!, slice.Period, http.RequestAborted, table: format == "xlsx");
        if (format == "xlsx")
        {
            return Results.File(ChartWorkbook.Write(built, slice.Unit!, slice.Period), Spreadsheets.XlsxContentType, ChartWorkbook.FileName(built, slice.Unit!, slice.Period));
        }

        var image = built.ImageFor(child);
        if (image is null)
        {
            return chart.Kind == ChartKind.SmallMultiples && child is null
                ? Results.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["child"] = [Lang.T("Mỗi biểu đồ nhỏ là của một đơn vị trực thuộc: cho mã đơn vị đó (child=…).", "Each small chart is of one unit below: give its code (child=…).")],
                })
                : Results.NotFound();
        }

        if (embedded == true)
        {
            image = image with { Title = "" };
        }

        var (defaultWidth, defaultHeight) = ChartSizes.Default(image);
        var (w, h) = (askedWidth ?? defaultWidth * (density ?? 1), askedHeight ?? defaultHeight * (density ?? 1));
        var contentType = format == "png" ? "image/png" : "image/svg+xml; charset=utf-8";
        var tag = ChartCache.Tag(image, format, w, h, density ?? 1);

        if (http.Request.GetTypedHeaders().IfNoneMatch.Any(t => t.Tag == tag))
        {
            return Tagged(Results.StatusCode(StatusCodes.Status304NotModified));
        }

        if (cache.TryGet(tag, out var cached))
        {
            return Tagged(Results.Bytes(cached, contentType));
        }

        if (!await gate.EnterAsync(http.RequestAborted))
        {
            http.Response.Headers.RetryAfter = ((int)ChartRenderGate.Wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return Results.Text(Lang.T("Máy chủ đang vẽ nhiều biểu đồ. Vui lòng thử lại sau giây lát.", "The server is drawing many charts. Please try again in a moment."),
                "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        try
        {
            var started = Stopwatch.GetTimestamp();
            var rendered = format == "png"
                ? ChartRenderer.Png(image, w, h, density ?? 1)
                : Encoding.UTF8.GetBytes(ChartRenderer.Svg(image, w, h, density ?? 1));
            metrics.ChartRendered(chart.Id, format, Stopwatch.GetElapsedTime(started));
            cache.Add(tag, rendered);
            return Tagged(Results.Bytes(rendered, contentType));
        }
        finally
        {
            gate.Release();
        }

        // Revalidated on every use (the tag changes with the figures), so a chart never outlives a rollup in a browser.
        IResult Tagged(IResult result)
        {
            http.Response.Headers.CacheControl = "private, no-cache";
            http.Response.Headers.ETag = tag;
            return result;
        }
    }
}
