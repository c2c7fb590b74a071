using FriendlyGov.Domain.Calendar;
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

/// <summary>The lifecycle: received → assigned → resolved, or forwarded to the competent level; withdrawn at any time.</summary>
public enum PetitionStatus
{
    Unspecified = 0,
    Received = 1, // đã tiếp nhận, chưa thụ lý
    Assigned = 2, // đã thụ lý, giao người giải quyết
    Resolved = 3, // đã giải quyết (by the unit, or by the competent level it was forwarded to)
    Withdrawn = 4, // người gửi rút đơn
    Forwarded = 5, // đã chuyển cấp có thẩm quyền, chờ kết quả
}

/// <summary>How hard the case is: the law gives complex cases more time.</summary>
public enum PetitionComplexity
{
    Unspecified = 0,
    Normal = 1,
    Complex = 2, // vụ việc phức tạp
    ParticularlyComplex = 3, // vụ việc đặc biệt phức tạp (denunciations only)
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

    public PetitionComplexity Complexity { get; set; } = PetitionComplexity.Normal;

    /// <summary>Accepted for resolution (thụ lý) and assigned: the day the resolution time starts.</summary>
    public DateOnly? AcceptedOn { get; set; }

    /// <summary>Who resolves it (người được giao giải quyết).</summary>
    public string? AssignedTo { get; set; }

    public DateOnly? ForwardedOn { get; set; }

    /// <summary>The competent agency it was forwarded to.</summary>
    public string? ForwardedTo { get; set; }

    public DateOnly? ResolvedOn { get; set; }

    /// <summary>Who resolved it when forwarded (e.g. the district).</summary>
    public string? ResolvedBy { get; set; }

    /// <summary>The result (kết quả giải quyết): the decision, the answer given.</summary>
    public string? Result { get; set; }

    /// <summary>The legal deadline of the current stage (<see cref="PetitionDeadline"/>); null when not computed.</summary>
    public DateOnly? DueOn { get; set; }

    public int ReceivedQuarter { get; set; }

    public string QuarterProperty => nameof(ReceivedQuarter);

    /// <summary>Still waiting for the unit: received or assigned, not yet resolved, forwarded or withdrawn.</summary>
    public bool IsOpen => Status is PetitionStatus.Received or PetitionStatus.Assigned;

    public bool IsOverdueOn(DateOnly today) => IsOpen && DueOn is { } due && due < today;

    public void RefreshDerived() => ReceivedQuarter = Period.QuarterKey(ReceivedOn);

    /// <summary>Sets <see cref="DueOn"/> from the law's time limits and the working-day calendar.</summary>
    /// <exception cref="InvalidOperationException">The calendar has no data for a year the count reaches.</exception>
    public void RefreshDeadline(WorkingCalendar calendar) => DueOn = PetitionDeadline.DueOn(this, calendar);

