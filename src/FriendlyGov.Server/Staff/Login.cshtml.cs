using FriendlyGov.Data.Staff;
using FriendlyGov.Server.Admin;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FriendlyGov.Server.Staff;

public sealed class LoginModel(SignInManager<StaffUser> signIn) : PageModel
{
    [BindProperty]
    public string UserName { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(UserName))
        {
            ModelState.AddModelError(nameof(UserName), Lang.T("Nhập tên đăng nhập.", "Enter your user name."));
        }

        if (string.IsNullOrEmpty(Password))
        {
            ModelState.AddModelError(nameof(Password), Lang.T("Nhập mật khẩu.", "Enter your password."));
        }

        if (ModelState.ErrorCount > 0)
        {
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(UserName.Trim(), Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }

        // The same words for an unknown user and a wrong password: the form must not tell which names exist.
        ModelState.AddModelError(nameof(Password), result.IsLockedOut
            ? Lang.T("Tài khoản tạm khóa sau nhiều lần đăng nhập sai. Thử lại sau 15 phút.", "The account is locked after too many failed attempts. Try again in 15 minutes.")
            : Lang.T("Tên đăng nhập hoặc mật khẩu không đúng.", "The user name or password is wrong."));
        Password = "";
        return Page();
    }
}
