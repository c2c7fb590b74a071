using FriendlyGov.Data;
using FriendlyGov.Domain.Dialogues;
using FriendlyGov.Server.Workspace;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Dialogues;

public sealed class DeleteModel(FriendlyGovDbContext db, TimeProvider clock) : DeleteRecordModel<Dialogue>(db, clock)
{
    protected override string RecordType => DialogueFields.RecordType;

    protected override string ListPath => "/dialogues";

    protected override IQueryable<Dialogue> Records(FriendlyGovDbContext db) => db.Dialogues.Include(d => d.Opinions);
}
