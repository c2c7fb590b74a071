using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Domain.Units;

namespace FriendlyGov.Domain.Letters;

public enum LetterKind
{
    Unspecified = 0,
    MarriageCongratulation = 1, // thư chúc mừng, trao giấy đăng ký kết hôn
    BirthCongratulation = 2, // thư chúc mừng đăng ký khai sinh
    DeathCondolence = 3, // thư chia buồn
    LateApology = 4, // phiếu xin lỗi và hẹn lại ngày trả kết quả, with the reason and the new appointment
    Thanks = 5, // thư cảm ơn
}

/// <summary>Where a letter is in its life: proposed (by the system or drafted by an officer), then issued or set aside.</summary>
public enum LetterState
{
    Unspecified = 0,
    Proposed = 1, // chờ phát hành: the officer reviews and edits it
    Issued = 2, // đã phát hành: printed or sent to the citizen
    Dismissed = 3, // không gửi: set aside with a reason, never proposed again for the same dossier
}

/// <summary>How an issued letter reached the citizen.</summary>
public enum LetterDelivery
{
    Unspecified = 0,
    Printed = 1, // in ra, trao tận tay
    Sent = 2, // gửi qua bưu chính công ích, thư điện tử hoặc tin nhắn
}

/// <summary>A letter to a citizen (hệ thống thư).</summary>
public sealed class Letter : IRecord, IRolledUpRecord
{
    /// <summary>Decree 118/2025/NĐ-CP and Circular 03/2025/TT-VPCP replaced Circular 01/2018 for the apology form from this day.</summary>
    public static readonly DateOnly Circular03Of2025EffectiveOn = new(2025, 7, 1);

    /// <summary>Who proposes the letters drawn from dossier events.</summary>
    public const string SystemProposer = "system";

    public long Id { get; set; }

    public int UnitId { get; set; }

    public AdministrativeUnit? Unit { get; set; }

    public LetterKind Kind { get; set; }

    public LetterState State { get; set; }

    public long? DossierId { get; set; }

    public Dossier? Dossier { get; set; }

    public string RecipientName { get; set; } = "";

    public string? RecipientAddress { get; set; }

    /// <summary>The letter's number in the unit's register (số văn bản), e.g. "12/PXL-UBND".</summary>
    public string? Number { get; set; }

    /// <summary>For an apology: why the dossier is late (lý do), as the form states it to the citizen.</summary>
    public string? Reason { get; set; }

    /// <summary>For an apology: the new appointment to return the result.</summary>
    public DateTime? NewAppointmentAt { get; set; }

    /// <summary>A paragraph of the unit's own words (what a thanks letter thanks for, a personal wish).</summary>
    public string? Message { get; set; }

    /// <summary>The signature block: the signer's title ("CHỦ TỊCH", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH") and name.</summary>
    public string? SignerTitle { get; set; }

    public string? SignerName { get; set; }

    /// <summary>When the letter was proposed (by <see cref="SystemProposer"/> or drafted by an officer); null for one recorded as already issued.</summary>
    public DateTime? ProposedAt { get; set; }

    public string? ProposedBy { get; set; }

    public DateTime? IssuedAt { get; set; }

    /// <summary>Who issued it.</summary>
    public string? IssuedBy { get; set; }

    public LetterDelivery Delivery { get; set; }

    public DateTime? PrintedAt { get; set; }

    public string? DismissedReason { get; set; }

    /// <summary>
    /// The quarter that places the letter: of its issue, or of its proposal while not issued (so that
    /// writing it marks a real quarter for the rollup). Letters count in the indicators only once issued.
    /// </summary>
    public int IssuedQuarter { get; set; }

    public string QuarterProperty => nameof(IssuedQuarter);

    /// <summary>The official form an apology follows on its date (issued, or today's draft).</summary>
    public string? FormReference => Kind != LetterKind.LateApology || (IssuedAt ?? ProposedAt) is not { } on || !RecordDates.Contains(on) ? null
        : FormOn(Calendar.VietnamTime.LocalDate(on));

    public static string FormOn(DateOnly date) => date >= Circular03Of2025EffectiveOn
        ? "Mẫu số 04, Thông tư 03/2025/TT-VPCP"
        : "Mẫu số 04, Thông tư 01/2018/TT-VPCP";

