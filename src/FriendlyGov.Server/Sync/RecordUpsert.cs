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

    /// <summary>
    /// What writing this record must keep other writers away from while the batch decides and writes:
    /// its own key, and any record its write links to (a survey's dossier), prefixed by kind.
    /// </summary>
    IEnumerable<string> LockKeys(TRecord record);

    /// <summary>The contract's field of the key reported back ("code", "key"), named when the key is refused.</summary>
    string KeyField { get; }

    /// <summary>Why a key held by a record outside the caller's unit subtree is refused: one fixed sentence.</summary>
    string KeyHeldOutsideSubtree { get; }

    /// <summary>The stored records matching these, untracked, by <see cref="MatchKey"/>.</summary>
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
/// version with other content) is skipped and reported. A batch holds the locks of its records' keys
/// (<see cref="ChangeFeedSequence.LockRecordsAsync"/>) from the first read of the stored versions to
/// commit, so no other writer of those records slips in between; writers of other records go on.
/// A key already held by a record of a unit outside the caller's subtree refuses the whole
/// batch (REJECTED, see <see cref="ThrowIfRefused"/>), whatever unit, version or content the
/// request carries: a write never reaches such a record, and the answer says nothing of it. A
/// record moves between units only through a client whose subtree holds both.
/// </summary>
public static class RecordUpsert
{
    public static async Task<List<UpsertResult>> ApplyAsync<TRecord>(
        FriendlyGovDbContext db, IUpsertTarget<TRecord> target, IReadOnlyList<IncomingRecord<TRecord>> batch, Caller caller, ReferenceCodes codes,
        bool validateOnly, int batchIndex, CancellationToken cancellationToken)
        where TRecord : class, IRecord, IChangeFeedRecord, IRolledUpRecord
    {
        var results = new List<UpsertResult>(batch.Count);
        var created = new List<TRecord>();
        var replaced = new List<TRecord>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await ChangeFeedSequence.LockRecordsAsync(db, [.. batch.SelectMany(b => target.LockKeys(b.Record))], cancellationToken);
        var stored = await target.LoadStoredAsync(db, batch.Select(b => b.Record).ToList(), cancellationToken);

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
