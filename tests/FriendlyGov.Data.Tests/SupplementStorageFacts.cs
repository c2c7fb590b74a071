using System.Globalization;
using System.Text.Json;
using FriendlyGov.Data.Calendar;
using FriendlyGov.Domain.Dossiers;
using FriendlyGov.Domain.Units;
using FriendlyGov.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FriendlyGov.Data.Tests;

/// <summary>
/// Supplement requests are a complex collection stored as a JSON array in dossiers.supplements.
/// Rows stored before (an empty list as NULL by PostgreSQL's bulk writer, requests under their C#
/// property names) read back after the migration, and a replacement through Update() stores any change.
/// </summary>
public abstract class SupplementStorageFacts(DatabaseProvider provider)
{
    private static readonly DateTime Received = new(2024, 3, 4, 2, 15, 0, DateTimeKind.Utc);
    private static readonly string[] SupplementProperties = ["RequestedAt", "ResumedAt"];

    [Fact]
    public async Task RowsStoredBeforeTheMigrationReadBackAndAreReplacedThroughUpdate()
    {
        var options = provider == DatabaseProvider.Sqlite ? TestDatabases.NewSqlite() : await TestDatabases.NewPostgresAsync();
        try
        {
            await using (var db = DatabaseSetup.CreateContext(options))
            {
                // Rows written with today's model, then the schema taken back to before the migration (later
                // migrations add columns today's model writes), where the column gets the old shapes.
                await DatabaseInitializer.MigrateAsync(db);
                var (unit, procedure) = await ReferenceDataAsync(db);
                db.Dossiers.AddRange(NewDossier(unit, procedure, 1, []), NewDossier(unit, procedure, 2, []), NewDossier(unit, procedure, 3, []));
                await db.SaveChangesAsync();
                var migrations = db.Database.GetMigrations().ToList();
                var before = migrations[migrations.FindIndex(m => m.EndsWith("_SupplementsAsComplexCollection", StringComparison.Ordinal)) - 1];
                await db.GetService<IMigrator>().MigrateAsync(before);
                await SetRawAsync(db, 1, null);
                await SetRawAsync(db, 2, """[{"RequestedAt":"2024-03-04T03:15:00Z","ResumedAt":"2024-03-04T23:15:00Z"}]""");
                await SetRawAsync(db, 3, """[{"RequestedAt":"2024-03-04T03:15:00Z","ResumedAt":"2024-03-04T23:15:00Z"},{"RequestedAt":"2024-03-05T01:00:00Z","ResumedAt":null}]""");
            }

            await using (var db = DatabaseSetup.CreateContext(options))
            {
                await DatabaseInitializer.MigrateAsync(db);
                var stored = await db.Dossiers.AsNoTracking().OrderBy(d => d.Code).ToListAsync();

                Assert.Empty(stored[0].Supplements);
                Assert.Equal("[]", await RawAsync(db, 1));
                var answered = Assert.Single(stored[1].Supplements);
                Assert.Equal((Received.AddHours(1), Received.AddHours(21)), (answered.RequestedAt, answered.ResumedAt!.Value));
                Assert.Equal(DateTimeKind.Utc, answered.RequestedAt.Kind);
                Assert.Equal(2, stored[2].Supplements.Count);
                Assert.Null(stored[2].Supplements[1].ResumedAt);

                // As RecordUpsert replaces a stored dossier: a detached newer version, through Update().
                stored[0].Supplements = [new SupplementRequest { RequestedAt = Received.AddHours(2) }];
                stored[0].Status = DossierStatus.SupplementRequested;
                stored[1].Supplements.Add(new SupplementRequest { RequestedAt = Received.AddHours(30), ResumedAt = Received.AddHours(31) });
                stored[2].Supplements = [];
                stored[2].Status = DossierStatus.InProgress;
                foreach (var dossier in stored)
                {
                    dossier.SourceVersion++;
                    dossier.RefreshDerived();
                }

                db.UpdateRange(stored);
                await db.SaveChangesAsync();
            }

            await using (var db = DatabaseSetup.CreateContext(options))
            {
                var stored = await db.Dossiers.AsNoTracking().OrderBy(d => d.Code).ToListAsync();

                Assert.Null(Assert.Single(stored[0].Supplements).ResumedAt);
                Assert.Equal(2, stored[1].Supplements.Count);
                Assert.Equal(2, stored[1].SupplementCount);
                Assert.Empty(stored[2].Supplements);
                Assert.Equal("[]", await RawAsync(db, 3));

                // The bulk writer's JSON (DossierBulkWriter) is what EF Core writes: an array of objects under the C# names.
                var written = JsonDocument.Parse(await RawAsync(db, 2)).RootElement;
                Assert.Equal(JsonValueKind.Array, written.ValueKind);
                Assert.All(written.EnumerateArray(), s => Assert.Equal(SupplementProperties, s.EnumerateObject().Select(p => p.Name).Order()));
                Assert.Equal(Received.AddHours(30), DateTime.Parse(written[1].GetProperty("RequestedAt").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal));
            }
        }
        finally
        {
            await TestDatabases.DropAsync(options);
        }
    }

