using FriendlyGov.Domain.Units;

namespace FriendlyGov.Domain.Receptions;

public enum HostRole
{
    Unspecified = 0,
    PartySecretary = 1, // Bí thư Đảng ủy — the rule: 2 sessions a month
    Chairman = 2, // Chủ tịch UBND — with the vice-chairmen: 4 a month
    ViceChairman = 3, // Phó Chủ tịch UBND
    Official = 4, // công chức
}

/// <summary>A citizen reception session (buổi tiếp công dân).</summary>
public sealed class ReceptionSession : IRecord, IRolledUpRecord
{
    public long Id { get; set; }

    public int UnitId { get; set; }

    public AdministrativeUnit? Unit { get; set; }

    public DateOnly HeldOn { get; set; }

    public string HostName { get; set; } = "";

    public HostRole HostRole { get; set; }

    public int CitizensReceived { get; set; }

    public string Topic { get; set; } = "";

    public string? Outcome { get; set; }

    public int HeldQuarter { get; set; }

    public string QuarterProperty => nameof(HeldQuarter);

    public void RefreshDerived() => HeldQuarter = Period.QuarterKey(HeldOn);

    public IReadOnlyList<FieldError> Validate() =>
        new Rules()
            .Positive(UnitId == 0 && Unit is not null ? 1 : UnitId, "unit_code")
            .Date(HeldOn, "held_on")
            .Required(HostName, "host_name", 200)
            .Defined(HostRole, "host_role")
            .NotNegative(CitizensReceived, "citizens_received")
            .Required(Topic, "topic", 1000)
            .OptionalFreeText(Outcome, "outcome", 4000)
            .Errors;
}
