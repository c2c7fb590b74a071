using System.Globalization;
using FriendlyGov.Domain.Calendar;
using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Domain.Letters;
using FriendlyGov.Domain.Units;

namespace FriendlyGov.Server.Letters;

/// <summary>A paragraph of a letter's body: indented prose, or a plain line (a field of the form); emphasised when it carries the promise.</summary>
public sealed record LetterParagraph(string Text, bool Plain = false, bool Emphasis = false);

/// <summary>
/// A letter as the citizen reads it, in the layout of an administrative document (Decree 30/2020/NĐ-CP):
/// the agency and its number on the left, the national motto and the place and date on the right, the
/// title, "Kính gửi", the body, and the signature block beside "Nơi nhận". One content for the print view
/// and the .docx, so that both say the same words.
/// </summary>
public sealed record LetterDocument(
    IReadOnlyList<string> Agency,
    string NumberLine,
    string PlaceAndDate,
    string Title,
    string Salutation,
    string? AddressLine,
    IReadOnlyList<LetterParagraph> Body,
    string Closing,
    IReadOnlyList<string> SignerTitles,
    string? SignerName,
    IReadOnlyList<string> CopiesTo,
    string? FormReference)
{
    public const string Nation = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
    public const string Motto = "Độc lập - Tự do - Hạnh phúc";

    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    /// <summary>
    /// The letter's words. An apology follows form 04 (Phiếu xin lỗi và hẹn lại ngày trả kết quả) of
    /// Circular 01/2018/TT-VPCP, kept by Circular 03/2025/TT-VPCP from 1 July 2025: the day the dossier
    /// was received and its procedure, its code, the appointment missed, the reason, the apology and the
    /// new appointment. A letter not yet issued is dated <paramref name="today"/>.
    /// </summary>
    public static LetterDocument Of(Letter letter, AdministrativeUnit unit, Dossier? dossier, DateOnly today)
    {
        var date = letter.IssuedAt is { } issued ? VietnamTime.LocalDate(issued) : today;
        var agency = "Ủy ban nhân dân " + char.ToLower(unit.Name[0], Vi) + unit.Name[1..]; // "Ủy ban nhân dân xã Hoằng Kim"
        var body = new List<LetterParagraph>();
        string title;
        var closing = "Trân trọng!";
        var copies = new List<string> { "Như trên;" };
        switch (letter.Kind)
        {
            case LetterKind.LateApology:
                title = "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ";
                body.Add(new($"Ngày {Day(dossier?.ReceivedAt)}, {agency} tiếp nhận hồ sơ của Ông/Bà đề nghị giải quyết thủ tục hành chính: {dossier?.Procedure?.Name ?? "…"}."));
                body.Add(new($"Mã hồ sơ: {dossier?.Code ?? "…"}.", Plain: true));
                body.Add(new($"Thời hẹn trả kết quả giải quyết hồ sơ: {Moment(dossier?.DueAt)}.", Plain: true));
                body.Add(new($"Tuy nhiên đến nay, {agency} chưa trả kết quả giải quyết hồ sơ của Ông/Bà đúng thời hạn ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả."));
                body.Add(new(string.IsNullOrWhiteSpace(letter.Reason) ? "Lý do: …" : $"Lý do: {letter.Reason.Trim().TrimEnd('.')}."));
                body.Add(new($"Sự chậm trễ này đã gây phiền hà, tốn kém thời gian, chi phí đi lại của Ông/Bà. {Capital(agency)} xin lỗi Ông/Bà và sẽ trả kết quả giải quyết hồ sơ cho Ông/Bà vào {Moment(letter.NewAppointmentAt)}.", Emphasis: true));
                body.Add(new("Mong nhận được sự cảm thông của Ông/Bà vì sự chậm trễ này."));
                copies.Add("Bộ phận Một cửa;");
                break;
            case LetterKind.MarriageCongratulation:
                title = "THƯ CHÚC MỪNG";
                body.Add(new($"Nhân dịp Ông/Bà đăng ký kết hôn tại {agency} ngày {Day(dossier?.FinishedAt ?? dossier?.ReceivedAt)} (hồ sơ số {dossier?.Code ?? "…"}), {agency} trân trọng gửi tới Ông/Bà và hai bên gia đình lời chúc mừng tốt đẹp nhất."));
                body.Add(new("Chúc hai bạn trăm năm hạnh phúc, cùng nhau xây dựng gia đình no ấm, bình đẳng, tiến bộ và văn minh."));
                break;
            case LetterKind.BirthCongratulation:
                title = "THƯ CHÚC MỪNG";
                body.Add(new($"{Capital(agency)} vui mừng được biết gia đình Ông/Bà vừa đón thành viên mới và đã đăng ký khai sinh cho cháu ngày {Day(dossier?.FinishedAt ?? dossier?.ReceivedAt)} (hồ sơ số {dossier?.Code ?? "…"})."));
                body.Add(new("Xin gửi tới Ông/Bà và gia đình lời chúc mừng tốt đẹp nhất; chúc cháu bé luôn khỏe mạnh, ngoan ngoãn, lớn lên trong tình yêu thương của gia đình và quê hương."));
                break;
            case LetterKind.DeathCondolence:
                title = "THƯ CHIA BUỒN";
                body.Add(new($"{Capital(agency)} vô cùng thương tiếc nhận được tin buồn gia đình Ông/Bà có người thân qua đời (đăng ký khai tử ngày {Day(dossier?.FinishedAt ?? dossier?.ReceivedAt)}, hồ sơ số {dossier?.Code ?? "…"})."));
                body.Add(new($"{Capital(agency)} xin gửi tới Ông/Bà và toàn thể gia đình lời chia buồn sâu sắc nhất; mong gia đình sớm vượt qua nỗi đau mất mát này."));
                closing = "Thành kính!";
                break;
            default:
                title = "THƯ CẢM ƠN";
                body.Add(new($"{Capital(agency)} trân trọng cảm ơn Ông/Bà đã quan tâm, đóng góp ý kiến và đồng hành cùng chính quyền."));
                body.Add(new("Sự đồng hành của Ông/Bà là động lực để chính quyền ngày càng thân thiện, phục vụ Nhân dân tốt hơn."));
                break;
        }

        if (!string.IsNullOrWhiteSpace(letter.Message))
        {
            body.Add(new(letter.Message.Trim()));
        }

        copies.Add("Lưu: VT.");
        return new LetterDocument(
            ["ỦY BAN NHÂN DÂN", unit.Name.ToUpper(Vi)],
            string.IsNullOrWhiteSpace(letter.Number) ? "Số:        /UBND" : $"Số: {letter.Number.Trim()}",
            $"{Place(unit)}, ngày {date.Day:00} tháng {date.Month:00} năm {date.Year}",
            title,
            $"Kính gửi: Ông/Bà {letter.RecipientName}",
            string.IsNullOrWhiteSpace(letter.RecipientAddress) ? null : $"Địa chỉ: {letter.RecipientAddress.Trim()}",
            body,
            closing,
            ["TM. ỦY BAN NHÂN DÂN", string.IsNullOrWhiteSpace(letter.SignerTitle) ? LetterFields.DefaultSignerTitle : letter.SignerTitle.Trim().ToUpper(Vi)],
            string.IsNullOrWhiteSpace(letter.SignerName) ? null : letter.SignerName.Trim(),
            copies,
            letter.Kind == LetterKind.LateApology ? Letter.FormOn(date) : null);
    }

    /// <summary>Every word of the letter, in reading order (what a test or a search reads).</summary>
    public IEnumerable<string> Lines() =>
        [.. Agency, NumberLine, Nation, Motto, PlaceAndDate, Title, Salutation, .. AddressLine is null ? Array.Empty<string>() : [AddressLine],
            .. Body.Select(p => p.Text), Closing, .. SignerTitles, .. SignerName is null ? Array.Empty<string>() : [SignerName], "Nơi nhận:", .. CopiesTo.Select(c => "- " + c)];

    /// <summary>The place of the date line: the unit's name without its kind ("Xã Hoằng Kim" → "Hoằng Kim").</summary>
    public static string Place(AdministrativeUnit unit)
    {
        foreach (var kind in new[] { "Thành phố ", "Thị trấn ", "Thị xã ", "Phường ", "Huyện ", "Tỉnh ", "Xã ", "Quận " })
        {
            if (unit.Name.StartsWith(kind, StringComparison.OrdinalIgnoreCase) && unit.Name.Length > kind.Length)
            {
                return unit.Name[kind.Length..];
            }
        }

        return unit.Name;
    }

    private static string Day(DateTime? utc) => utc is { } t ? VietnamTime.LocalDate(t).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) : "…";

    /// <summary>"17 giờ 00 phút, ngày 05 tháng 03 năm 2026", as the form writes an appointment.</summary>
    public static string Moment(DateTime? utc)
    {
        if (utc is not { } t)
        {
            return "… giờ … phút, ngày … tháng … năm …";
        }

        var local = VietnamTime.ToLocal(t);
        return $"{local.Hour:00} giờ {local.Minute:00} phút, ngày {local.Day:00} tháng {local.Month:00} năm {local.Year}";
    }

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpper(text[0], Vi) + text[1..];
}
