using FriendlyGov.Data;
using FriendlyGov.Data.Staff;
using FriendlyGov.Domain.Audit;
using FriendlyGov.Server.Admin;
using FriendlyGov.Server.Workspace;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Staff;

/// <summary>
/// /admin/users/{name}: one user of the admin's subtree (anyone else: 404) — change the role or unit, disable or
/// enable, reset the password (the new one shown once), unlock — and the audit of the account.
/// </summary>
[Authorize(Roles = StaffRoles.Admin)]
public sealed class UserDetailModel(FriendlyGovDbContext db, StaffAccounts accounts, TimeProvider clock) : PageModel
{
    [BindProperty]
    public UserForm Form { get; set; } = new();

    public RecordScope Scope { get; private set; } = null!;

    public UserRow Row { get; private set; } = null!;

    public DateTimeOffset Now => clock.GetUtcNow();

    public string? NewPassword { get; private set; }

    [TempData]
    public string? Done { get; set; }

    public string? Problem { get; private set; }

    public IReadOnlyList<AuditEntry> History { get; private set; } = [];

    /// <summary>One change of the account's history as an admin reads it: "Vai trò: Công chức → Lãnh đạo".</summary>
    public static string Describe(AuditChange change)
    {
        string Value(string? value) => value is null ? "—" : change.Field switch
        {
            "role" => UsersModel.RoleName(value).ToString(),
            "disabled" => value == "true" ? Lang.T("vô hiệu hóa", "disabled") : Lang.T("đang hoạt động", "active"),
            "password" => value == "reset" ? Lang.T("đặt lại", "reset") : Lang.T("tự đổi", "changed by the user"),
            "locked_until" => Lang.T("bị khóa", "locked"),
            _ => value,
        };

        var label = change.Field switch
        {
            "role" => new Words("Vai trò", "Role"),
            "unit_code" => new Words("Đơn vị", "Unit"),
            "disabled" => new Words("Trạng thái", "State"),
            "password" => new Words("Mật khẩu", "Password"),
            "locked_until" => new Words("Khóa đăng nhập", "Sign-in lock"),
            _ => new Words(change.Field, change.Field),
        };
        return change.Field == "locked_until" && change.New is null
            ? $"{label}: {Lang.T("đã mở khóa", "unlocked")}"
            : $"{label}: {Value(change.Old)} → {Value(change.New)}";
    }

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken cancellationToken) =>
        await LoadAsync(name, cancellationToken) is null ? NotFound() : Page();

    public async Task<IActionResult> OnPostRoleAsync(string name, CancellationToken cancellationToken)
    {
        if (await LoadAsync(name, cancellationToken) is not { } user)
        {
            return NotFound();
        }

        var unit = UsersModel.CheckRoleAndUnit(this, Scope, Form.Role, Form.UnitCode);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        return await DoneAsync(name, await accounts.SetRoleAsync(user, Form.Role!, unit!.Id, unit.Code, Scope.UserName, cancellationToken),
            new("Đã đổi vai trò và đơn vị; người dùng đăng nhập lại để dùng.", "Role and unit changed; the user signs in again to use them."), cancellationToken);
    }

    public async Task<IActionResult> OnPostDisableAsync(string name, CancellationToken cancellationToken)
    {
        if (await LoadAsync(name, cancellationToken) is not { } user)
        {
            return NotFound();
        }

        Words? problem = user.UserName == Scope.UserName
            ? new("Bạn không thể tự vô hiệu hóa tài khoản của mình.", "You cannot disable your own account.")
            : await accounts.DisableAsync(user, Scope.UserName, cancellationToken);
        return await DoneAsync(name, problem, new("Đã vô hiệu hóa: người dùng không đăng nhập được nữa, phiên đang mở kết thúc ngay.", "Disabled: the user can no longer sign in, and open sessions end now."), cancellationToken);
    }

    public async Task<IActionResult> OnPostEnableAsync(string name, CancellationToken cancellationToken) =>
        await LoadAsync(name, cancellationToken) is not { } user ? NotFound()
            : await DoneAsync(name, await accounts.EnableAsync(user, Scope.UserName, cancellationToken), new("Đã cho phép đăng nhập lại.", "Enabled again."), cancellationToken);

    public async Task<IActionResult> OnPostUnlockAsync(string name, CancellationToken cancellationToken) =>
        await LoadAsync(name, cancellationToken) is not { } user ? NotFound()
            : await DoneAsync(name, await accounts.UnlockAsync(user, Scope.UserName, cancellationToken), new("Đã mở khóa.", "Unlocked."), cancellationToken);

    public async Task<IActionResult> OnPostResetAsync(string name, CancellationToken cancellationToken)
    {
        if (await LoadAsync(name, cancellationToken) is not { } user)
        {
            return NotFound();
        }

        var (password, problem) = await accounts.ResetPasswordAsync(user, Scope.UserName, cancellationToken);
        if (problem is not null)
        {
            Problem = problem.ToString();
        }

        // The password is shown in this answer only: never in a redirect, a cookie or a log.
        NewPassword = password;
        await LoadAsync(name, cancellationToken);
        return Page();
    }

    private async Task<IActionResult> DoneAsync(string name, Words? problem, Words done, CancellationToken cancellationToken)
    {
        if (problem is not null)
        {
            Problem = problem.ToString();
            await LoadAsync(name, cancellationToken);
            return Page();
        }

        Done = done.ToString();
        return Redirect($"/admin/users/{Uri.EscapeDataString(name)}");
    }

    /// <summary>The user when they belong to the admin's subtree; null otherwise (404, as if they did not exist).</summary>
    private async Task<StaffUser?> LoadAsync(string name, CancellationToken cancellationToken)
    {
        Scope = await RecordScope.OfAsync(db, User, cancellationToken);
        var user = await accounts.FindAsync(name);
        if (user is null || !Scope.Sees(user.UnitId))
        {
            return null;
        }

        Row = (await UsersModel.ListAsync(db, Scope, cancellationToken, user.UserName)).Single();
        ViewData["Role"] = Row.Role;
        ViewData["UnitCode"] = Row.Unit.Code;
        // The entries of the units the user belonged to that the admin sees; the user's own picked from them (few per unit).
        var units = Scope.UnitIds.ToList();
        History = [.. (await db.AuditEntries.AsNoTracking().Where(a => a.RecordType == StaffAccounts.AuditRecordType && units.Contains(a.UnitId)).ToListAsync(cancellationToken))
            .Where(a => a.Changes.Any(c => c.Field == "user_name" && c.New == user.UserName))
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(50)];
        return user;
    }
}
