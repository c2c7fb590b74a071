using FriendlyGov.Data;
using FriendlyGov.Data.Staff;
using FriendlyGov.Server.Admin;
using FriendlyGov.Server.Workspace;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Staff;

public sealed class UserForm
{
    public string? UserName { get; set; }

    public string? FullName { get; set; }

    public string? Role { get; set; }

    public string? UnitCode { get; set; }
}

/// <summary>One user as the lists show them.</summary>
public sealed record UserRow(string UserName, string FullName, string Role, ScopeUnit Unit, DateTime? DisabledAt, DateTimeOffset? LockoutEnd)
{
    public Words State(DateTimeOffset now) => DisabledAt is not null ? new("Đã vô hiệu hóa", "Disabled")
        : LockoutEnd > now ? new("Tạm khóa", "Locked") : new("Đang hoạt động", "Active");
}

/// <summary>
/// /admin/users: the users of the admin's subtree, and a new one (the generated password shown once, on the answer
/// to the form and nowhere else). Only admins manage users and admin is the highest role, so nobody gives a role above
/// their own; nobody gives a unit outside their subtree.
/// </summary>
[Authorize(Roles = StaffRoles.Admin)]
public sealed class UsersModel(FriendlyGovDbContext db, IServiceProvider services, TimeProvider clock) : PageModel
{
    [BindProperty]
    public UserForm Form { get; set; } = new();

    public RecordScope Scope { get; private set; } = null!;

    public IReadOnlyList<UserRow> Users { get; private set; } = [];

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The password of the user just created; only in the answer to the form.</summary>
    public string? CreatedPassword { get; private set; }

    public static Words RoleName(string role) => role switch
    {
        StaffRoles.Admin => new("Quản trị", "Admin"),
        StaffRoles.Officer => new("Công chức", "Officer"),
        StaffRoles.Leader => new("Lãnh đạo", "Leader"),
        _ => new(role, role),
    };

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Scope = await RecordScope.OfAsync(db, User, cancellationToken);
        Form.UnitCode = Scope.Own.Code;
        Users = await ListAsync(db, Scope, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Scope = await RecordScope.OfAsync(db, User, cancellationToken);
        var name = Form.UserName?.Trim() ?? "";
        if (name.Length is < 3 or > 64 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')))
        {
            ModelState.AddModelError("Form.UserName", Lang.T("Tên đăng nhập 3–64 ký tự: chữ không dấu, chữ số, dấu chấm, gạch dưới, gạch nối.", "A user name of 3–64 characters: letters without accents, digits, dot, underscore, hyphen."));
        }

        var unit = CheckRoleAndUnit(this, Scope, Form.Role, Form.UnitCode);
        if (!ModelState.IsValid)
        {
            Users = await ListAsync(db, Scope, cancellationToken);
            return Page();
        }

        var password = UsersCommand.NewPassword();
        var fullName = string.IsNullOrWhiteSpace(Form.FullName) ? name : Form.FullName.Trim();
        if (await UsersCommand.CreateAsync(services, new StaffAccount(name, fullName, Form.Role!, unit!.Code), password, cancellationToken, Scope.UserName) is { } problem)
        {
            ModelState.AddModelError("Form.UserName", problem.Contains("already taken", StringComparison.Ordinal)
                ? Lang.T($"Tên đăng nhập {name} đã có người dùng.", $"The user name {name} is taken.") : problem);
            Users = await ListAsync(db, Scope, cancellationToken);
            return Page();
        }

        CreatedPassword = password;
        Form = new UserForm { UserName = name, UnitCode = unit.Code };
        Users = await ListAsync(db, Scope, cancellationToken);
        return Page();
    }

    /// <summary>Checks a role and unit an admin gives a user; the unit, or null with the reasons beside the fields.</summary>
    public static ScopeUnit? CheckRoleAndUnit(PageModel page, RecordScope scope, string? role, string? unitCode)
    {
        // Only admins manage users, and admin is the highest role: the subtree is the limit that bites.
        if (role is null || !StaffRoles.All.Contains(role))
        {
            page.ModelState.AddModelError("Form.Role", Lang.T("Chọn vai trò.", "Choose the role."));
        }

        var unit = scope.Find(unitCode);
        if (unit is null)
        {
            page.ModelState.AddModelError("Form.UnitCode", string.IsNullOrWhiteSpace(unitCode)
                ? Lang.T("Chọn đơn vị.", "Choose the unit.")
                : Lang.T($"Không có đơn vị mã {unitCode.Trim()} trong phạm vi của bạn.", $"No unit with the code {unitCode.Trim()} is within your scope."));
        }

        return unit;
    }

    public static async Task<List<UserRow>> ListAsync(FriendlyGovDbContext db, RecordScope scope, CancellationToken cancellationToken, string? userName = null)
    {
        var ids = scope.UnitIds.ToList();
        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.UnitId) && (userName == null || u.UserName == userName))
            .OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        var userIds = users.Select(u => u.Id).ToList();
        var roles = (await db.UserRoles.Where(r => userIds.Contains(r.UserId)).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken)).ToLookup(r => r.UserId, r => r.Name ?? "");
        return [.. users.Select(u => new UserRow(u.UserName!, u.FullName, roles[u.Id].FirstOrDefault() ?? "", scope.Find(u.UnitId)!, u.DisabledAt, u.LockoutEnd))];
    }
}
