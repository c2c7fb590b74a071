using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Domain.Units;

namespace FriendlyGov.Data.Reference;

/// <summary>
/// The sample reference files shipped in deploy/reference (the demo's Thanh Hóa tree and its
/// procedures): embedded here for the demo data, and copied next to the server as reference/*.csv
/// for `reference import`.
/// </summary>
public static class ReferenceSamples
{
    public const string UnitsFile = "units.csv";
    public const string ProceduresFile = "procedures.csv";

    /// <summary>The samples as new records, through the import (on nothing stored).</summary>
    public static ReferenceImportResult Load()
    {
        var result = ReferenceImport.Merge(Table(UnitsFile), Table(ProceduresFile), Array.Empty<AdministrativeUnit>(), Array.Empty<UnitSuccession>(), Array.Empty<Procedure>());
        return result.Errors.Count == 0 ? result
            : throw new InvalidOperationException("The shipped reference samples are invalid: " + string.Join("; ", result.Errors));
    }

    private static ReferenceTable Table(string file)
    {
        using var stream = typeof(ReferenceSamples).Assembly.GetManifestResourceStream("reference/" + file)
            ?? throw new InvalidOperationException($"The reference sample {file} is not embedded.");
        return ReferenceTable.Read(file, stream);
    }
}
