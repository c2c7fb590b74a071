using FriendlyGov.Data.Staff;
using FriendlyGov.Server.Admin;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FriendlyGov.Server.Staff;

/// <summary>/account/password: every signed-in user changes their own password with the current one; their other sessions end.</summary>
public sealed class PasswordModel(UserManager<StaffUser> users, SignInManager<StaffUser> signIn, StaffAccounts accounts) : PageModel
{
    [BindProperty]
    public string CurrentPassword { get; set; } = "";

    [BindProperty]
    public string NewPassword { get; set; } = "";

    [BindProperty]
    public string ConfirmPassword { get; set; } = "";

    [TempData]
    public string? Done { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(CurrentPassword))
        {
            ModelState.AddModelError(nameof(CurrentPassword), Lang.T("Nhập mật khẩu hiện tại.", "Enter your current password."));
        }

        if (NewPassword.Length < 12)
        {
            ModelState.AddModelError(nameof(NewPassword), Lang.T("Mật khẩu mới cần ít nhất 12 ký tự.", "The new password needs at least 12 characters."));
        }
        else if (NewPassword != ConfirmPassword)
        {
            ModelState.AddModelError(nameof(ConfirmPassword), Lang.T("Hai lần nhập mật khẩu mới không khớp.", "The two new passwords differ."));
        }

        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (ModelState.IsValid && await accounts.ChangeOwnPasswordAsync(user, CurrentPassword, NewPassword, cancellationToken) is { } problem)
        {
            ModelState.AddModelError(problem.Vi.StartsWith("Mật khẩu hiện tại", StringComparison.Ordinal) ? nameof(CurrentPassword) : nameof(NewPassword), problem.ToString());
        }

        if (!ModelState.IsValid)
        {
            (CurrentPassword, NewPassword, ConfirmPassword) = ("", "", "");
            return Page();
        }

        // The stamp changed with the password: a new cookie for this session, every other one ends.
        await signIn.SignInAsync(user, isPersistent: false);
        Done = Lang.T("Đã đổi mật khẩu.", "Your password is changed.");
        return Redirect("/account/password");
    }
}
