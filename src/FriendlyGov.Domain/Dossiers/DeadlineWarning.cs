namespace FriendlyGov.Domain.Dossiers;

/// <summary>How a deadline warning ended.</summary>
public enum WarningOutcome
{
    Open = 0, // still due within a working day and not resolved
    ResolvedInTime = 1, // closed (finished, refused, withdrawn…) by its due time
    WentLate = 2, // its due time passed while it was still open
    NoLongerDue = 3, // its due time moved away (a supplement request paused the clock)
}

/// <summary>
/// A warning that a dossier is due within one working day and not resolved (cảnh báo sắp đến hạn),
/// as the deadline-warning job saw it: when it was first seen, and how it ended. One per dossier; a
/// warning that ended because the due time moved away opens again when the dossier comes due again.
/// </summary>
public sealed class DeadlineWarning
{
    public long Id { get; set; }

    public long DossierId { get; set; }

    public Dossier? Dossier { get; set; }

    public int UnitId { get; set; }

    /// <summary>The due time (plus the citizen's supplement time) the warning is about.</summary>
    public DateTime DueAt { get; set; }

    public DateTime FirstSeenAt { get; set; }

    public DateTime LastSeenAt { get; set; }

    public WarningOutcome Outcome { get; set; }

    public DateTime? ClosedAt { get; set; }
}
