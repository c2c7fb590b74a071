using FriendlyGov.Data;
using FriendlyGov.Server.Workspace;
using Hangfire;

namespace FriendlyGov.Server.Petitions;

/// <summary>/petitions/import: the petition register from an .xlsx or .csv file.</summary>
public sealed class ImportModel(FriendlyGovDbContext db, PetitionImporter importer, IBackgroundJobClient jobs, ImportProgress progress, TimeProvider clock)
    : ImportPageModel(db, importer, jobs, progress, clock)
{
    public override string ListPath => "/petitions";
}
