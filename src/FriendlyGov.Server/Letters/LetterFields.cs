using FriendlyGov.Domain.Letters;
using FriendlyGov.Server.Workspace;

namespace FriendlyGov.Server.Letters;

/// <summary>The letter register's fields (sổ theo dõi thư), named as the domain's rules and the audit name them.</summary>
public static class LetterFields
{
    public const string RecordType = "letter";

    /// <summary>A commune's letters are signed for the people's committee by its chairman unless the officer writes otherwise.</summary>
    public const string DefaultSignerTitle = "CHỦ TỊCH";

    public static readonly IReadOnlyDictionary<string, Words> Labels = new Dictionary<string, Words>
    {
        ["unit_code"] = new("Đơn vị", "Unit"),
        ["kind"] = new("Loại thư", "Kind"),
        ["state"] = new("Trạng thái", "State"),
        ["dossier_code"] = new("Mã hồ sơ", "Dossier code"),
        ["recipient_name"] = new("Người nhận", "Recipient"),
        ["recipient_address"] = new("Địa chỉ người nhận", "Recipient's address"),
        ["number"] = new("Số văn bản", "Number"),
        ["reason"] = new("Lý do trễ hạn", "Reason for the delay"),
        ["new_appointment_time"] = new("Hẹn lại ngày trả kết quả", "New appointment"),
        ["new_appointment_at"] = new("Hẹn lại ngày trả kết quả", "New appointment"),
        ["message"] = new("Lời nhắn thêm", "Additional words"),
        ["signer_title"] = new("Chức danh người ký", "Signer's title"),
        ["signer_name"] = new("Họ tên người ký", "Signer's name"),
        ["proposed_time"] = new("Ngày đề xuất", "Proposed on"),
        ["proposed_at"] = new("Ngày đề xuất", "Proposed on"),
        ["proposed_by"] = new("Người đề xuất", "Proposed by"),
        ["issued_time"] = new("Ngày phát hành", "Issued on"),
        ["issued_at"] = new("Ngày phát hành", "Issued on"),
        ["issued_by"] = new("Người phát hành", "Issued by"),
        ["delivery"] = new("Cách gửi", "Delivery"),
        ["printed_time"] = new("Ngày in", "Printed on"),
        ["printed_at"] = new("Ngày in", "Printed on"),
        ["dismissed_reason"] = new("Lý do không gửi", "Why it is not sent"),
    };

    public static Words? Label(string field) => Labels.TryGetValue(field, out var words) ? words : null;

    /// <summary>Who proposed a letter, for the reader: the proposal job or a user.</summary>
    public static string Proposer(string? proposedBy) =>
        proposedBy == Letter.SystemProposer ? Admin.Lang.T("Hệ thống (từ sự kiện hồ sơ)", "The system (from dossier events)") : proposedBy ?? "—";
}
