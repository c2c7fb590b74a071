using System.Globalization;
using System.Security.Cryptography;
using FriendlyGov.Data.Staff;
using FriendlyGov.Server.Admin;
using FriendlyGov.Server.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SignInResult = Microsoft.AspNetCore.Identity.SignInResult;

namespace FriendlyGov.Server.Staff;

public sealed class LoginModel(SignInManager<StaffUser> signIn, LoginAttempts attempts) : PageModel
{
    // A hash of a random password, checked for a name nobody has: that takes as long as a wrong password.
    private static readonly StaffUser Nobody = new();
    private static string? _nobodysHash;

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

        if (attempts.Take(RateLimits.AddressOf(HttpContext)) is { } wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            ModelState.AddModelError("", Lang.T($"Quá nhiều lần đăng nhập từ địa chỉ này. Vui lòng thử lại sau {seconds} giây.", $"Too many sign-in attempts from this address. Try again in {seconds} seconds."));
            Password = "";
            return Page();
        }

        var user = await signIn.UserManager.FindByNameAsync(UserName.Trim());
        SignInResult result;
        if (user is null)
        {
            // The same work as for a wrong password, or the answer's time would tell which names exist.
            var hasher = signIn.UserManager.PasswordHasher;
            _nobodysHash ??= hasher.HashPassword(Nobody, RandomNumberGenerator.GetHexString(32));
            hasher.VerifyHashedPassword(Nobody, _nobodysHash, Password);
            result = SignInResult.Failed;
        }
        else
        {
            result = await signIn.PasswordSignInAsync(user, Password, isPersistent: false, lockoutOnFailure: true);
        }

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
