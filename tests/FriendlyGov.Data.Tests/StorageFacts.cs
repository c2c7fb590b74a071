using FriendlyGov.Data.Calendar;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Calendar;
using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Domain.Units;
using FriendlyGov.Testing;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Data.Tests;

/// <summary>Schema and persistence on an empty, freshly migrated database of each provider.</summary>
public abstract class StorageFacts<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : DatabaseFixture
{
    [Fact]
    public async Task MigrationsApplyFromEmptyAndMatchTheModel()
    {
        await using var db = database.CreateContext();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "the model changed without a migration: run scripts/add-migration.sh");
    }

    [Fact]
    public async Task TheShippedHolidayTableIsCopiedIntoTheDatabase()
    {
        await using var db = database.CreateContext();
        var stored = await HolidayTable.LoadAsync(db);

        Assert.Equal(HolidayTable.Shipped().Days, stored.Days);
        Assert.False(stored.IsWorkingDay(new DateOnly(2024, 2, 12)), "Tết 2024");
    }

    [Fact]
    public async Task ADossierRoundTripsWithItsSupplementsApplicantAndUtcTimes()
    {
        var (unit, procedure) = await ReferenceDataAsync();
        var received = new DateTime(2024, 3, 4, 2, 15, 0, DateTimeKind.Utc);
        var code = $"000.00.{unit.Code}.H56-240304-0001";
        await using (var db = database.CreateContext())
        {
            db.Dossiers.Add(NewDossier(unit, procedure, code, received));
            await db.SaveChangesAsync();
        }

        await using (var db = database.CreateContext())
        {
            var stored = await db.Dossiers.SingleAsync(d => d.Code == code);

            Assert.Equal(received, stored.ReceivedAt);
            Assert.Equal(DateTimeKind.Utc, stored.ReceivedAt.Kind);
            Assert.Equal(20241, stored.ReceivedQuarter);
            Assert.Equal(stored.DueAt + TimeSpan.FromHours(20), stored.EffectiveDueAt);
            var supplement = Assert.Single(stored.Supplements);
            Assert.Equal(received.AddHours(1), supplement.RequestedAt);
            Assert.Equal("038123456789", stored.Applicant.IdNumber);
        }
    }

    /// <summary>
    /// A row written before a migration added a derived column (version 0, the column empty) gets it
    /// at the next migrate, from its own fields; its content, its version and its place in the change
    /// feed stay as they were, and its unit waits for the incremental rollup from its quarter.
    /// </summary>
    [Fact]
    public async Task ADossierWrittenBeforeAMigrationGetsItsDerivedColumnsAtTheNextMigrate()
    {
        var (unit, procedure) = await ReferenceDataAsync();
        var received = new DateTime(2024, 6, 10, 2, 0, 0, DateTimeKind.Utc);
        var code = $"000.00.{unit.Code}.H56-240610-0001";
        var written = NewDossier(unit, procedure, code, received);
        await using (var db = database.CreateContext())
        {
            db.Dossiers.Add(written);
            await db.SaveChangesAsync();
            await db.RollupMarks.ExecuteDeleteAsync();
            await db.Dossiers.Where(d => d.Code == code).ExecuteUpdateAsync(s => s.SetProperty(d => d.LateAt, (DateTime?)null).SetProperty(d => d.DerivedVersion, 0));
        }

        int recomputed;
        await using (var db = database.CreateContext())
        {
            recomputed = (await DatabaseInitializer.MigrateAsync(db)).Recomputed;
        }

        await using var check = database.CreateContext();
        var stored = await check.Dossiers.AsNoTracking().SingleAsync(d => d.Code == code);
        Assert.Equal(1, recomputed);
        Assert.Equal(stored.DueAt.AddHours(20), stored.LateAt);
        Assert.Equal(Dossier.CurrentDerivedVersion, stored.DerivedVersion);
        Assert.Equal((written.ChangeSequence, written.ContentHash, written.UpdatedAt), (stored.ChangeSequence, stored.ContentHash, stored.UpdatedAt));
        Assert.Contains(await check.RollupMarks.ToListAsync(), m => m.UnitId == unit.Id && m.FromQuarter == 20242);
    }

    [Fact]
    public async Task AnInvalidRecordInASaveWritesNothingAndNamesTheField()
    {
        var (unit, procedure) = await ReferenceDataAsync();
        var received = new DateTime(2024, 5, 6, 2, 0, 0, DateTimeKind.Utc);
        await using var db = database.CreateContext();
        var good = NewDossier(unit, procedure, $"000.00.{unit.Code}.H56-240506-0001", received);
        var bad = NewDossier(unit, procedure, $"000.00.{unit.Code}.H56-240506-0002", received);
        bad.DueAt = received.AddDays(-1);
        db.Dossiers.AddRange(good, bad);

        var error = await Assert.ThrowsAsync<DomainValidationException>(() => db.SaveChangesAsync());

        Assert.Contains(error.Errors, e => e.Field == "due_time");
        await using var check = database.CreateContext();
        Assert.False(await check.Dossiers.AnyAsync(d => d.Code.Contains("-240506-")));
    }

    [Fact]
    public async Task TheNationalDossierCodeIsUnique()
    {
        var (unit, procedure) = await ReferenceDataAsync();
        var received = new DateTime(2024, 6, 3, 2, 0, 0, DateTimeKind.Utc);
        var code = $"000.00.{unit.Code}.H56-240603-0001";
        await using (var db = database.CreateContext())
        {
            db.Dossiers.Add(NewDossier(unit, procedure, code, received));
            await db.SaveChangesAsync();
        }

        await using var again = database.CreateContext();
        again.Dossiers.Add(NewDossier(unit, procedure, code, received));
        await Assert.ThrowsAsync<DbUpdateException>(() => again.SaveChangesAsync());
    }

    [Fact]
    public async Task ASubtreeIsAPathPrefixAtAnyDepth()
    {
        await using var db = database.CreateContext();
        var province = AdministrativeUnit.Create("91", "Tỉnh Thử", UnitLevel.Province, null, new DateOnly(2000, 1, 1));
        var district = AdministrativeUnit.Create("911", "Huyện Thử", UnitLevel.District, province, new DateOnly(2000, 1, 1), new DateOnly(2025, 7, 1));
        var commune = AdministrativeUnit.Create("91101", "Xã Thử", UnitLevel.Commune, district, new DateOnly(2000, 1, 1), new DateOnly(2025, 7, 1));
        db.Units.AddRange(province, district, commune);
        await db.SaveChangesAsync();

        var subtree = await db.Units.Where(u => u.Path.StartsWith(province.Path)).Select(u => u.Code).OrderBy(c => c).ToListAsync();

        Assert.Equal(["91", "911", "91101"], subtree);
        Assert.Equal("/91/911/91101/", commune.Path);
    }

    private async Task<(AdministrativeUnit Unit, Procedure Procedure)> ReferenceDataAsync()
    {
        await using var db = database.CreateContext();
        var unit = await db.Units.FirstOrDefaultAsync(u => u.Code == "99001");
        if (unit is null)
        {
            unit = AdministrativeUnit.Create("99001", "Xã Kiểm Thử", UnitLevel.Commune, null, new DateOnly(2020, 1, 1));
            db.Units.Add(unit);
            db.Procedures.Add(new Procedure { Code = "9.999999", Name = "Thủ tục thử", Field = "Thử", ProcessingWorkingDays = 3, OnlineCapability = OnlineCapability.FullyOnline });
            await db.SaveChangesAsync();
        }

        return (unit, await db.Procedures.SingleAsync(p => p.Code == "9.999999"));
    }

    private static Dossier NewDossier(AdministrativeUnit unit, Procedure procedure, string code, DateTime received) => new()
    {
        Code = code,
        UnitId = unit.Id,
        ProcedureId = procedure.Id,
        Channel = DossierChannel.Online,
        OnlineLevel = OnlineLevel.FullyOnline,
        ReceivedAt = received,
        DueAt = HolidayTable.Shipped().DueTimeUtc(received, procedure.ProcessingWorkingDays),
        Status = DossierStatus.InProgress,
        Supplements = [new SupplementRequest { RequestedAt = received.AddHours(1), ResumedAt = received.AddHours(21) }],
        Applicant = new Applicant { Name = "Lê Thị Hoa", IdNumber = "038123456789", Phone = "0912345678" },
        SourceSystem = "TEST",
        SourceVersion = 1,
        UpdatedAt = received,
    };
}

public sealed class StorageFactsOnSqlite(SqliteEmptyDatabase database) : StorageFacts<SqliteEmptyDatabase>(database);

public sealed class StorageFactsOnPostgres(PostgresEmptyDatabase database) : StorageFacts<PostgresEmptyDatabase>(database);
