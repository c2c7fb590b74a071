using FriendlyGov.Data;
using FriendlyGov.Domain;
using FriendlyGov.Domain.Indicators;
using FriendlyGov.Grpc.V1;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Sync;

/// <summary>A record of a batch, mapped and checked, with its position and the key reported back (dossier code, survey key).</summary>
public sealed record IncomingRecord<TRecord>(int Index, string Key, TRecord Record);

/// <summary>How one kind of synced record is matched with what is stored.</summary>
public interface IUpsertTarget<TRecord>
    where TRecord : class, IRecord, IChangeFeedRecord, IRolledUpRecord
{
    /// <summary>The key a record is matched by: the dossier code; the survey's source system and key.</summary>
    string MatchKey(TRecord record);

    /// <summary>What writing these records must hold before the batch reads what is stored: the survey link lock (<see cref="Surveys.SurveyLinks"/>).</summary>
    Task LockAsync(FriendlyGovDbContext db, IReadOnlyList<TRecord> records, CancellationToken cancellationToken);

    /// <summary>The contract's field of the key reported back ("code", "key"), named when the key is refused.</summary>
    string KeyField { get; }

    /// <summary>Why a key held by a record outside the caller's unit subtree is refused: one fixed sentence.</summary>
    string KeyHeldOutsideSubtree { get; }

    /// <summary>The stored records matching these, untracked, by <see cref="MatchKey"/>; on PostgreSQL locked FOR UPDATE in key order until the transaction ends.</summary>
    Task<Dictionary<string, TRecord>> LoadStoredAsync(FriendlyGovDbContext db, IReadOnlyList<TRecord> records, CancellationToken cancellationToken);

    /// <summary>Makes the incoming record the replacement of the stored one (same id; fields the sender may omit kept).</summary>
    void PrepareReplacement(TRecord stored, TRecord incoming);

    /// <summary>Writes new records and replacements in the current transaction; by default through EF Core.</summary>
    Task WriteAsync(FriendlyGovDbContext db, IReadOnlyList<TRecord> created, IReadOnlyList<TRecord> replaced, CancellationToken cancellationToken) =>
        RecordUpsert.WriteWithEntityFrameworkAsync(db, created, replaced, cancellationToken);
}

/// <summary>
/// Idempotent, version-checked upsert of one batch in one transaction: new or newer records are
/// applied, the same version with the same content is unchanged, anything older (or the same
/// version with other content) is skipped and reported. A batch locks the stored rows it reads (on
/// SQLite the database's write lock, <see cref="ChangeFeedSequence.LockWritersAsync"/>) until it
/// commits, so no other writer of those records slips in between; writers of other records go on. Two
/// batches that bring the same new key at once meet at the key's unique index: the one that loses
/// is tried again, and then finds the winner's record stored.
/// A key already held by a record of a unit outside the caller's subtree refuses the whole
/// batch (REJECTED, see <see cref="ThrowIfRefused"/>), whatever unit, version or content the
/// request carries: a write never reaches such a record, and the answer says nothing of it. A
/// record moves between units only through a client whose subtree holds both.
/// </summary>
public static class RecordUpsert
{
    // A batch that lost the race for a new key this many times in a row fails (it never has in a test).
    private const int MaxAttempts = 5;

