using FriendlyGov.Data;
using FriendlyGov.Server.Workspace;
using Hangfire;

namespace FriendlyGov.Server.Dialogues;

/// <summary>/dialogues/import: dialogues and their opinions from an .xlsx or .csv file.</summary>
public sealed class ImportModel(FriendlyGovDbContext db, DialogueImporter importer, IBackgroundJobClient jobs, ImportProgress progress, TimeProvider clock)
    : ImportPageModel(db, importer, jobs, progress, clock)
{
    public override string ListPath => "/dialogues";
}
