using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Domain.Units;

namespace FriendlyGov.Domain.Letters;

public enum LetterKind
{
    Unspecified = 0,
    MarriageCongratulation = 1, // thư chúc mừng, trao giấy đăng ký kết hôn
    BirthCongratulation = 2, // thư chúc mừng đăng ký khai sinh
    DeathCondolence = 3, // thư chia buồn
    LateApology = 4, // thư xin lỗi vì trễ hẹn, with the new appointment date
    Thanks = 5, // thư cảm ơn
}

/// <summary>A letter to a citizen (hệ thống thư).</summary>
public sealed class Letter : IRecord, IRolledUpRecord
{
    /// <summary>Decree 118/2025/NĐ-CP and Circular 03/2025/TT-VPCP replaced Circular 01/2018 for the apology form from this day.</summary>
    public static readonly DateOnly Circular03Of2025EffectiveOn = new(2025, 7, 1);

    public long Id { get; set; }

    public int UnitId { get; set; }

    public AdministrativeUnit? Unit { get; set; }

    public LetterKind Kind { get; set; }

    public long? DossierId { get; set; }

    public Dossier? Dossier { get; set; }

    public string RecipientName { get; set; } = "";

    public string? RecipientAddress { get; set; }

    /// <summary>For an apology: the new appointment to return the result.</summary>
    public DateTime? NewAppointmentAt { get; set; }

    public DateTime IssuedAt { get; set; }

    public string IssuedBy { get; set; } = "";

    public DateTime? PrintedAt { get; set; }

    public int IssuedQuarter { get; set; }

    public string QuarterProperty => nameof(IssuedQuarter);

    /// <summary>The official form an apology follows on its issue date.</summary>
    public string? FormReference => Kind != LetterKind.LateApology || !RecordDates.Contains(IssuedAt) ? null
        : Calendar.VietnamTime.LocalDate(IssuedAt) >= Circular03Of2025EffectiveOn
            ? "Mẫu số 04, Thông tư 03/2025/TT-VPCP"
            : "Mẫu số 04, Thông tư 01/2018/TT-VPCP";

    public static bool NeedsDossier(LetterKind kind) => kind is not (LetterKind.Thanks or LetterKind.Unspecified);

    public void RefreshDerived() =>
        IssuedQuarter = RecordDates.Contains(IssuedAt) ? Period.QuarterKey(IssuedAt) : 0;

    public IReadOnlyList<FieldError> Validate() =>
        new Rules()
            .Defined(Kind, "kind")
            .Positive(UnitId == 0 && Unit is not null ? 1 : UnitId, "unit_code")
            .Required(RecipientName, "recipient_name", 200)
            .Optional(RecipientAddress, "recipient_address", 500)
            .Time(IssuedAt, "issued_time")
            .Required(IssuedBy, "issued_by", 200)
            .Time(PrintedAt, "printed_time")
            .NotBefore(PrintedAt, IssuedAt, "printed_time", "issued_time")
            .Check(!NeedsDossier(Kind) || DossierId is > 0 || Dossier is not null, "dossier_code", "is required for this kind of letter")
            .Check(Kind != LetterKind.LateApology || NewAppointmentAt is not null, "new_appointment_time", "an apology must give the new appointment")
            .Check(Kind == LetterKind.LateApology || NewAppointmentAt is null, "new_appointment_time", "only an apology gives a new appointment")
            .Time(NewAppointmentAt, "new_appointment_time")
            .NotBefore(NewAppointmentAt, IssuedAt, "new_appointment_time", "issued_time")
            .Errors;
}
