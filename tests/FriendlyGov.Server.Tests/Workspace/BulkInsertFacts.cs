using FriendlyGov.Data.Bulk;
using FriendlyGov.Domain.Audit;
using FriendlyGov.Domain.Surveys;
using FriendlyGov.Server.Tests.Sync;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Tests.Workspace;

/// <summary>Rows written in bulk are the rows EF Core would have written: every column, the same stored values.</summary>
public abstract class BulkInsertFacts<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GrpcServer
{
    [Fact]
    public void EachBulkTableWritesEveryColumnOfItsTableButTheId()
    {
        using var db = server.CreateContext();
        Assert.Equal(ColumnsOf(db, typeof(SatisfactionSurvey)), BulkTables.Surveys.Columns.Select(c => c.Name).Order());
        Assert.Equal(ColumnsOf(db, typeof(AuditEntry)), BulkTables.AuditEntries.Columns.Select(c => c.Name).Order());
    }

    [Fact]
    public async Task AnAuditEntryWrittenInBulkIsStoredExactlyAsEntityFrameworkStoresIt()
    {
        AuditEntry Entry(string source) => new()
        {
            RecordType = "survey", RecordId = 42, UnitId = 1, Action = AuditAction.Created, UserName = "motcua.hoangkim",
            At = new DateTime(2026, 11, 17, 5, 0, 0, DateTimeKind.Utc), Source = source,
            Changes = [new() { Field = "comment", New = "Phải đi lại \"hai\" lần" }, new() { Field = "satisfied", Old = "true", New = "false" }],
        };

        await using var db = server.CreateContext();
        var bySource = $"bulk-check-{Guid.NewGuid():N}";
        db.AuditEntries.Add(Entry(bySource + "-ef"));
        await db.SaveChangesAsync();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await BulkInsert.InsertAsync(db, BulkTables.AuditEntries, [Entry(bySource + "-bulk")], CancellationToken.None);
            await transaction.CommitAsync();
        }

        var stored = await db.Database.SqlQueryRaw<StoredEntry>(
            "SELECT source AS \"Source\", CAST(changes AS text) AS \"Changes\", CAST(at AS text) AS \"At\", action AS \"Action\" FROM audit_entries WHERE source LIKE {0} ORDER BY source",
            bySource + "%").ToListAsync();
        Assert.Equal(2, stored.Count);
        Assert.Equal(stored[1] with { Source = "" }, stored[0] with { Source = "" });
        var read = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.Source == bySource + "-bulk");
        Assert.Equal(Entry("").Changes.Select(c => (c.Field, c.Old, c.New)), read.Changes.Select(c => (c.Field, c.Old, c.New)));
    }

    private static IOrderedEnumerable<string> ColumnsOf(Data.FriendlyGovDbContext db, Type type)
    {
        var entity = db.Model.FindEntityType(type)!;
        return entity.GetProperties().Where(p => !p.IsPrimaryKey()).Select(p => p.GetColumnName())
            .Concat(entity.GetComplexProperties().Select(p => p.ComplexType.GetContainerColumnName()!)).Order();
    }

    public sealed record StoredEntry(string Source, string Changes, string At, int Action);
}

public sealed class SqliteBulkInsertFacts(SqliteGrpcServer server) : BulkInsertFacts<SqliteGrpcServer>(server);

public sealed class PostgresBulkInsertFacts(PostgresGrpcServer server) : BulkInsertFacts<PostgresGrpcServer>(server);
