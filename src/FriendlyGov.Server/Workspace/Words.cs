using System.Globalization;
using System.Text.RegularExpressions;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Domain.Letters;
using FriendlyGov.Domain.Petitions;
using FriendlyGov.Domain.Receptions;
using FriendlyGov.Domain.Surveys;
using FriendlyGov.Server.Admin;

namespace FriendlyGov.Server.Workspace;

/// <summary>A text in both languages, for what is written now and read later in either (import reports, audit lists).</summary>
public readonly record struct Words(string Vi, string En)
{
    public override string ToString() => Lang.T(Vi, En);
}

/// <summary>The names of the values of the hand-kept records' choices, in both languages.</summary>
public static partial class EnumText
{
    private static readonly Dictionary<Enum, Words> Names = new()
    {
        [HostRole.PartySecretary] = new("Bí thư Đảng ủy", "Party secretary"),
        [HostRole.Chairman] = new("Chủ tịch UBND", "Chairman"),
        [HostRole.ViceChairman] = new("Phó Chủ tịch UBND", "Vice-chairman"),
        [HostRole.Official] = new("Công chức", "Official"),
        [MatterHandling.AnsweredOnTheSpot] = new("Trả lời, hướng dẫn trực tiếp", "Answered on the spot"),
        [MatterHandling.AcceptedForResolution] = new("Tiếp nhận đơn để giải quyết", "Accepted for resolution"),
        [MatterHandling.ForwardedToCompetentLevel] = new("Chuyển cơ quan có thẩm quyền", "Forwarded to the competent agency"),
        [MatterHandling.Declined] = new("Từ chối tiếp", "Declined"),
        [PetitionKind.Complaint] = new("Khiếu nại", "Complaint"),
        [PetitionKind.Denunciation] = new("Tố cáo", "Denunciation"),
        [PetitionKind.Recommendation] = new("Kiến nghị", "Recommendation"),
        [PetitionKind.Reflection] = new("Phản ánh", "Reflection"),
        [Jurisdiction.Own] = new("Thuộc thẩm quyền", "Own competence"),
        [Jurisdiction.Forwarded] = new("Chuyển cấp có thẩm quyền", "Forwarded"),
        [PetitionStatus.Received] = new("Đã tiếp nhận", "Received"),
        [PetitionStatus.Assigned] = new("Đã thụ lý, đang giải quyết", "Assigned"),
        [PetitionStatus.Resolved] = new("Đã giải quyết", "Resolved"),
        [PetitionStatus.Forwarded] = new("Đã chuyển cấp có thẩm quyền", "Forwarded"),
        [PetitionStatus.Withdrawn] = new("Rút đơn", "Withdrawn"),
        [PetitionComplexity.Normal] = new("Thông thường", "Normal"),
        [PetitionComplexity.Complex] = new("Phức tạp", "Complex"),
        [PetitionComplexity.ParticularlyComplex] = new("Đặc biệt phức tạp", "Particularly complex"),
        [Domain.Indicators.TargetDirection.AtLeast] = new("≥ (ít nhất)", "≥ (at least)"),
        [Domain.Indicators.TargetDirection.AtMost] = new("≤ (nhiều nhất)", "≤ (at most)"),
        [LetterKind.MarriageCongratulation] = new("Chúc mừng đăng ký kết hôn", "Marriage congratulation"),
        [LetterKind.BirthCongratulation] = new("Chúc mừng đăng ký khai sinh", "Birth congratulation"),
        [LetterKind.DeathCondolence] = new("Chia buồn", "Condolence"),
        [LetterKind.LateApology] = new("Xin lỗi trễ hẹn", "Apology for a late dossier"),
        [LetterKind.Thanks] = new("Cảm ơn", "Thanks"),
        [LetterState.Proposed] = new("Chờ phát hành", "Awaiting issue"),
        [LetterState.Issued] = new("Đã phát hành", "Issued"),
        [LetterState.Dismissed] = new("Không gửi", "Not sent"),
        [LetterDelivery.Printed] = new("In, trao tận tay", "Printed, handed over"),
        [LetterDelivery.Sent] = new("Gửi bưu chính, thư điện tử, tin nhắn", "Sent by post, e-mail or message"),
        [DossierStatus.Received] = new("Mới tiếp nhận", "Received"),
        [DossierStatus.InProgress] = new("Đang giải quyết", "In progress"),
        [DossierStatus.SupplementRequested] = new("Chờ bổ sung", "Awaiting a supplement"),
        [DossierStatus.Refused] = new("Từ chối", "Refused"),
        [DossierStatus.Stopped] = new("Dừng xử lý", "Stopped"),
        [DossierStatus.Finished] = new("Đã có kết quả", "Finished"),
        [DossierStatus.Returned] = new("Đã trả kết quả", "Returned"),
        [DossierStatus.Withdrawn] = new("Công dân rút hồ sơ", "Withdrawn"),
        [DossierChannel.Counter] = new("Trực tiếp tại Bộ phận Một cửa", "At the counter"),
        [DossierChannel.Online] = new("Trực tuyến", "Online"),
        [DossierChannel.PublicPostal] = new("Bưu chính công ích", "Public postal service"),
        [OnlineLevel.NotOnline] = new("Không trực tuyến", "Not online"),
        [OnlineLevel.PartlyOnline] = new("Trực tuyến một phần", "Partly online"),
        [OnlineLevel.FullyOnline] = new("Trực tuyến toàn trình", "Fully online"),
        [SurveyChannel.Paper] = new("Phiếu giấy", "Paper form"),
        [SurveyChannel.Kiosk] = new("Máy đánh giá tại quầy", "Kiosk"),
        [SurveyChannel.Online] = new("Trực tuyến", "Online"),
        [SurveyChannel.Sms] = new("Tin nhắn", "SMS"),
        [Surveys.PaperAnswer.Satisfied] = new("Hài lòng", "Satisfied"),
        [Surveys.PaperAnswer.Dissatisfied] = new("Không hài lòng", "Not satisfied"),
    };