    public static async Task<List<UpsertResult>> ApplyAsync<TRecord>(
        FriendlyGovDbContext db, IUpsertTarget<TRecord> target, IReadOnlyList<IncomingRecord<TRecord>> batch, Caller caller, ReferenceCodes codes,
        bool validateOnly, int batchIndex, CancellationToken cancellationToken)
        where TRecord : class, IRecord, IChangeFeedRecord, IRolledUpRecord
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ApplyOnceAsync(db, target, batch, caller, codes, validateOnly, batchIndex, cancellationToken);
            }
            catch (Exception e) when (attempt < MaxAttempts && (DatabaseErrors.IsUniqueViolation(e) || DatabaseErrors.IsDeadlock(e)))
            {
                // Another batch stored one of these new keys first (or the two met in a circle, which PostgreSQL broke): decide again on what is stored.
                db.ChangeTracker.Clear();
            }
        }
    }

    private static async Task<List<UpsertResult>> ApplyOnceAsync<TRecord>(
        FriendlyGovDbContext db, IUpsertTarget<TRecord> target, IReadOnlyList<IncomingRecord<TRecord>> batch, Caller caller, ReferenceCodes codes,
        bool validateOnly, int batchIndex, CancellationToken cancellationToken)
        where TRecord : class, IRecord, IChangeFeedRecord, IRolledUpRecord
    {
        var results = new List<UpsertResult>(batch.Count);
        var created = new List<TRecord>();
        var replaced = new List<TRecord>();
        var records = batch.Select(b => b.Record).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await ChangeFeedSequence.LockWritersAsync(db, cancellationToken);
        await target.LockAsync(db, records, cancellationToken);
        var stored = await target.LoadStoredAsync(db, records, cancellationToken);

        // Decided on what is stored under the locks: no writer can move a record in between.
        var heldOutside = new BatchViolations();
        foreach (var b in batch.Where(b => stored.TryGetValue(target.MatchKey(b.Record), out var current) && !caller.SeesUnit(codes.UnitsById[current.UnitId].Path)))
        {
            heldOutside.Add(b.Index, [new FieldError(target.KeyField, target.KeyHeldOutsideSubtree)]);
        }

        if (heldOutside.Any)
        {
            db.ChangeTracker.Clear();
            return SyncBatch.Rejected(batch.Select(b => b.Key), heldOutside, batchIndex, target.KeyHeldOutsideSubtree);
        }

        foreach (var (index, key, record) in batch)
        {
            var result = new UpsertResult { Index = index, BatchIndex = batchIndex, Code = key };
            if (!stored.TryGetValue(target.MatchKey(record), out var current))
            {
                result.Outcome = UpsertOutcome.Applied;
                created.Add(record);
            }
            else
            {
                target.PrepareReplacement(current, record);
                record.RefreshDerived();
                result.StoredSourceVersion = current.SourceVersion;
                if (current.SourceVersion < record.SourceVersion)
                {
                    result.Outcome = UpsertOutcome.Applied;
                    result.StoredSourceVersion = 0;
                    replaced.Add(record);

                    // The replaced version counted where it was placed: that unit and quarter change too.
                    db.RollupMarks.Add(new RollupMark { UnitId = current.UnitId, FromQuarter = (int)db.Entry(current).Property(current.QuarterProperty).CurrentValue! });
                }
                else if (current.SourceVersion == record.SourceVersion && current.ContentHash == record.ContentHash)
                {
                    result.Outcome = UpsertOutcome.Unchanged;
                }
                else
                {
                    result.Outcome = UpsertOutcome.SkippedStale;
                    result.Reason = current.SourceVersion == record.SourceVersion
                        ? $"stored source_version {current.SourceVersion} has other content; send a greater source_version to change the record"
                        : $"stored source_version {current.SourceVersion} is newer than {record.SourceVersion}";
                }
            }

            results.Add(result);
        }

        if (!validateOnly && created.Count + replaced.Count > 0)
        {
            // New keys in one order in every batch: two batches sharing some wait for each other at the first, never in a circle.
            created.Sort((a, b) => string.CompareOrdinal(target.MatchKey(a), target.MatchKey(b)));
            await target.WriteAsync(db, created, replaced, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        db.ChangeTracker.Clear();
        return results;
    }

    /// <summary>
    /// Upsert calls: a batch refused because a key is held outside the caller's subtree fails
    /// whole with PERMISSION_DENIED, its google.rpc.BadRequest naming each such record's key.
    /// </summary>
    public static void ThrowIfRefused(IReadOnlyList<UpsertResult> results)
    {
        var violations = results.SelectMany(r => r.FieldViolations).Select(v => new FieldError(v.Field, v.Description)).ToList();
        if (violations.Count > 0)
        {
            GrpcErrors.PermissionDenied(violations, $"Keys held by records outside the client's unit subtree: {violations.Count}; nothing was written.");
        }
    }

    public static async Task WriteWithEntityFrameworkAsync<TRecord>(FriendlyGovDbContext db, IReadOnlyList<TRecord> created, IReadOnlyList<TRecord> replaced, CancellationToken cancellationToken)
        where TRecord : class
    {
        db.AddRange(created);
        db.UpdateRange(replaced);
        await db.SaveChangesAsync(cancellationToken);
    }

    public static void Count(UpsertTotals totals, IEnumerable<UpsertResult> results)
    {
        foreach (var result in results)
        {
            switch (result.Outcome)
            {
                case UpsertOutcome.Applied: totals.AppliedCount++; break;
                case UpsertOutcome.Unchanged: totals.UnchangedCount++; break;
                case UpsertOutcome.SkippedStale: totals.SkippedStaleCount++; break;
                case UpsertOutcome.Rejected: totals.RejectedCount++; break;
            }
        }
    }
}
