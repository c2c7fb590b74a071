using System.Collections.Concurrent;
using FriendlyGov.Data;
using Npgsql;

namespace FriendlyGov.Server.Indicators;

/// <summary>
/// The locks of rollup runs, which die with their holder. A run holds two: its own (so that anyone
/// can tell that its server is alive) and, while it computes, the one rollup lock (so that no two
/// rollups run at once on any server).
/// <para>
/// On PostgreSQL both are transaction-level advisory locks (<c>pg_advisory_xact_lock</c>) in a
/// transaction kept open on a connection of the run's own, outside the pool, until the lease is
/// disposed. Transaction locks, not session locks, so that they work the same directly and behind
/// PgBouncer in transaction pooling mode, which hands a server session to a client only for the
/// length of a transaction: an open transaction keeps that session, and its locks, with the run.
/// PostgreSQL drops them when the transaction ends — at once when the process is killed (its
/// socket closes; PgBouncer then closes the server session it was using), within about a minute
/// when its machine vanishes (TCP keepalives of the session, or of PgBouncer's client side). The
/// open transaction holds no snapshot between statements (READ COMMITTED, no writes), so it keeps
/// no row version from vacuum.
/// On SQLite, Hangfire's storage is in memory and one process serves the file, so locks of the
/// process (one set per database file, shared by the hosts of a process) are enough: whatever a
/// previous process held is gone with it.
/// </para>
/// </summary>
public sealed class RollupLocks(DatabaseOptions database)
{
    /// <summary>How long a run waits for the rollup lock before it fails (and Hangfire retries it).</summary>
    public static readonly TimeSpan WaitLimit = TimeSpan.FromMinutes(30);

    // Advisory lock keys: the rollup lock in the two-int key space ("FGR", 0), runs in the bigint one ("FGR" << 40 | id).
    private const int RollupLockKey = 0x464752;
    private const long RunLockBase = 0x464752L << 40;

    private static readonly ConcurrentDictionary<string, ProcessLocks> LocksOfProcess = new(StringComparer.Ordinal);

    private ProcessLocks Local => LocksOfProcess.GetOrAdd(database.ConnectionString, _ => new ProcessLocks());

    /// <summary>Takes the run's lock, then waits for the rollup lock; disposing the result releases both.</summary>
    public async Task<IAsyncDisposable> AcquireAsync(long runId, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(WaitLimit);
        try
        {
            if (database.Provider != DatabaseProvider.PostgreSql)
            {
                var local = Local;
                while (!local.Runs.TryAdd(runId, 0))
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200), limit.Token);
                }

                try
                {
                    await local.Rollup.WaitAsync(limit.Token);
                }
                catch
                {
                    local.Runs.TryRemove(runId, out _);
                    throw;
                }

                return new ProcessLease(local, runId, holdsRollupLock: true);
            }

            var lease = await BeginAsync(runId, limit.Token);
            try
            {
                await ExecuteAsync(lease.Connection, "SELECT pg_advisory_xact_lock(@run)", limit.Token, ("run", RunLockBase | runId));
                await ExecuteAsync(lease.Connection, "SELECT pg_advisory_xact_lock(@key, 0)", limit.Token, ("key", RollupLockKey));
                return lease;
            }
            catch
            {
                await lease.DisposeAsync();
                throw;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Rollup {runId} waited {WaitLimit.TotalMinutes:0} minutes for another rollup to end.");
        }
    }

    /// <summary>Whether a run holds the rollup lock now (on any server): a look, no lock taken.</summary>
    public async Task<bool> IsRollupRunningAsync(CancellationToken cancellationToken)
    {
        if (database.Provider != DatabaseProvider.PostgreSql)
        {
            return Local.Rollup.CurrentCount == 0;
        }

        // A two-int advisory lock shows in pg_locks as classid, objid and objsubid 2.
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) " +
            "AND classid = @key AND objid = 0 AND objsubid = 2 AND granted)", connection);
        command.Parameters.AddWithValue("key", RollupLockKey);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>
    /// The run's lock when nobody holds it — then the server that queued or ran it is gone — and
    /// null while a live server holds it. Held, it keeps the run's retry from starting until released.
    /// </summary>
    public async Task<IAsyncDisposable?> TryTakeOrphanAsync(long runId, CancellationToken cancellationToken)
    {
        if (database.Provider != DatabaseProvider.PostgreSql)
        {
            var local = Local;
            return local.Runs.TryAdd(runId, 0) ? new ProcessLease(local, runId, holdsRollupLock: false) : null;
        }

        var lease = await BeginAsync(runId, cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock(@run)", lease.Connection);
            command.Parameters.AddWithValue("run", RunLockBase | runId);
            if (await command.ExecuteScalarAsync(cancellationToken) is true)
            {
                return lease;
            }
        }
        catch
        {
            await lease.DisposeAsync();
            throw;
        }

        await lease.DisposeAsync();
        return null;
    }

    /// <summary>A connection of the run's own with a transaction open, to hold transaction-level locks until disposed.</summary>
    private async Task<PostgresLease> BeginAsync(long runId, CancellationToken cancellationToken)
    {
        var settings = new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            // Its own session, ended when the lease is disposed: a pooled one would keep the locks alive in the pool.
            Pooling = false,
            ApplicationName = $"FriendlyGov rollup {runId} on {Environment.MachineName} pid {Environment.ProcessId}",
            CommandTimeout = 0,
        };
        var connection = new NpgsqlConnection(settings.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            var transaction = await connection.BeginTransactionAsync(cancellationToken);

            // The transaction stays idle while the run computes on other connections: it must outlive a server's
            // idle_in_transaction_session_timeout, and keepalives let PostgreSQL notice a holder whose machine vanished
            // (ignored on a Unix socket, where a dead peer is seen at once). SET LOCAL ends with the transaction.
            await ExecuteAsync(connection, "SET LOCAL idle_in_transaction_session_timeout = 0; SET LOCAL tcp_keepalives_idle = 20; " +
                "SET LOCAL tcp_keepalives_interval = 10; SET LOCAL tcp_keepalives_count = 3", cancellationToken);
            return new PostgresLease(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Rolling the transaction back releases its locks and leaves the session clean for a pooler to reuse.</summary>
    private sealed class PostgresLease(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public NpgsqlConnection Connection => connection;

        public async ValueTask DisposeAsync()
        {
            try
            {
                await transaction.DisposeAsync();
            }
            catch (NpgsqlException)
            {
                // The connection broke: the transaction, and its locks, ended with it. Not worth an exception
                // that would hide the run's own outcome.
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }

    private sealed class ProcessLocks
    {
        public SemaphoreSlim Rollup { get; } = new(1, 1);

        public ConcurrentDictionary<long, byte> Runs { get; } = new();
    }

    private sealed class ProcessLease(ProcessLocks locks, long runId, bool holdsRollupLock) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            if (holdsRollupLock)
            {
                locks.Rollup.Release();
            }

            locks.Runs.TryRemove(runId, out _);
            return ValueTask.CompletedTask;
        }
    }
}
