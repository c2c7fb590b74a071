using System.Net.Mail;
using FriendlyGov.Data;
using FriendlyGov.Data.Staff;
using FriendlyGov.Data.Subscriptions;
using FriendlyGov.Server.Admin;
using FriendlyGov.Server.Dashboard;
using FriendlyGov.Server.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Subscriptions;

/// <summary>A subscription as its owner sees it.</summary>
public sealed record SubscriptionRow(long Id, string UnitCode, string UnitName, bool Scorecard, bool Report, bool Monthly, DateTime? LastSentAt);

/// <summary>
/// /subscriptions: a signed-in user subscribes to the scorecard and/or the report of a unit they read on the
/// dashboard, mailed to their address when a quarter closes (and, if chosen, monthly); sees and cancels theirs.
/// </summary>
public sealed class IndexModel(FriendlyGovDbContext db, UserManager<StaffUser> users, IConfiguration configuration, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "unit")]
    public string? UnitCode { get; set; }

    [BindProperty]
    public bool Scorecard { get; set; } = true;

    [BindProperty]
    public bool Report { get; set; }

    [BindProperty]
    public bool Monthly { get; set; }

    [BindProperty]
    public string Email { get; set; } = "";

    [TempData]
    public string? Done { get; set; }

    public IReadOnlyList<UnitOption> Units { get; private set; } = [];

    public IReadOnlyList<SubscriptionRow> Subscriptions { get; private set; } = [];

    public MailSettings Mail { get; private set; } = null!;

    /// <summary>The unit asked for (from the dashboard's link) when the user already subscribes to it: the form shows that subscription.</summary>
    public SubscriptionRow? Editing { get; private set; }

    /// <summary>The unit asked for when it is one the user reads but closed (the 2025 reform): no quarter of it is left to mail.</summary>
    public UnitOption? Closed { get; private set; }

    /// <summary>Back to the dashboard of the unit asked for, when it is one the user reads; else to their own.</summary>
    public string DashboardUrl => Closed is not null || Units.Any(u => u.Code == UnitCode) ? $"/dashboard?unit={Uri.EscapeDataString(UnitCode!)}" : "/dashboard";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        Email = user.Email ?? "";
        await LoadAsync(user, cancellationToken);
        Editing = Subscriptions.FirstOrDefault(s => s.UnitCode == UnitCode);
        if (Editing is not null)
        {
            (Scorecard, Report, Monthly) = (Editing.Scorecard, Editing.Report, Editing.Monthly);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        await LoadAsync(user, cancellationToken);
        var unit = Units.FirstOrDefault(u => u.Code == UnitCode?.Trim());
        if (unit is null)
        {
            ModelState.AddModelError(nameof(UnitCode), Lang.T("Chọn một đơn vị trong phạm vi của bạn.", "Choose a unit of your scope."));
        }

        if (!Scorecard && !Report)
        {
            ModelState.AddModelError(nameof(Scorecard), Lang.T("Chọn ít nhất một: bảng chỉ số hoặc báo cáo.", "Choose at least one: the scorecard or the report."));
        }

        Email = Email.Trim();
        if (Email.Length is 0 or > 256 || !MailAddress.TryCreate(Email, out var address) || address.Address != Email)
        {
            ModelState.AddModelError(nameof(Email), Lang.T("Nhập một địa chỉ thư điện tử, ví dụ chutich@hoangkim.gov.vn.", "Enter an e-mail address, e.g. chairman@hoangkim.gov.vn."));
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        // The address is the person's, for all their subscriptions; set here, not through UserManager, so that their sessions stay signed in.
        var tracked = await db.Users.SingleAsync(u => u.Id == user.Id, cancellationToken);
        (tracked.Email, tracked.NormalizedEmail) = (Email, Email.ToUpperInvariant());
        var subscription = await db.ReportSubscriptions.SingleOrDefaultAsync(s => s.UserId == user.Id && s.UnitId == unit!.Id, cancellationToken);
        if (subscription is null)
        {
            subscription = new ReportSubscription { UserId = user.Id, UnitId = unit!.Id, CreatedAt = clock.GetUtcNow().UtcDateTime };
            db.ReportSubscriptions.Add(subscription);
        }

        (subscription.Scorecard, subscription.Report, subscription.Monthly) = (Scorecard, Report, Monthly);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            // The same subscription saved twice at once (a double click): the other one stands.
        }

        // Back to the form holding what was saved, so that what the leader sees is what they get.
        Done = Lang.T($"Đã lưu đăng ký nhận thư về {unit!.Name}.", $"Your subscription to {unit!.Name} is saved.");
        return Redirect($"/subscriptions?unit={Uri.EscapeDataString(unit.Code)}");
    }

    public async Task<IActionResult> OnPostCancelAsync(long id, CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        // Only one's own: another user's id is simply not found.
        var removed = await db.ReportSubscriptions.Where(s => s.Id == id && s.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
        Done = removed > 0 ? Lang.T("Đã hủy đăng ký.", "The subscription is cancelled.") : Lang.T("Không tìm thấy đăng ký.", "No such subscription.");
        return Redirect("/subscriptions");
    }

    private async Task LoadAsync(StaffUser user, CancellationToken cancellationToken)
    {
        Mail = MailSettings.Read(configuration);
        var readable = await DashboardUnits.ReadableAsync(db, StaffScope.Of(User)!, cancellationToken);
        Units = readable.Where(u => u.ValidTo is null).ToList();
        Closed = readable.FirstOrDefault(u => u.Code == UnitCode && u.ValidTo is not null);
        Subscriptions = await db.ReportSubscriptions.AsNoTracking().Where(s => s.UserId == user.Id).OrderBy(s => s.Unit!.Path)
            .Select(s => new SubscriptionRow(s.Id, s.Unit!.Code, s.Unit.Name, s.Scorecard, s.Report, s.Monthly,
                db.SubscriptionMailings.Where(m => m.SubscriptionId == s.Id && m.SentAt != null).Max(m => m.SentAt)))
            .ToListAsync(cancellationToken);
    }
}