    private static async Task<(AdministrativeUnit Unit, Procedure Procedure)> ReferenceDataAsync(FriendlyGovDbContext db)
    {
        var unit = AdministrativeUnit.Create("99002", "Xã Bổ Sung", UnitLevel.Commune, null, new DateOnly(2020, 1, 1));
        var procedure = new Procedure { Code = "9.999998", Name = "Thủ tục thử", Field = "Thử", ProcessingWorkingDays = 3, OnlineCapability = OnlineCapability.FullyOnline };
        db.Units.Add(unit);
        db.Procedures.Add(procedure);
        await db.SaveChangesAsync();
        return (unit, procedure);
    }

    private static Dossier NewDossier(AdministrativeUnit unit, Procedure procedure, int sequence, List<SupplementRequest> supplements) => new()
    {
        Code = CodeOf(sequence),
        UnitId = unit.Id,
        ProcedureId = procedure.Id,
        Channel = DossierChannel.Online,
        OnlineLevel = OnlineLevel.FullyOnline,
        ReceivedAt = Received,
        DueAt = HolidayTable.Shipped().DueTimeUtc(Received, procedure.ProcessingWorkingDays),
        Status = DossierStatus.InProgress,
        Supplements = supplements,
        SourceSystem = "TEST",
        SourceVersion = 1,
        UpdatedAt = Received,
    };

    private static string CodeOf(int sequence) => $"000.00.99002.H56-240304-{sequence:0000}";

    /// <summary>Writes the column as an earlier version of the product left it.</summary>
    private Task<int> SetRawAsync(FriendlyGovDbContext db, int sequence, string? json) => json is null
        ? db.Database.ExecuteSqlRawAsync("UPDATE dossiers SET supplements = NULL WHERE code = {0}", CodeOf(sequence))
        : db.Database.ExecuteSqlRawAsync(
            provider == DatabaseProvider.PostgreSql ? "UPDATE dossiers SET supplements = CAST({0} AS jsonb) WHERE code = {1}" : "UPDATE dossiers SET supplements = {0} WHERE code = {1}",
            json, CodeOf(sequence));

    private static Task<string> RawAsync(FriendlyGovDbContext db, int sequence) =>
        db.Database.SqlQueryRaw<string>("SELECT CAST(supplements AS TEXT) AS \"Value\" FROM dossiers WHERE code = {0}", CodeOf(sequence)).SingleAsync();
}

public sealed class SupplementStorageFactsOnSqlite() : SupplementStorageFacts(DatabaseProvider.Sqlite);

public sealed class SupplementStorageFactsOnPostgres() : SupplementStorageFacts(DatabaseProvider.PostgreSql);
