using FriendlyGov.Data;
using FriendlyGov.Domain.Petitions;
using FriendlyGov.Server.Workspace;

namespace FriendlyGov.Server.Petitions;

public sealed class DeleteModel(FriendlyGovDbContext db, TimeProvider clock) : DeleteRecordModel<Petition>(db, clock)
{
    protected override string RecordType => PetitionFields.RecordType;

    protected override string ListPath => "/petitions";

    protected override IQueryable<Petition> Records(FriendlyGovDbContext db) => db.Petitions;
}
