using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace FriendlyGov.Data;

/// <summary>The single row that hands out change sequences on SQLite.</summary>
public sealed class ChangeCounter
{
    public int Id { get; set; }

    public long LastSequence { get; set; }
}

/// <summary>Where the committed feed ends, and how many units exist once it is known to end there.</summary>
public readonly record struct FeedMark(long Committed, long UnitCount);

/// <summary>
/// Change positions (change_sequence) that a feed reader can follow without ever skipping a record
/// that commits later with a lower position, and the locks that keep two writers of one record apart.
/// <para>
/// PostgreSQL: writers do not wait for each other. A writer takes a shared advisory lock, the
/// "writer's mark", then draws positions from the <c>change_positions</c> sequence; the lock lasts
/// until its transaction ends. A reader reads the sequence's last value L in one statement and, in
/// the next, which transactions hold the writer's mark: any writer that drew a position ≤ L took the
/// mark before, so it is in that list unless it has ended. Once they have all ended, everything ≤ L
/// is committed or rolled back for good (a rollback leaves a hole, which no reader waits for). The
/// reader waits for transactions, not for positions, and only for writers of the feed. (A snapshot's
/// in-flight list is not enough: it omits running transactions whose ids are above the last
/// completed one, which is how a first version of this skipped whole batches.)
/// Writers of the same record are kept apart by the record's row, not by a lock per key (a
/// thousand-record batch would hold a thousand entries of the shared lock table, which a few
/// concurrent batches exhaust): a batch reads the stored rows it may replace FOR UPDATE, and two
/// writers of the same new key meet at its unique index (the second one's batch is tried again).
/// </para>
/// <para>
/// SQLite has one writer at a time by nature: a writer updates the one counter row inside its
/// transaction, which holds the database's write lock until it ends, so positions become visible
/// in commit order and the counter's value is the mark.
/// </para>
/// </summary>
public static class ChangeFeedSequence
{
    // The writer's mark: an advisory lock of the two-key form; FriendlyGov's first key, the second 1 (SurveyLinks' is 2).
    public const int AdvisoryLockSpace = 1179058176;
    private const string WriterMark = "1179058176, 1";
    private const string WriterMarkHolders =
        "SELECT array_agg(virtualtransaction) FROM pg_locks WHERE locktype = 'advisory' AND classid = 1179058176 AND objid = 1 AND objsubid = 2 AND granted";

    /// <summary>PostgreSQL: the last position handed out, committed or not.</summary>
    public const string LastDrawn = "SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM change_positions";

    /// <summary>
    /// SQLite: takes the counter row (the database's write lock) at the start of a batch, so that what the
    /// batch reads cannot change before it writes. PostgreSQL: nothing; the batch locks the rows it reads.
    /// </summary>
    public static async Task LockWritersAsync(FriendlyGovDbContext db, CancellationToken cancellationToken)
    {
        if (db.Provider != DatabaseProvider.PostgreSql)
        {
            await AdvanceCounterAsync(db, CurrentTransaction(db), 0, cancellationToken);
        }
    }

    /// <summary>Reserves <paramref name="count"/> positions, in increasing order, for records written in the current transaction.</summary>
    public static async Task<long[]> ReserveAsync(FriendlyGovDbContext db, int count, CancellationToken cancellationToken)
    {
        var transaction = CurrentTransaction(db);
        if (db.Provider != DatabaseProvider.PostgreSql)
        {
            var first = await AdvanceCounterAsync(db, transaction, count, cancellationToken) - count + 1;
            return [.. Enumerable.Range(0, count).Select(i => first + i)];
        }

        // The writer's mark first: a reader that sees these positions below its L must find this
        // transaction among the mark's holders (or ended).
        await using var command = Command(db, transaction,
            $"SELECT pg_advisory_xact_lock_shared({WriterMark}); SELECT nextval('change_positions') FROM generate_series(1, @count)");
        command.Parameters.Add(new NpgsqlParameter<int>("count", count));
        var positions = new long[count];
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        for (var i = 0; await reader.ReadAsync(cancellationToken); i++)
        {
            positions[i] = reader.GetInt64(0);
        }

        Array.Sort(positions);
        return positions;
    }

    /// <summary>
    /// The feed's mark and the unit count, on the context's open connection (outside a transaction):
    /// every record up to the mark is committed (or gone for good), and the unit count is read after
    /// that held, so a unit list loaded after this holds every unit such a record can name.
    /// </summary>
    public static async Task<FeedMark> ReadMarkAsync(FriendlyGovDbContext db, CancellationToken cancellationToken)
    {
        const string UnitCount = "SELECT count(*) FROM units";
        if (db.Provider != DatabaseProvider.PostgreSql)
        {
            await using var counter = Command(db, null, $"SELECT last_sequence, ({UnitCount}) FROM change_counter WHERE id = 1");
            await using var row = await counter.ExecuteReaderAsync(cancellationToken);
            await row.ReadAsync(cancellationToken);
            return new FeedMark(row.GetInt64(0), row.GetInt64(1));
        }

        // Three statements in order: L, the writers in flight, then the unit count, whose snapshot is
        // taken after those writers were seen (none in flight: nothing to wait for).
        long mark;
        string[] writers;
        await using (var command = Command(db, null, $"{LastDrawn}; {WriterMarkHolders}; {UnitCount}"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            mark = reader.GetInt64(0);
            await reader.NextResultAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            writers = reader.IsDBNull(0) ? [] : reader.GetFieldValue<string[]>(0);
            await reader.NextResultAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            if (writers.Length == 0)
            {
                return new FeedMark(mark, reader.GetInt64(0));
            }
        }

        // Wait for those writers' transactions (each holds the lock of its own virtual id to its end).
        var pause = TimeSpan.FromMilliseconds(2);
        while (true)
        {
            await using var wait = Command(db, null,
                $"SELECT EXISTS (SELECT FROM pg_locks WHERE locktype = 'virtualxid' AND virtualxid = ANY(@writers)); {UnitCount}");
            wait.Parameters.Add(new NpgsqlParameter<string[]>("writers", writers));
            await using var reader = await wait.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            if (!reader.GetBoolean(0))
            {
                await reader.NextResultAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                return new FeedMark(mark, reader.GetInt64(0));
            }

            await reader.DisposeAsync();
            await Task.Delay(pause, cancellationToken);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromMilliseconds(100).Ticks));
        }
    }

    /// <summary>The last position handed out (committed or not): what a write that wrote nothing must leave unchanged.</summary>
    public static async Task<long> LastReservedAsync(FriendlyGovDbContext db, CancellationToken cancellationToken)
    {
        await using var command = Command(db, null,
            db.Provider == DatabaseProvider.PostgreSql ? LastDrawn : "SELECT last_sequence FROM change_counter WHERE id = 1");
        var opened = db.Database.GetDbConnection().State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        try
        {
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    private static DbTransaction CurrentTransaction(FriendlyGovDbContext db) =>
        db.Database.CurrentTransaction?.GetDbTransaction()
        ?? throw new InvalidOperationException("Change positions and writers' locks are taken inside the writing transaction.");

    private static async Task<long> AdvanceCounterAsync(FriendlyGovDbContext db, DbTransaction transaction, int count, CancellationToken cancellationToken)
    {
        await using var command = Command(db, transaction, "UPDATE change_counter SET last_sequence = last_sequence + @count WHERE id = 1 RETURNING last_sequence");
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@count";
        parameter.Value = (long)count;
        command.Parameters.Add(parameter);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static DbCommand Command(FriendlyGovDbContext db, DbTransaction? transaction, string sql)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
