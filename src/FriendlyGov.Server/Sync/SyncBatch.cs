using FriendlyGov.Domain;
using FriendlyGov.Grpc.V1;
using Google.Protobuf.Collections;
using Grpc.Core;

namespace FriendlyGov.Server.Sync;

/// <summary>
/// The broken rules of one batch: which records break one, how many rules are broken in all, and
/// the first <see cref="GrpcErrors.MaxListedViolations"/> as `records[i].field`. A batch of a
/// thousand bad records breaks tens of thousands of rules; a status or a result lists a readable
/// part, and says how many there were.
/// </summary>
public sealed class BatchViolations
{
    private readonly List<FieldError> _listed = [];
    private readonly HashSet<int> _invalidRecords = [];

    public IReadOnlyList<FieldError> Listed => _listed;

    public int Count { get; private set; }

    public bool Any => Count > 0;

    public bool IsInvalid(int index) => _invalidRecords.Contains(index);

    /// <summary>Adds the broken rules of record <paramref name="index"/>, named within the record.</summary>
    public void Add(int index, IEnumerable<FieldError> errors)
    {
        foreach (var error in errors)
        {
            Count++;
            _invalidRecords.Add(index);
            if (_listed.Count < GrpcErrors.MaxListedViolations)
            {
                _listed.Add(error with { Field = $"records[{index}].{error.Field}" });
            }
        }
    }

    /// <summary>INVALID_ARGUMENT for an Upsert call whose batch breaks rules.</summary>
    public void ThrowIfAny(int batchSize)
    {
        if (Any)
        {
            GrpcErrors.InvalidArgument(_listed, $"{_invalidRecords.Count} of {batchSize} records break {Count} rules; nothing was written.", Count);
        }
    }
}

/// <summary>
/// Batches hold 1 to 1000 records. In bulk sync streams a batch with broken rules is rejected
/// whole and the stream goes on; a batch that fails unexpectedly ends the stream, named
/// (<see cref="SyncBatchException"/>), with every earlier batch committed.
/// </summary>
public static class SyncBatch
{
    public const int MaxBatchSize = 1000;

    /// <summary>Longest key a result repeats: a key that long is invalid anyway, and echoing it whole would only grow the response.</summary>
    private const int MaxEchoedKeyLength = 100;

    /// <summary>INVALID_ARGUMENT `records` unless the batch holds 1 to 1000 records.</summary>
    public static void CheckSize(int count)
    {
        if (count is 0 or > MaxBatchSize)
        {
            GrpcErrors.InvalidArgument("records", $"a batch holds 1 to {MaxBatchSize} records, not {count}");
        }
    }

    /// <summary>
    /// Maps and applies one batch. An unexpected failure is tagged with the batch's index, for
    /// <see cref="ServerErrorInterceptor"/> to report; RpcExceptions raised on purpose pass as they are.
    /// </summary>
    public static async Task<List<UpsertResult>> ApplyAsync(int batchIndex, Func<Task<List<UpsertResult>>> apply)
    {
        try
        {
            return await apply();
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw new SyncBatchException(batchIndex, e);
        }
    }

    public static List<UpsertResult> Rejected(IEnumerable<string> keys, BatchViolations violations, int batchIndex, string reason = "the record breaks rules") =>
        keys.Select((key, index) =>
        {
            var prefix = $"records[{index}].";
            var result = new UpsertResult
            {
                Index = index,
                BatchIndex = batchIndex,
                Code = Echoed(key),
                Outcome = UpsertOutcome.Rejected,
            };
            result.FieldViolations.AddRange(violations.Listed.Where(e => e.Field.StartsWith(prefix, StringComparison.Ordinal))
                .Select(e => new FriendlyGov.Grpc.V1.FieldViolation { Field = e.Field, Description = e.Message }));
            result.Reason = !violations.IsInvalid(index) ? "another record of its batch breaks rules"
                : result.FieldViolations.Count > 0 ? reason
                : $"{reason} (a batch lists only its first {GrpcErrors.MaxListedViolations} violations)";
            return result;
        }).ToList();

    /// <summary>A record's key as a result repeats it: at most 100 characters (a longer key is invalid anyway).</summary>
    public static string Echoed(string key) => key.Length <= MaxEchoedKeyLength ? key : key[..MaxEchoedKeyLength] + "…";

    /// <summary>Keeps the results a sync reports (skipped and rejected), up to a limit; true when some were left out.</summary>
    public static bool KeepReported(RepeatedField<UpsertResult> kept, IEnumerable<UpsertResult> results, int limit)
    {
        var truncated = false;
        foreach (var result in results.Where(r => r.Outcome is UpsertOutcome.SkippedStale or UpsertOutcome.Rejected))
        {
            if (kept.Count < limit)
            {
                kept.Add(result);
            }
            else
            {
                truncated = true;
            }
        }

        return truncated;
    }
}

/// <summary>One batch of a sync stream failed unexpectedly; the batches before it are committed.</summary>
public sealed class SyncBatchException(int batchIndex, Exception inner)
    : Exception($"Batch {batchIndex} of the sync stream failed: {inner.Message}", inner)
{
    public int BatchIndex { get; } = batchIndex;
}
