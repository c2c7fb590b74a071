using FriendlyGov.Data;
using FriendlyGov.Server.Workspace;
using Hangfire;

namespace FriendlyGov.Server.Receptions;

/// <summary>/receptions/import: the reception book from an .xlsx or .csv file.</summary>
public sealed class ImportModel(FriendlyGovDbContext db, ReceptionImporter importer, IBackgroundJobClient jobs, ImportProgress progress, TimeProvider clock)
    : ImportPageModel(db, importer, jobs, progress, clock)
{
    public override string ListPath => "/receptions";
}