    private static readonly Dictionary<string, Enum> ByInvariant = Names.Keys.ToDictionary(k => Invariant(k)!, StringComparer.Ordinal);

    public static Words Of(Enum value) => Names.TryGetValue(value, out var words) ? words : new(value.ToString(), value.ToString());

    /// <summary>The defined values of an enum, without Unspecified, for a select or an import column.</summary>
    public static IReadOnlyList<TEnum> Values<TEnum>()
        where TEnum : struct, Enum => Enum.GetValues<TEnum>().Where(v => Convert.ToInt32(v, CultureInfo.InvariantCulture) != 0).ToList();

    /// <summary>A value as stored in audit entries and import reports: culture-free text.</summary>
    public static string? Invariant(object? value) => value switch
    {
        null => null,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        Enum e => $"{e.GetType().Name}.{e}",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>A stored value for the reader: dd/MM/yyyy dates, yes/no, the names of choices.</summary>
    public static string Display(string? invariant)
    {
        if (invariant is null)
        {
            return "—";
        }

        if (IsoDate().IsMatch(invariant) && DateOnly.TryParseExact(invariant, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        }

        return invariant switch
        {
            "true" => Lang.T("Có", "Yes"),
            "false" => Lang.T("Không", "No"),
            _ when ByInvariant.TryGetValue(invariant, out var value) => Of(value).ToString(),
            _ => invariant,
        };
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex IsoDate();
}

/// <summary>The domain's rule messages (English, as gRPC returns them) in Vietnamese and English for the admin.</summary>
public static partial class FieldMessages
{
    public static Words Translate(FieldError error, Func<string, Words?> labelOf)
    {
        var m = error.Message;
        if (MaxLength().Match(m) is { Success: true } max)
        {
            return new($"Tối đa {max.Groups[1].Value} ký tự.", $"At most {max.Groups[1].Value} characters.");
        }

        if (NotBefore().Match(m) is { Success: true } before)
        {
            var other = labelOf(before.Groups[1].Value) ?? new(before.Groups[1].Value, before.Groups[1].Value);
            return new($"Không được trước «{other.Vi}».", $"Must not be before “{other.En}”.");
        }

        return m switch
        {
            "is required" when error.Field == "unit_code" => new("Chọn đơn vị.", "Choose the unit."),
            "is required" => new("Bắt buộc nhập.", "Required."),
            "must be set" => new("Chọn đơn vị.", "Choose the unit."),
            "must not be negative" => new("Không được là số âm.", "Must not be negative."),
            "must be one of the defined values" => new("Chọn một giá trị trong danh sách.", "Choose one of the values in the list."),
            "is required when assigned" => new("Bắt buộc khi đơn đã thụ lý, giao giải quyết.", "Required once the petition is assigned."),
            "is required when resolved" => new("Bắt buộc khi đơn đã giải quyết.", "Required once the petition is resolved."),
            "is set only when resolved" => new("Chỉ nhập khi đơn đã giải quyết.", "Only for a resolved petition."),
            "is required when forwarded" => new("Bắt buộc khi đơn chuyển cấp có thẩm quyền.", "Required when the petition is forwarded."),
            "is set only when forwarded" => new("Chỉ nhập khi đơn chuyển cấp có thẩm quyền.", "Only for a forwarded petition."),
            "must be forwarded when the status is forwarded" => new("Đơn đã chuyển thì thẩm quyền phải là «Chuyển cấp có thẩm quyền».", "A forwarded petition must have the jurisdiction “Forwarded”."),
            "particularly complex applies to denunciations only" => new("Chỉ đơn tố cáo mới có mức «Đặc biệt phức tạp».", "Only a denunciation can be particularly complex."),
            "must be at least 1 when matters were raised" => new("Có vụ việc thì phải có ít nhất 1 công dân.", "At least 1 citizen when matters were raised."),
            "is required when answered_on is set" => new("Nhập nội dung trả lời khi đã có ngày trả lời.", "Enter the answer when the answer date is set."),
            "is required when the opinion is closed" => new("Nhập nội dung trả lời trước khi kết thúc ý kiến.", "Enter the answer before closing the opinion."),
            Rules.LineCharacters => new("Nhập trên một dòng, không có ký tự điều khiển.", "One line, without control characters."),
            Rules.FreeTextCharacters => new("Không được chứa ký tự điều khiển.", "Must not contain control characters."),
            "must be " + RecordDates.Described => new("Ngày phải trong khoảng 01/01/2000 đến 31/12/2100.", "The date must be between 01/01/2000 and 31/12/2100."),
            "must be between 1 and 5" => new("Nhập điểm từ 1 đến 5.", "Enter a score from 1 to 5."),
            "an issued apology must state the reason" => new("Nhập lý do trễ hạn trước khi phát hành thư xin lỗi.", "Enter the reason for the delay before issuing the apology."),
            "an apology must give the new appointment" => new("Thư xin lỗi phải hẹn lại ngày trả kết quả.", "An apology must give the new appointment."),
            "is required for this kind of letter" => new("Loại thư này phải gắn với một hồ sơ.", "This kind of letter belongs to a dossier."),
            "is required when set aside" => new("Nhập lý do không gửi thư.", "Enter why the letter is not sent."),
            _ => new(m, m),
        };
    }

    [GeneratedRegex(@"^must be at most (\d+) characters$")]
    private static partial Regex MaxLength();

    [GeneratedRegex(@"^must not be before ([a-z_\.\[\]0-9]+)$")]
    private static partial Regex NotBefore();
}
