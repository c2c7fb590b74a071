using FriendlyGov.Data.Calendar;
using FriendlyGov.Data.Demo;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Data;

public static class DatabaseInitializer
{
    /// <summary>
    /// Applies the provider's migrations and the shipped holiday table (a SQLite file is switched to WAL for good), then recomputes the derived
    /// columns of rows written before them (<see cref="DerivedColumns"/>); says what it did.
    /// </summary>
    public static async Task<MigrationReport> MigrateAsync(FriendlyGovDbContext db, CancellationToken cancellationToken = default)
    {
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            // Write-ahead logging: readers see the last commit while the one writer writes. The mode is kept in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL", cancellationToken);
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        var holidays = await HolidayTable.SeedAsync(db, cancellationToken);
        return new MigrationReport(pending, holidays, await DerivedColumns.RefreshAsync(db, cancellationToken));
    }

    /// <summary>Seeds the demo records into an empty database, in one transaction; false when it holds units already.</summary>
    public static async Task<bool> SeedDemoDataAsync(FriendlyGovDbContext db, CancellationToken cancellationToken = default)
    {
        if (await db.Units.AnyAsync(cancellationToken))
        {
            return false;
        }

        var data = DemoData.Build(await HolidayTable.LoadAsync(db, cancellationToken));
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // In steps, so that each record's keys are known when its content hash is computed.
        db.Units.AddRange(data.Units);
        db.UnitSuccessions.AddRange(data.Successions);
        db.Procedures.AddRange(data.Procedures);
        db.Targets.AddRange(data.Targets);
        await db.SaveChangesAsync(cancellationToken);
        db.Dossiers.AddRange(data.Dossiers);
        await db.SaveChangesAsync(cancellationToken);
        db.Surveys.AddRange(data.Surveys);
        db.Letters.AddRange(data.Letters);
        db.ReceptionSessions.AddRange(data.Receptions);
        db.Dialogues.AddRange(data.Dialogues);
        db.Petitions.AddRange(data.Petitions);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return true;
    }
}

/// <summary>What a migration run applied: the migrations by name, the calendar days added from the shipped table, the dossiers recomputed.</summary>
public sealed record MigrationReport(IReadOnlyList<string> Applied, int CalendarDaysAdded, int Recomputed);
