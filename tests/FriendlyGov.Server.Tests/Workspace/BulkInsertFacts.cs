using FriendlyGov.Data.Bulk;
using FriendlyGov.Domain.Audit;
using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Domain.Indicators;
using FriendlyGov.Domain.Surveys;
using FriendlyGov.Server.Tests.Sync;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Tests.Workspace;

/// <summary>Rows written in bulk are the rows EF Core would have written: every column, the same stored values.</summary>
public abstract class BulkInsertFacts<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : GrpcServer
{
    private static readonly DateTime At = new(2023, 11, 3, 1, 30, 15, 250, DateTimeKind.Utc);

    [Fact]
    public void EachBulkTableWritesEveryColumnOfItsTableButTheIdAndTheComputedOnes()
    {
        using var db = server.CreateContext();
        Assert.Equal(ColumnsOf(db, typeof(Dossier)), BulkTables.Dossiers.Columns.Select(c => c.Name).Order());
        Assert.Equal(ColumnsOf(db, typeof(SatisfactionSurvey)), BulkTables.Surveys.Columns.Select(c => c.Name).Order());
        Assert.Equal(ColumnsOf(db, typeof(AuditEntry)), BulkTables.AuditEntries.Columns.Select(c => c.Name).Order());
        Assert.Equal(ColumnsOf(db, typeof(IndicatorSnapshot)), BulkTables.Snapshots.Columns.Select(c => c.Name).Order());
    }

    /// <summary>PostgreSQL's sync fast path only: SQLite stores synced dossiers through EF Core, whose JSON dates differ from System.Text.Json's.</summary>
    protected async Task AssertADossierWrittenInBulkIsStoredExactlyAsEntityFrameworkStoresItAsync()
    {
        await using var db = server.CreateContext();
        var unit = await db.Units.OrderBy(u => u.Id).FirstAsync();
        var procedure = await db.Procedures.OrderBy(p => p.Id).FirstAsync();
        var sequence = Random.Shared.Next(0, 500_000);
        await AssertStoredAlikeAsync(BulkTables.Dossiers, "code", $"BULK.T1-231103-{sequence:000000}", $"BULK.T1-231103-{sequence + 500_000:000000}", code =>
        {
            var dossier = new Dossier
            {
                Code = code, UnitId = unit.Id, ProcedureId = procedure.Id, Channel = DossierChannel.Online, OnlineLevel = OnlineLevel.FullyOnline,
                InterAgency = true, ReceivedAt = At, DueAt = At.AddDays(5), FinishedAt = At.AddDays(6), Status = DossierStatus.Finished,
                Supplements = [new() { RequestedAt = At.AddDays(1), ResumedAt = At.AddDays(2) }, new() { RequestedAt = At.AddDays(3), ResumedAt = At.AddDays(3).AddHours(5) }],
                ResultPublished = true, Digitised = true, Applicant = new Applicant { Name = "Lê Văn \"Tư\"", Phone = "0912345678" },
                SourceSystem = "TEST", SourceVersion = 7, UpdatedAt = At.AddDays(6), ChangeSequence = UnusedSequence(),
            };
            dossier.RefreshDerived(); // as the sync does before it writes
            return dossier;
        }, FeedColumns);
    }

    [Fact]
    public async Task ASurveyWrittenInBulkIsStoredExactlyAsEntityFrameworkStoresIt()
    {
        await using var db = server.CreateContext();
        var unit = await db.Units.OrderBy(u => u.Id).FirstAsync();
        await AssertStoredAlikeAsync(BulkTables.Surveys, "key", Key("ef"), Key("bulk"), key => new SatisfactionSurvey
        {
            Key = key, UnitId = unit.Id, DossierCode = "000.00.14.H56-231103-0118", DossierScopePath = unit.Path, SurveyedAt = At,
            Channel = SurveyChannel.Paper, AccessScore = 5, ProcedureScore = 4, StaffAttitudeScore = null, TimelinessScore = 3, ResultScore = 5,
            FeedbackHandlingScore = null, Satisfied = true, Comment = "Cán bộ tận tình", SourceSystem = "TEST", SourceVersion = 3, UpdatedAt = At,
            SurveyedQuarter = 20234, ChangeSequence = UnusedSequence(),
        }, FeedColumns);
    }

