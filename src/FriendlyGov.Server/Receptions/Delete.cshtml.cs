using FriendlyGov.Data;
using FriendlyGov.Domain.Receptions;
using FriendlyGov.Server.Workspace;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Receptions;

public sealed class DeleteModel(FriendlyGovDbContext db, TimeProvider clock) : DeleteRecordModel<ReceptionSession>(db, clock)
{
    protected override string RecordType => ReceptionFields.RecordType;

    protected override string ListPath => "/receptions";

    protected override IQueryable<ReceptionSession> Records(FriendlyGovDbContext db) => db.ReceptionSessions.Include(r => r.Matters);
}
