using FriendlyGov.Data;
using FriendlyGov.Data.Reference;
using FriendlyGov.Server.Hosting;

namespace FriendlyGov.Server.Reference;

/// <summary>
/// `reference import --units FILE --procedures FILE` (either alone): the administrative unit tree
/// and the procedure catalogue from .csv or .xlsx files (layout: deploy/reference/README.md). All
/// or nothing: every broken rule is reported by file, row and column, and nothing is written.
/// </summary>
public static class ReferenceCommand
{
    public static async Task<int> RunAsync(FriendlyGovDbContext db, string[] args, TextWriter output, CancellationToken cancellationToken = default)
    {
        var options = CommandOptions.Parse(args.Skip(1));
        var (unitsPath, proceduresPath) = (options.Get("units"), options.Get("procedures"));
        if (args.FirstOrDefault() != "import" || (unitsPath is null && proceduresPath is null))
        {
            output.WriteLine("usage: reference import --units FILE --procedures FILE (either alone; .csv in UTF-8 or .xlsx)");
            return 1;
        }

        var unreadable = new List<ImportError>();
        ReferenceTable? Read(string? path)
        {
            if (path is null)
            {
                return null;
            }

            var (table, error) = ReferenceTable.Read(path);
            if (error is not null)
            {
                unreadable.Add(error);
            }

            return table;
        }

        var units = Read(unitsPath);
        var procedures = Read(proceduresPath);
        var result = unreadable.Count == 0 ? await ReferenceImport.ImportAsync(db, units, procedures, cancellationToken) : null;
        var errors = result?.Errors ?? unreadable;
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                output.WriteLine(error);
            }

            output.WriteLine($"{errors.Count} {(errors.Count == 1 ? "problem" : "problems")}; nothing was imported.");
            return 1;
        }

        foreach (var line in result!.Summary)
        {
            output.WriteLine(line);
        }

        return 0;
    }
}
