using FriendlyGov.Domain.Units;

namespace FriendlyGov.Domain.Petitions;

public enum PetitionKind
{
    Unspecified = 0,
    Complaint = 1, // khiếu nại
    Denunciation = 2, // tố cáo
    Recommendation = 3, // kiến nghị
    Reflection = 4, // phản ánh
}

public enum Jurisdiction
{
    Unspecified = 0,
    Own = 1, // thuộc thẩm quyền
    Forwarded = 2, // chuyển cấp có thẩm quyền
}

public enum PetitionStatus
{
    Unspecified = 0,
    Received = 1,
    InProgress = 2,
    Resolved = 3,
    Withdrawn = 4,
}

/// <summary>A petition (đơn thư) received by the unit.</summary>
public sealed class Petition : IRecord, IRolledUpRecord
{
    public long Id { get; set; }

    public int UnitId { get; set; }

    public AdministrativeUnit? Unit { get; set; }

    public PetitionKind Kind { get; set; }

    public string Subject { get; set; } = "";

    public DateOnly ReceivedOn { get; set; }

    public Jurisdiction Jurisdiction { get; set; }

    public PetitionStatus Status { get; set; }

    public DateOnly? ResolvedOn { get; set; }

    /// <summary>Who resolved it when forwarded (e.g. the district).</summary>
    public string? ResolvedBy { get; set; }

    public int ReceivedQuarter { get; set; }

    public string QuarterProperty => nameof(ReceivedQuarter);

    public void RefreshDerived() => ReceivedQuarter = Period.QuarterKey(ReceivedOn);

    public IReadOnlyList<FieldError> Validate() =>
        new Rules()
            .Positive(UnitId == 0 && Unit is not null ? 1 : UnitId, "unit_code")
            .Defined(Kind, "kind")
            .Required(Subject, "subject", 1000)
            .Date(ReceivedOn, "received_on")
            .Defined(Jurisdiction, "jurisdiction")
            .Defined(Status, "status")
            .Check(Status != PetitionStatus.Resolved || ResolvedOn is not null, "resolved_on", "is required when resolved")
            .Check(Status == PetitionStatus.Resolved || ResolvedOn is null, "resolved_on", "is set only when resolved")
            .Check(ResolvedOn is null || ResolvedOn >= ReceivedOn, "resolved_on", "must not be before received_on")
            .Check(ResolvedOn is not { } resolved || RecordDates.Contains(resolved), "resolved_on", "must be " + RecordDates.Described)
            .Optional(ResolvedBy, "resolved_by", 200)
            .Errors;
}
