using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace FriendlyGov.Data;

/// <summary>The single row that hands out change sequences.</summary>
public sealed class ChangeCounter
{
    public int Id { get; set; }

    public long LastSequence { get; set; }
}

/// <summary>
/// Change sequences in commit order, on both providers, without a gap a reader could skip.
/// A writer updates the one counter row inside its transaction, which locks the row until the
/// transaction ends: the next writer gets its sequences only after this one has committed or
/// rolled back. So a reader that has seen sequence n has seen every committed sequence below n
/// (the classic gap — B commits 11 while A still holds 10 — cannot happen). The price: writes of
/// synced records are serialised from their first counter update to their commit.
/// </summary>
public static class ChangeFeedSequence
{
    /// <summary>Takes the counter's lock (if not held yet) and returns the last sequence handed out.</summary>
    public static Task<long> LockAsync(FriendlyGovDbContext db, CancellationToken cancellationToken) =>
        AdvanceAsync(db, 0, cancellationToken);

    /// <summary>Reserves <paramref name="count"/> sequences and returns the first of them.</summary>
    public static async Task<long> ReserveAsync(FriendlyGovDbContext db, int count, CancellationToken cancellationToken) =>
        await AdvanceAsync(db, count, cancellationToken) - count + 1;

    private static async Task<long> AdvanceAsync(FriendlyGovDbContext db, int count, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Change sequences are reserved inside the writing transaction.");
        }

        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction.GetDbTransaction();
        command.CommandText = "UPDATE change_counter SET last_sequence = last_sequence + @count WHERE id = 1 RETURNING last_sequence";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@count";
        parameter.Value = (long)count;
        command.Parameters.Add(parameter);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
