using FriendlyGov.Data;
using FriendlyGov.Data.Staff;
using FriendlyGov.Domain.Audit;
using FriendlyGov.Server.Workspace;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Staff;

/// <summary>
/// The changes to a user's account, as the `users` command and /admin/users make them: each in one
/// transaction with its audit entry ("staff_user", the user's name in the changes). A change of role,
/// unit or state renews the security stamp, so the user's existing cookie stops working at the next request.
/// The last enabled admin of a root unit can be neither disabled nor demoted nor moved: the installation
/// would have nobody left to manage it.
/// </summary>
public sealed class StaffAccounts(FriendlyGovDbContext db, UserManager<StaffUser> users, RoleManager<IdentityRole> roles, TimeProvider clock)
{
    public const string AuditRecordType = "staff_user";

    public async Task<StaffUser?> FindAsync(string name) => await users.FindByNameAsync(name.Trim());

    public async Task<string> RoleOfAsync(StaffUser user) => (await users.GetRolesAsync(user)).FirstOrDefault() ?? "";

    public async Task<Words?> DisableAsync(StaffUser user, string by, CancellationToken cancellationToken)
    {
        if (user.DisabledAt is not null)
        {
            return null;
        }

        if (await IsLastRootAdminAsync(user, cancellationToken))
        {
            return LastRootAdmin;
        }

        user.DisabledAt = clock.GetUtcNow().UtcDateTime;
        return await ChangeAsync(user, by, [new() { Field = "disabled", Old = "false", New = "true" }], cancellationToken);
    }

    public async Task<Words?> EnableAsync(StaffUser user, string by, CancellationToken cancellationToken)
    {
        if (user.DisabledAt is null)
        {
            return null;
        }

        user.DisabledAt = null;
        return await ChangeAsync(user, by, [new() { Field = "disabled", Old = "true", New = "false" }], cancellationToken);
    }

    /// <summary>Gives the user this role and unit (the unit already checked by the caller against their own subtree).</summary>
    public async Task<Words?> SetRoleAsync(StaffUser user, string role, int unitId, string unitCode, string by, CancellationToken cancellationToken)
    {
        if (!StaffRoles.All.Contains(role))
        {
            return new Words($"Vai trò phải là một trong {string.Join(", ", StaffRoles.All)}.", $"The role must be one of {string.Join(", ", StaffRoles.All)}, not '{role}'.");
        }

        var current = await RoleOfAsync(user);
        var oldUnit = await db.Units.AsNoTracking().Where(u => u.Id == user.UnitId).Select(u => u.Code).SingleAsync(cancellationToken);
        if (current == role && user.UnitId == unitId)
        {
            return null;
        }

        if (current == StaffRoles.Admin && await IsLastRootAdminAsync(user, cancellationToken))
        {
            return LastRootAdmin;
        }

        await EnsureRoleAsync(role);
        var changes = new List<AuditChange>();
        if (current != role)
        {
            changes.Add(new() { Field = "role", Old = current, New = role });
        }

        if (user.UnitId != unitId)
        {
            changes.Add(new() { Field = "unit_code", Old = oldUnit, New = unitCode });
            user.UnitId = unitId;
        }

        return await ChangeAsync(user, by, changes, cancellationToken, async () =>
        {
            if (current != role)
            {
                var removed = current.Length > 0 ? await users.RemoveFromRoleAsync(user, current) : IdentityResult.Success;
                return removed.Succeeded ? await users.AddToRoleAsync(user, role) : removed;
            }

            return IdentityResult.Success;
        });
    }

    /// <summary>A new generated password (the old one stops working) and the lockout lifted; the password is returned to be shown once.</summary>
    public async Task<(string? Password, Words? Problem)> ResetPasswordAsync(StaffUser user, string by, CancellationToken cancellationToken)
    {
        var password = UsersCommand.NewPassword();
        var problem = await ChangeAsync(user, by, [new() { Field = "password", New = "reset" }], cancellationToken, async () =>
        {
            var removed = await users.RemovePasswordAsync(user);
            var added = removed.Succeeded ? await users.AddPasswordAsync(user, password) : removed;
            if (added.Succeeded)
            {
                await users.SetLockoutEndDateAsync(user, null);
                await users.ResetAccessFailedCountAsync(user);
            }

            return added;
        });
        return problem is null ? (password, null) : (null, problem);
    }

