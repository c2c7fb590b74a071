using System.Security.Claims;
using FriendlyGov.Data;
using FriendlyGov.Data.Staff;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FriendlyGov.Server.Staff;

public static class StaffSignIn
{
    public const string JobsPolicy = "jobs";

    /// <summary>ASP.NET Core Identity on the records' database: cookies, lockout, one role and one unit per user.</summary>
    public static void AddStaffSignIn(this WebApplicationBuilder builder, bool secureCookiesByDefault)
    {
        builder.Services.AddIdentity<StaffUser, IdentityRole>(options =>
            {
                options.Password.RequiredLength = 12;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.User.RequireUniqueEmail = false;

                // "Confirmed" here means not disabled (StaffActive): a disabled user's right password signs nobody in.
                options.SignIn.RequireConfirmedAccount = true;
            })
            .AddEntityFrameworkStores<FriendlyGovDbContext>()
            .AddClaimsPrincipalFactory<StaffClaimsFactory>()
            .AddUserConfirmation<StaffActive>();
        builder.Services.AddScoped<StaffAccounts>();

        // Keys in the database: a cookie issued by one server is read by every other (and survives restarts).
        builder.Services.AddDataProtection().SetApplicationName("FriendlyGov").PersistKeysToDbContext<FriendlyGovDbContext>();

        // Secure cookies only, unless configured otherwise or on the embedded demo, which serves plain HTTP on loopback
        // (there the cookies are still Secure whenever the request came over HTTPS).
        var secure = builder.Configuration.GetValue("Admin:SecureCookies", secureCookiesByDefault);
        builder.Services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/login";
            cookie.LogoutPath = "/logout";
            cookie.AccessDeniedPath = "/denied";
            cookie.Cookie.Name = "friendlygov.signin";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
            cookie.Events.OnValidatePrincipal = StaffActive.ValidateCookieAsync;
        });
        builder.Services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "friendlygov.antiforgery";
            antiforgery.Cookie.SecurePolicy = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        });
        // Hangfire's jobs are the whole installation's, not one unit's: only admins of a root unit see them.
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(JobsPolicy, policy => policy.RequireRole(StaffRoles.Admin).RequireAssertion(context => StaffScope.Of(context.User)?.IsRootAdmin == true));
    }
}

/// <summary>
/// A user may sign in, and their cookie is honoured, only while their account is enabled and unchanged.
/// Every request compares the cookie's security stamp with the stored one (one indexed read): disabling a
/// user, changing their role, unit or password renews the stamp, so the old cookie stops at the next request
/// (Identity's own validator would only look every 30 minutes, and rebuild and reissue the cookie when it does).
/// </summary>
public sealed class StaffActive : IUserConfirmation<StaffUser>
{
    public Task<bool> IsConfirmedAsync(UserManager<StaffUser> manager, StaffUser user) => Task.FromResult(user.DisabledAt is null);

    public static async Task ValidateCookieAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var id = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = context.Principal?.FindFirstValue(stampClaim);
        var db = services.GetRequiredService<FriendlyGovDbContext>();
        var stored = id is null ? null : await db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new { u.SecurityStamp, u.DisabledAt }).SingleOrDefaultAsync(context.HttpContext.RequestAborted);
        if (stored is null || stored.DisabledAt is not null || stored.SecurityStamp != stamp)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }
}

/// <summary>The unit subtree travels in the sign-in cookie, so that every request can check it without a lookup.</summary>
public sealed class StaffClaimsFactory(UserManager<StaffUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options, FriendlyGovDbContext db)
    : UserClaimsPrincipalFactory<StaffUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(StaffUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        var unit = await db.Units.AsNoTracking().Where(u => u.Id == user.UnitId).Select(u => new { u.Code, u.Path }).SingleAsync();
        identity.AddClaim(new Claim(StaffScope.UnitCodeClaim, unit.Code));
        identity.AddClaim(new Claim(StaffScope.UnitPathClaim, unit.Path));
        identity.AddClaim(new Claim(StaffScope.FullNameClaim, user.FullName));
        return identity;
    }
}

/// <summary>What a signed-in user may see: the subtree of their unit.</summary>
public sealed record StaffScope(string UserName, string FullName, string UnitCode, string SubtreePath, bool IsAdmin)
{
    public const string UnitCodeClaim = "friendlygov:unit_code";
    public const string UnitPathClaim = "friendlygov:unit_path";
    public const string FullNameClaim = "friendlygov:full_name";

    public bool SeesUnit(string unitPath) => unitPath.StartsWith(SubtreePath, StringComparison.Ordinal);

    /// <summary>An admin of a unit without a parent (a path of one code, "/38/"), who sees the whole installation.</summary>
    public bool IsRootAdmin => IsAdmin && SubtreePath.Count(c => c == '/') == 2;

    /// <summary>The scope of a signed-in user; null for anyone else (or a cookie from before the claims existed).</summary>
    public static StaffScope? Of(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && user.FindFirstValue(UnitPathClaim) is { Length: > 0 } path
            ? new StaffScope(user.Identity.Name ?? "", user.FindFirstValue(FullNameClaim) ?? "", user.FindFirstValue(UnitCodeClaim) ?? "", path, user.IsInRole(StaffRoles.Admin))
            : null;
}
