namespace FriendlyGov.Domain.Audit;

public enum AuditAction
{
    Unspecified = 0,
    Created = 1,
    Changed = 2,
    Deleted = 3,
}

/// <summary>
/// Who created, changed or deleted a record kept by hand (a reception, a petition…), when, and
/// what changed. Written in the same transaction as the change; one table for every record type.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    /// <summary>The record type, e.g. "reception", "dialogue", "petition".</summary>
    public string RecordType { get; set; } = "";

    public long RecordId { get; set; }

    /// <summary>The record's unit (after the change): whoever cannot see the unit cannot see the entry.</summary>
    public int UnitId { get; set; }

    public AuditAction Action { get; set; }

    /// <summary>The signed-in user's name.</summary>
    public string UserName { get; set; } = "";

    public DateTime At { get; set; }

    /// <summary>Where the change came from when not a form: e.g. "import: so-tiep-cong-dan.xlsx".</summary>
    public string? Source { get; set; }

    public List<AuditChange> Changes { get; set; } = [];
}

/// <summary>One field's change, named by the field path of the record's rules (snake_case), values as invariant text.</summary>
public sealed class AuditChange
{
    public string Field { get; set; } = "";

    public string? Old { get; set; }

    public string? New { get; set; }
}