    /// <summary>Lifts the lockout after failed sign-ins (not a disabling: that only an enable lifts).</summary>
    public Task<Words?> UnlockAsync(StaffUser user, string by, CancellationToken cancellationToken) =>
        ChangeAsync(user, by, [new() { Field = "locked_until", Old = user.LockoutEnd?.UtcDateTime.ToString("O"), New = null }], cancellationToken, async () =>
        {
            var unlocked = await users.SetLockoutEndDateAsync(user, null);
            return unlocked.Succeeded ? await users.ResetAccessFailedCountAsync(user) : unlocked;
        });

    /// <summary>The user's own password change, with the current password; the other sessions of the user end.</summary>
    public async Task<Words?> ChangeOwnPasswordAsync(StaffUser user, string currentPassword, string newPassword, CancellationToken cancellationToken) =>
        await ChangeAsync(user, user.UserName!, [new() { Field = "password", New = "changed" }], cancellationToken,
            () => users.ChangePasswordAsync(user, currentPassword, newPassword));

    public async Task EnsureRoleAsync(string role)
    {
        if (!await roles.RoleExistsAsync(role))
        {
            await roles.CreateAsync(new IdentityRole(role));
        }
    }

    /// <summary>Adds the audit entry of a change to a user; saved with the change.</summary>
    public void Audit(StaffUser user, AuditAction action, string by, List<AuditChange> changes)
    {
        changes.Insert(0, new AuditChange { Field = "user_name", Old = action == AuditAction.Created ? null : user.UserName, New = user.UserName });
        AuditTrail.Add(db, AuditRecordType, 0, user.UnitId, action, by, clock, changes);
    }

    private static Words LastRootAdmin => new(
        "Đây là quản trị viên cuối cùng của đơn vị cấp cao nhất: không thể vô hiệu hóa, đổi vai trò hay chuyển đơn vị.",
        "This is the last admin of the root unit: it cannot be disabled, given another role or moved.");

    /// <summary>Whether the user is an enabled admin of a unit without a parent and no other enabled admin of that unit remains.</summary>
    private async Task<bool> IsLastRootAdminAsync(StaffUser user, CancellationToken cancellationToken)
    {
        var isRoot = await db.Units.AnyAsync(u => u.Id == user.UnitId && u.ParentId == null, cancellationToken);
        if (!isRoot || await RoleOfAsync(user) != StaffRoles.Admin)
        {
            return false;
        }

        var admins = await users.GetUsersInRoleAsync(StaffRoles.Admin);
        return !admins.Any(a => a.Id != user.Id && a.UnitId == user.UnitId && a.DisabledAt is null);
    }

    private async Task<Words?> ChangeAsync(StaffUser user, string by, List<AuditChange> changes, CancellationToken cancellationToken, Func<Task<IdentityResult>>? identityChange = null)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = identityChange is null ? IdentityResult.Success : await identityChange();
        if (result.Succeeded)
        {
            // Renews the stamp and saves the user (the cookie of every session of theirs is refused from now on).
            result = await users.UpdateSecurityStampAsync(user);
        }

        if (!result.Succeeded)
        {
            var text = string.Join(" ", result.Errors.Select(e => e.Description));
            return new Words(PasswordRuleText(result) ?? text, text);
        }

        Audit(user, AuditAction.Changed, by, changes);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    private static string? PasswordRuleText(IdentityResult result) => result.Errors.Select(e => e.Code).FirstOrDefault() switch
    {
        "PasswordMismatch" => "Mật khẩu hiện tại không đúng.",
        "PasswordTooShort" => "Mật khẩu cần ít nhất 12 ký tự.",
        "PasswordRequiresNonAlphanumeric" or "PasswordRequiresDigit" or "PasswordRequiresLower" or "PasswordRequiresUpper" or "PasswordRequiresUniqueChars"
            => "Mật khẩu cần có chữ thường, chữ hoa, chữ số và ký tự đặc biệt.",
        _ => null,
    };
}
