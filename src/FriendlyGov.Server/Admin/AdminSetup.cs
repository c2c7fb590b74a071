using FriendlyGov.Server.Dashboard;
using FriendlyGov.Server.Staff;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.WebEncoders;

namespace FriendlyGov.Server.Admin;

/// <summary>The Razor Pages admin: pages live in their feature folders (Dashboard/, Staff/…), all behind sign-in.</summary>
public static class AdminSetup
{
    public static void AddAdmin(this WebApplicationBuilder builder)
    {
        builder.AddStaffSignIn();
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
    }

    public static WebApplication MapAdmin(this WebApplication app)
    {
        app.UseStaticFiles();
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        app.MapDashboardCharts();
        return app;
    }
}
