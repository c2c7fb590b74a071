using FriendlyGov.Data;
using FriendlyGov.Server.Workspace;
using Hangfire;

namespace FriendlyGov.Server.Surveys;

/// <summary>/surveys/import: a stack of paper forms typed into a spreadsheet, from an .xlsx or .csv file.</summary>
public sealed class ImportModel(FriendlyGovDbContext db, SurveyImporter importer, IBackgroundJobClient jobs, ImportProgress progress, TimeProvider clock)
    : ImportPageModel(db, importer, jobs, progress, clock)
{
    public override string ListPath => "/surveys";
}