    [Fact]
    public async Task ASnapshotWrittenInBulkIsStoredExactlyAsEntityFrameworkStoresIt()
    {
        await using var db = server.CreateContext();
        var unit = await db.Units.OrderBy(u => u.Id).FirstAsync();
        await AssertStoredAlikeAsync(BulkTables.Snapshots, "indicator_code", Key("ef"), Key("bulk"), code => new IndicatorSnapshot
        {
            UnitId = unit.Id, PeriodKey = 20234, IndicatorCode = code, Numerator = 1432, Denominator = 1451.5m, OwnNumerator = 12,
            OwnDenominator = 0, Value = 98.6565m, Target = 98, Met = true, ComputedAt = At, ClosedAt = null, CorrectedAt = At.AddDays(40),
        });
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

        var source = Key("bulk");
        await AssertStoredAlikeAsync(BulkTables.AuditEntries, "source", Key("ef"), source, Entry);
        await using var db = server.CreateContext();
        var read = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.Source == source);
        Assert.Equal(Entry("").Changes.Select(c => (c.Field, c.Old, c.New)), read.Changes.Select(c => (c.Field, c.Old, c.New)));
    }

    /// <summary>Set by the save (a record's place in the change feed) or hashed with the key: they differ between the two rows by design.</summary>
    private static readonly string[] FeedColumns = ["change_sequence", "content_hash"];

    private readonly string run = Guid.NewGuid().ToString("N")[..8];

    private string Key(string writer) => $"bulk-{run}-{writer}";

    private static long UnusedSequence() => Random.Shared.NextInt64(1L << 50, 1L << 52);

    /// <summary>Writes the row once through EF Core and once in bulk, told apart by the key column only, and compares every other column as the database prints it (but those <paramref name="unlike"/>).</summary>
    private async Task AssertStoredAlikeAsync<T>(BulkTable<T> table, string keyColumn, string efKey, string bulkKey, Func<string, T> row, string[]? unlike = null)
        where T : class
    {
        await using var db = server.CreateContext();
        db.Add(row(efKey));
        await db.SaveChangesAsync();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await BulkInsert.InsertAsync(db, table, [row(bulkKey)], CancellationToken.None);
            await transaction.CommitAsync();
        }

        var columns = table.Columns.Select(c => c.Name).Where(c => c != keyColumn && unlike?.Contains(c) != true).ToList();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", columns.Select(c => $"CAST({c} AS text)"))} FROM {table.Name} WHERE {keyColumn} IN ('{efKey}', '{bulkKey}')";
        var rows = new List<string?[]>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add([.. columns.Select((_, i) => reader.IsDBNull(i) ? null : reader.GetString(i))]);
            }
        }

        Assert.Equal(2, rows.Count);
        Assert.Equal(columns.Zip(rows[1]), columns.Zip(rows[0]));
    }

    private static IOrderedEnumerable<string> ColumnsOf(Data.FriendlyGovDbContext db, Type type)
    {
        var entity = db.Model.FindEntityType(type)!;
        var owned = entity.GetNavigations().Where(n => n.TargetEntityType.IsOwned()).SelectMany(n => n.TargetEntityType.GetProperties());
        return entity.GetProperties().Concat(owned).Where(p => !p.IsPrimaryKey() && p.GetComputedColumnSql() is null).Select(p => p.GetColumnName())
            .Concat(entity.GetComplexProperties().Select(p => p.ComplexType.GetContainerColumnName()!)).Order();
    }
}

public sealed class SqliteBulkInsertFacts(SqliteGrpcServer server) : BulkInsertFacts<SqliteGrpcServer>(server);

public sealed class PostgresBulkInsertFacts(PostgresGrpcServer server) : BulkInsertFacts<PostgresGrpcServer>(server)
{
    [Fact]
    public Task ADossierWrittenInBulkIsStoredExactlyAsEntityFrameworkStoresIt() => AssertADossierWrittenInBulkIsStoredExactlyAsEntityFrameworkStoresItAsync();
}