    public static bool NeedsDossier(LetterKind kind) => kind is not (LetterKind.Thanks or LetterKind.Unspecified);

    /// <summary>The letter a civil-status registration calls for (thư chúc mừng, chia buồn); none for other procedures.</summary>
    public static LetterKind? ForCivilEvent(CivilEvent civilEvent) => civilEvent switch
    {
        CivilEvent.Marriage => LetterKind.MarriageCongratulation,
        CivilEvent.Birth => LetterKind.BirthCongratulation,
        CivilEvent.Death => LetterKind.DeathCondolence,
        _ => null,
    };

    /// <summary>Issues the letter now; its rules are checked on save (an apology needs its reason and a new appointment still ahead).</summary>
    public void Issue(DateTime atUtc, string by, LetterDelivery delivery)
    {
        State = LetterState.Issued;
        IssuedAt = atUtc;
        IssuedBy = by;
        Delivery = delivery;
        PrintedAt = delivery == LetterDelivery.Printed ? atUtc : null;
        DismissedReason = null;
    }

    public void RefreshDerived() =>
        IssuedQuarter = (IssuedAt ?? ProposedAt) is { } on && RecordDates.Contains(on) ? Period.QuarterKey(on) : 0;

    public IReadOnlyList<FieldError> Validate()
    {
        var issued = State == LetterState.Issued;
        return new Rules()
            .Defined(Kind, "kind")
            .Defined(State, "state")
            .Positive(UnitId == 0 && Unit is not null ? 1 : UnitId, "unit_code")
            .Required(RecipientName, "recipient_name", 200)
            .Optional(RecipientAddress, "recipient_address", 500)
            .Optional(Number, "number", 50)
            .OptionalFreeText(Message, "message", 2000)
            .Optional(SignerTitle, "signer_title", 100)
            .Optional(SignerName, "signer_name", 200)
            .Time(ProposedAt, "proposed_time")
            .Optional(ProposedBy, "proposed_by", 256)
            .Check(issued || ProposedAt is not null, "proposed_time", "is required until the letter is issued")
            .Check(ProposedAt is null || ProposedBy is not null, "proposed_by", "is required with proposed_time")
            .Check(!issued || IssuedAt is not null, "issued_time", "is required when issued")
            .Check(issued || IssuedAt is null, "issued_time", "is set only when issued")
            .Time(IssuedAt, "issued_time")
            .NotBefore(IssuedAt, ProposedAt, "issued_time", "proposed_time")
            .Check(!issued || !string.IsNullOrWhiteSpace(IssuedBy), "issued_by", "is required when issued")
            .Optional(IssuedBy, "issued_by", 256)
            .Check(issued == (Delivery != LetterDelivery.Unspecified), "delivery", issued ? "is required when issued" : "is set only when issued")
            .Check(Delivery == LetterDelivery.Unspecified || Enum.IsDefined(Delivery), "delivery", "must be one of the defined values")
            .Time(PrintedAt, "printed_time")
            .NotBefore(PrintedAt, IssuedAt, "printed_time", "issued_time")
            .Check(State != LetterState.Dismissed || !string.IsNullOrWhiteSpace(DismissedReason), "dismissed_reason", "is required when set aside")
            .Check(State == LetterState.Dismissed || DismissedReason is null, "dismissed_reason", "is set only when set aside")
            .OptionalFreeText(DismissedReason, "dismissed_reason", 1000)
            .Check(!NeedsDossier(Kind) || DossierId is > 0 || Dossier is not null, "dossier_code", "is required for this kind of letter")
            .Check(Kind != LetterKind.LateApology || NewAppointmentAt is not null, "new_appointment_time", "an apology must give the new appointment")
            .Check(Kind == LetterKind.LateApology || NewAppointmentAt is null, "new_appointment_time", "only an apology gives a new appointment")
            .Time(NewAppointmentAt, "new_appointment_time")
            .NotBefore(NewAppointmentAt, IssuedAt, "new_appointment_time", "issued_time")
            .Check(!issued || Kind != LetterKind.LateApology || !string.IsNullOrWhiteSpace(Reason), "reason", "an issued apology must state the reason")
            .OptionalFreeText(Reason, "reason", 1000)
            .Errors;
    }
}