    public IReadOnlyList<FieldError> Validate()
    {
        var forwarded = Jurisdiction == Jurisdiction.Forwarded;
        return new Rules()
            .Positive(UnitId == 0 && Unit is not null ? 1 : UnitId, "unit_code")
            .Defined(Kind, "kind")
            .RequiredFreeText(Subject, "subject", 1000)
            .Date(ReceivedOn, "received_on")
            .Defined(Jurisdiction, "jurisdiction")
            .Defined(Status, "status")
            .Defined(Complexity, "complexity")
            .Check(Complexity != PetitionComplexity.ParticularlyComplex || Kind == PetitionKind.Denunciation, "complexity", "particularly complex applies to denunciations only")
            .Check(Status != PetitionStatus.Assigned || AcceptedOn is not null, "accepted_on", "is required when assigned")
            .Check(Status != PetitionStatus.Assigned || !string.IsNullOrWhiteSpace(AssignedTo), "assigned_to", "is required when assigned")
            .Date(AcceptedOn, "accepted_on")
            .Check(AcceptedOn is null || AcceptedOn >= ReceivedOn, "accepted_on", "must not be before received_on")
            .Optional(AssignedTo, "assigned_to", 200)
            .Check(Status != PetitionStatus.Forwarded || forwarded, "jurisdiction", "must be forwarded when the status is forwarded")
            .Check(!forwarded || ForwardedOn is not null, "forwarded_on", "is required when forwarded")
            .Check(!forwarded || !string.IsNullOrWhiteSpace(ForwardedTo), "forwarded_to", "is required when forwarded")
            .Check(forwarded || ForwardedOn is null, "forwarded_on", "is set only when forwarded")
            .Date(ForwardedOn, "forwarded_on")
            .Check(ForwardedOn is null || ForwardedOn >= ReceivedOn, "forwarded_on", "must not be before received_on")
            .Optional(ForwardedTo, "forwarded_to", 200)
            .Check(Status != PetitionStatus.Resolved || ResolvedOn is not null, "resolved_on", "is required when resolved")
            .Check(Status == PetitionStatus.Resolved || ResolvedOn is null, "resolved_on", "is set only when resolved")
            .Check(ResolvedOn is null || ResolvedOn >= ReceivedOn, "resolved_on", "must not be before received_on")
            .Check(ResolvedOn is null || AcceptedOn is null || ResolvedOn >= AcceptedOn, "resolved_on", "must not be before accepted_on")
            .Date(ResolvedOn, "resolved_on")
            .Optional(ResolvedBy, "resolved_by", 200)
            .OptionalFreeText(Result, "result", 4000)
            .Errors;
    }
}

/// <summary>
/// The legal deadline of a petition's current stage, as FriendlyGov reads the law:
/// <list type="bullet">
/// <item>Complaint (khiếu nại, first instance): accepted (thụ lý) within 10 days of receipt (Law on
/// Complaints 2011, art. 27), counted as working days as the published procedure under Decree
/// 124/2020/NĐ-CP counts them; then resolved within 30 days of acceptance, 45 in a complex case
/// (art. 28) — calendar days. The longer limits of remote areas (45/60) are not modelled.</item>
/// <item>Denunciation (tố cáo): accepted within 7 working days of receipt (Law on Denunciations
/// 2018, arts. 24 and 29); resolved within 30 days of acceptance, extended once by 30 in a complex
/// case and twice by 30 in a particularly complex one (art. 30) — calendar days.</item>
/// <item>Recommendation and reflection (kiến nghị, phản ánh): processed — answered, resolved or
/// forwarded — within 10 working days of receipt (petition processing under the Law on Citizen
/// Reception 2013 and Circular 05/2021/TT-TTCP). No statute sets a longer resolution time, so
/// that is the deadline.</item>
/// </list>
/// A limit in calendar days that ends on a day off ends on the next working day (Civil Code 2015,
/// art. 148(5)). A forwarded petition is measured against the stage it was forwarded in.
/// </summary>
public static class PetitionDeadline
{
    public const int ComplaintAcceptanceWorkingDays = 10;
    public const int DenunciationAcceptanceWorkingDays = 7;
    public const int RecommendationWorkingDays = 10;

    public static DateOnly? DueOn(Petition petition, WorkingCalendar calendar)
    {
        if (petition.ReceivedOn == default)
        {
            return null;
        }

        return petition.Kind switch
        {
            PetitionKind.Complaint => petition.AcceptedOn is { } accepted
                ? CalendarDays(calendar, accepted, petition.Complexity == PetitionComplexity.Normal ? 30 : 45)
                : calendar.AddWorkingDays(petition.ReceivedOn, ComplaintAcceptanceWorkingDays),
            PetitionKind.Denunciation => petition.AcceptedOn is { } accepted
                ? CalendarDays(calendar, accepted, petition.Complexity switch { PetitionComplexity.Complex => 60, PetitionComplexity.ParticularlyComplex => 90, _ => 30 })
                : calendar.AddWorkingDays(petition.ReceivedOn, DenunciationAcceptanceWorkingDays),
            PetitionKind.Recommendation or PetitionKind.Reflection => calendar.AddWorkingDays(petition.ReceivedOn, RecommendationWorkingDays),
            _ => null,
        };
    }

    private static DateOnly CalendarDays(WorkingCalendar calendar, DateOnly start, int days) => calendar.AddWorkingDays(start.AddDays(days), 0);
}
