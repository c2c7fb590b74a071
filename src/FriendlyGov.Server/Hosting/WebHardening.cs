using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace FriendlyGov.Server.Hosting;

/// <summary>
/// What every web response carries, and what a plain-HTTP request gets when the admin's cookies
/// are Secure-only. gRPC responses are left as they are: no browser reads them.
/// </summary>
public static class WebHardening
{
    /// <summary>Every script, style, font and image is a file of the app; no inline script or style, no frames, forms post only here.</summary>
    public const string ContentSecurityPolicy = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

    /// <summary>
    /// Hangfire's dashboard: its scripts are files it serves (its settings travel in data- attributes),
    /// but its pages colour states in style attributes, which a strict style-src would drop.
    /// </summary>
    public const string HangfirePolicy = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

    /// <summary>A chart's SVG opened by itself: ScottPlot styles its markup inline, and nothing in it may run or load.</summary>
    public const string SvgPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox";

    public static WebApplication UseWebHardening(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            if (!IsGrpc(context.Request))
            {
                // Read now: Hangfire moves "/hangfire" from the path to the path base while it serves.
                var hangfire = context.Request.Path.StartsWithSegments("/hangfire");
                context.Response.OnStarting(() =>
                {
                    AddHeaders(context.Response, hangfire);
                    return Task.CompletedTask;
                });
            }

            return next(context);
        });

        // An unhandled error becomes a plain page that still carries the headers (Kestrel's own 500 drops them).
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = context =>
            {
                context.Response.ContentType = "text/plain; charset=utf-8";
                return context.Response.WriteAsync("Lỗi máy chủ. Vui lòng thử lại sau. / Server error. Please try again later.");
            },
        });
        return app;
    }

    /// <summary>
    /// Where the antiforgery and sign-in cookies are Secure-only (the PostgreSQL settings), a request
    /// that reached the server over plain HTTP — not through a TLS proxy that says X-Forwarded-Proto:
    /// https — could never hold them: a page or a read is redirected to HTTPS, a form post is refused
    /// with a message. Health checks and gRPC are not cookie-bound and pass.
    /// </summary>
    public static WebApplication UseHttpsWhereCookiesNeedIt(this WebApplication app)
    {
        var antiforgery = app.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value;
        if (antiforgery.Cookie.SecurePolicy != CookieSecurePolicy.Always)
        {
            return app;
        }

        app.Use((context, next) =>
        {
            var request = context.Request;
            if (request.IsHttps || IsGrpc(request) || request.Path.StartsWithSegments("/healthz"))
            {
                return next(context);
            }

            if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            {
                // The default HTTPS port: a TLS proxy in front, or Kestrel's own https endpoint on 443.
                context.Response.Redirect($"https://{request.Host.Host}{request.PathBase}{request.Path}{request.QueryString}", permanent: false, preserveMethod: true);
                return Task.CompletedTask;
            }

            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync(HttpsRequiredMessage);
        });
        return app;
    }

    public const string HttpsRequiredMessage =
        "Trang quản trị chỉ làm việc qua HTTPS: hãy mở lại trang bằng địa chỉ https://. " +
        "/ The admin works over HTTPS only: open the page again at its https:// address.";

    private static void AddHeaders(HttpResponse response, bool hangfire)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = hangfire ? HangfirePolicy
            : response.ContentType?.StartsWith("image/svg+xml", StringComparison.Ordinal) == true ? SvgPolicy
            : ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
    }

    private static bool IsGrpc(HttpRequest request) => request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true;
}
