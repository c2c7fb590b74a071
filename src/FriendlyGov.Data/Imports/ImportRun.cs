namespace FriendlyGov.Data.Imports;

public enum ImportState
{
    Checking = 1,
    Invalid = 2, // a row broke a rule: nothing can be written
    Checked = 3, // every row is good: waiting for the user's confirmation
    Writing = 4,
    Done = 5,
    Failed = 6, // the write was refused (e.g. a rule broken since the check): nothing was written
}

/// <summary>
/// One upload of an .xlsx or .csv file of records, checked and then written by a background job
/// that reports its progress here. The file is kept until it is written, so that what is written
/// is exactly what the preview showed.
/// </summary>
public sealed class ImportRun
{
    public long Id { get; set; }

    /// <summary>The record type, e.g. "reception".</summary>
    public string RecordType { get; set; } = "";

    public string UserName { get; set; } = "";

    /// <summary>The uploader's unit subtree when they uploaded: the job writes only inside it.</summary>
    public string SubtreePath { get; set; } = "";

    public string FileName { get; set; } = "";

    public byte[] Content { get; set; } = [];

    public ImportState State { get; set; }

    public int RowsTotal { get; set; }

    public int RowsDone { get; set; }

    public int RecordsWritten { get; set; }

    /// <summary>The check's report as JSON: the rows as they will be saved, or the bad cells.</summary>
    public string? Report { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
