using FriendlyGov.Data.Staff;
using FriendlyGov.Domain.Units;

namespace FriendlyGov.Data.Subscriptions;

/// <summary>
/// A leader's subscription (đăng ký nhận thư) to the scorecard and/or the periodic report of a unit of
/// their subtree, mailed when a quarter closes and, if chosen, after every other month's end.
/// One per user and unit.
/// </summary>
public sealed class ReportSubscription
{
    public long Id { get; set; }

    public string UserId { get; set; } = "";

    public StaffUser? User { get; set; }

    public int UnitId { get; set; }

    public AdministrativeUnit? Unit { get; set; }

    /// <summary>The scorecard's summary in the mail's text.</summary>
    public bool Scorecard { get; set; }

    /// <summary>The periodic report (.docx) attached.</summary>
    public bool Report { get; set; }

    /// <summary>Also after the end of the first two months of a quarter: the running quarter to date, not judged.</summary>
    public bool Monthly { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// One mail of a subscription for one edition: claimed before it is sent (a unique row, so that two runs
/// or two servers never send it twice), <see cref="SentAt"/> once the SMTP server took it. A claim whose
/// send failed is removed, so that the next run sends it again.
/// </summary>
public sealed class SubscriptionMailing
{
    public long Id { get; set; }

    public long SubscriptionId { get; set; }

    /// <summary>What was mailed: "2026-Q3" for a closed quarter, "2026-11" for a month of a running quarter.</summary>
    public string Edition { get; set; } = "";

    public DateTime ClaimedAt { get; set; }

    public DateTime? SentAt { get; set; }
}
