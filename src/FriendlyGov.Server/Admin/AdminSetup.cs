using FriendlyGov.Server.Dashboard;
using FriendlyGov.Server.Hosting;
using FriendlyGov.Server.Staff;
using FriendlyGov.Server.Workspace;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.WebEncoders;

namespace FriendlyGov.Server.Admin;

/// <summary>The Razor Pages admin: pages live in their feature folders (Dashboard/, Staff/…), all behind sign-in.</summary>
public static class AdminSetup
{
    public static void AddAdmin(this WebApplicationBuilder builder, bool secureCookiesByDefault)
    {
        builder.AddStaffSignIn(secureCookiesByDefault);

        // Behind a TLS-terminating reverse proxy on the same machine, the request is HTTPS as far as cookies go.
        builder.Services.Configure<ForwardedHeadersOptions>(forwarded => forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);
        builder.Services.AddRazorPages(pages =>
        {
            pages.RootDirectory = "/";
            pages.Conventions.AuthorizeFolder("/");
            pages.Conventions.AllowAnonymousToPage("/Staff/Login");
            pages.Conventions.AllowAnonymousToPage("/Admin/Language");
        });
        builder.Services.AddRequestLocalization(localization =>
        {
            localization.DefaultRequestCulture = new RequestCulture(Lang.Vietnamese);
            localization.SupportedCultures = localization.SupportedUICultures = [Lang.Vietnamese, Lang.English];

            // The reader's choice only (a cookie): Vietnamese unless they switch, whatever the browser says.
            localization.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });
        // Vietnamese as written, not as &#x...; entities: pages stay readable and a third smaller.
        builder.Services.Configure<WebEncoderOptions>(encoder => encoder.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        builder.AddDashboard();
        builder.AddRecordsWorkspace();
    }

    public static WebApplication MapAdmin(this WebApplication app)
    {
        app.UseWebHardening();
        app.UseForwardedHeaders();
        app.UseHsts();
        app.UseHttpsWhereCookiesNeedIt();
        // From next to the app, wherever it is started from (the content root is the working directory).
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "wwwroot")) });

        // The charts' fonts serve the pages too: the same Vietnamese glyphs on a machine without any font.
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(ChartFonts.DefaultDirectory), RequestPath = "/fonts" });
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        app.MapDashboardCharts();
        return app;
    }
}
