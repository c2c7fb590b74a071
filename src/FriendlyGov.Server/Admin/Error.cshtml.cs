using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FriendlyGov.Server.Admin;

/// <summary>
/// The page of an error answered without a body (404 of a unit outside the user's scope, 400 of a
/// refused form, …), in the layout and the reader's language, with a way back. The status stays the original.
/// </summary>
public sealed class ErrorModel : PageModel
{
    public int Code { get; private set; }

    /// <summary>The page that failed, when it was a page a link can lead back to (a GET of this site).</summary>
    public string? Original { get; private set; }

    public void OnGet(int code)
    {
        Code = code;
        Response.StatusCode = code is >= 400 and <= 599 ? code : StatusCodes.Status404NotFound;
        var original = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
        Original = original is null ? null : original.OriginalPathBase + original.OriginalPath;
    }

    public (string Title, string Text) Message => Code switch
    {
        404 => (Lang.T("Không tìm thấy trang", "Page not found"),
            Lang.T("Trang hoặc đơn vị bạn tìm không có, hoặc nằm ngoài phạm vi đơn vị của bạn.", "The page or unit you asked for does not exist, or lies outside your unit's scope.")),
        403 => (Lang.T("Không có quyền", "Not allowed"),
            Lang.T("Tài khoản của bạn không được mở trang này.", "Your account may not open this page.")),
        400 => (Lang.T("Yêu cầu không hợp lệ", "Bad request"),
            Lang.T("Máy chủ không hiểu yêu cầu (địa chỉ hoặc biểu mẫu sai, hay phiên làm việc đã hết hạn). Hãy mở lại trang và thử lại.",
                "The server could not understand the request (a wrong address or form, or an expired session). Open the page again and retry.")),
        _ => (Lang.T($"Lỗi {Code}", $"Error {Code}"),
            Lang.T("Máy chủ không trả lời được yêu cầu này. Vui lòng thử lại sau.", "The server could not answer this request. Please try again later.")),
    };
}
