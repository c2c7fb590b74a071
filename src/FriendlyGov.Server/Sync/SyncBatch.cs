using FriendlyGov.Domain;
using FriendlyGov.Grpc.V1;
using Google.Protobuf.Collections;
using Grpc.Core;

namespace FriendlyGov.Server.Sync;

/// <summary>
/// Bulk sync streams: a batch with broken rules is rejected whole and the stream goes on; a batch
/// that fails unexpectedly ends the stream, named (<see cref="SyncBatchException"/>), with every
/// earlier batch committed.
/// </summary>
public static class SyncBatch
{
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

    public static List<UpsertResult> Rejected(IEnumerable<string> keys, IReadOnlyList<FieldError> errors, int batchIndex) =>
        keys.Select((key, index) =>
        {
            var prefix = $"records[{index}].";
            var result = new UpsertResult { Index = index, BatchIndex = batchIndex, Code = key, Outcome = UpsertOutcome.Rejected };
            result.FieldViolations.AddRange(errors.Where(e => e.Field.StartsWith(prefix, StringComparison.Ordinal))
                .Select(e => new FriendlyGov.Grpc.V1.FieldViolation { Field = e.Field, Description = e.Message }));
            result.Reason = result.FieldViolations.Count > 0 ? "the record breaks rules" : "another record of its batch breaks rules";
            return result;
        }).ToList();

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
