using FriendlyGov.Server.Admin;
using MailKit.Security;
using MimeKit;

namespace FriendlyGov.Server.Subscriptions;

/// <summary>
/// The SMTP server that mails the subscriptions (section "Mail"): Host, Port (587), User, Password, From,
/// Tls (StartTls; None, SslOnConnect, Auto) and PublicBaseUrl, the address leaders open the dashboard at
/// (the mail links there). Mail is off — nothing sent, nothing marked sent — until Host, From and
/// PublicBaseUrl are set and valid; <see cref="Problem"/> says what is missing.
/// </summary>
public sealed record MailSettings(string Host, int Port, string? User, string? Password, MailboxAddress? From, SecureSocketOptions Tls, Uri? PublicBaseUrl, string? Problem)
{
    public bool On => Problem is null;

    public static MailSettings Read(IConfiguration configuration)
    {
        var section = configuration.GetSection("Mail");
        var host = section["Host"]?.Trim() ?? "";
        var port = section.GetValue("Port", 587);
        var from = MailboxAddress.TryParse(section["From"] ?? "", out var address) ? address : null;
        var tls = Enum.TryParse<SecureSocketOptions>(section["Tls"] ?? nameof(SecureSocketOptions.StartTls), ignoreCase: true, out var mode)
            && mode != SecureSocketOptions.StartTlsWhenAvailable ? mode : (SecureSocketOptions?)null;
        var baseUrl = Uri.TryCreate(section["PublicBaseUrl"]?.TrimEnd('/'), UriKind.Absolute, out var url) && url.Scheme is "https" or "http" ? url : null;
        var problem = host.Length == 0 ? Lang.T("chưa đặt Mail:Host (máy chủ SMTP)", "Mail:Host (the SMTP server) is not set")
            : port is < 1 or > 65535 ? Lang.T("Mail:Port phải từ 1 đến 65535", "Mail:Port must be 1 to 65535")
            : from is null ? Lang.T("chưa đặt Mail:From (địa chỉ gửi) hoặc địa chỉ không hợp lệ", "Mail:From (the sender) is not set or not an address")
            : tls is null ? Lang.T("Mail:Tls phải là None, StartTls, SslOnConnect hoặc Auto", "Mail:Tls must be None, StartTls, SslOnConnect or Auto")
            : baseUrl is null ? Lang.T("chưa đặt Mail:PublicBaseUrl (địa chỉ trang quản trị, để thư dẫn về bảng chỉ số)", "Mail:PublicBaseUrl (the admin's address, for the mail's link to the dashboard) is not set")
            : null;
        return new MailSettings(host, port, NullIfEmpty(section["User"]), NullIfEmpty(section["Password"]), from, tls ?? SecureSocketOptions.StartTls, baseUrl, problem);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
