using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace FriendlyGov.Server.Sync;

/// <summary>
/// The one place where an exception that no handler turned into a status becomes one, for every
/// service (registered first, so the client-key check is covered too). A transient database failure
/// — PostgreSQL unreachable or restarting, SQLite busy past its timeout, a timeout — is UNAVAILABLE
/// with a hint to retry; anything else is INTERNAL with an error id that the server log carries with
/// the stack trace. RpcExceptions thrown on purpose pass unchanged; a cancelled call stays CANCELLED
/// or DEADLINE_EXCEEDED. A failed sync batch (<see cref="SyncBatchException"/>) is named in the status.
/// </summary>
public sealed class ServerErrorInterceptor(ILogger<ServerErrorInterceptor> logger) : Interceptor
{
    public const string Domain = "friendlygov.v1";

    /// <summary>How long a client should wait before retrying after UNAVAILABLE (gRPC's retry honours the trailer).</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw ToRpcException(e, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw ToRpcException(e, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw ToRpcException(e, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw ToRpcException(e, context);
        }
    }

    /// <summary>Npgsql's and SQLite's own verdicts, anywhere in the chain (EF Core wraps them).</summary>
    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var transient = e switch
            {
                // 57P01/02: the server ended the session (pg_terminate_backend, a restart); a new connection will do.
                PostgresException p when p.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown => true,
                NpgsqlException n => n.IsTransient,
                SqliteException s => s.SqliteErrorCode is SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED,
                TimeoutException => true,
                _ => false,
            };
            if (transient)
            {
                return true;
            }
        }

        return false;
    }

    private RpcException ToRpcException(Exception exception, ServerCallContext context)
    {
        if (context.CancellationToken.IsCancellationRequested)
        {
            return context.Deadline <= DateTime.UtcNow
                ? new RpcException(new global::Grpc.Core.Status(StatusCode.DeadlineExceeded, "The call's deadline passed."))
                : new RpcException(new global::Grpc.Core.Status(StatusCode.Cancelled, "The call was cancelled."));
        }

        var batch = exception as SyncBatchException;
        var cause = batch?.InnerException ?? exception;
        var errorId = Guid.NewGuid().ToString("N")[..12];
        var info = new ErrorInfo { Domain = Domain, Metadata = { ["error_id"] = errorId } };
        var (where, inBatch) = ("", "");
        if (batch is not null)
        {
            info.Metadata["batch_index"] = batch.BatchIndex.ToString(CultureInfo.InvariantCulture);
            where = $"Batch {batch.BatchIndex} failed and was not applied, nor was any later batch; every earlier batch was committed (or rejected, as its results would have said). Resend from batch {batch.BatchIndex}. ";
            inBatch = $", batch {batch.BatchIndex}";
        }

        var trailers = new Metadata();
        Google.Rpc.Status status;
        if (IsTransient(cause))
        {
            logger.LogWarning(cause, "Transient database failure {ErrorId} in {Method}{Batch}; answered UNAVAILABLE.", errorId, context.Method, inBatch);
            info.Reason = "DATABASE_UNAVAILABLE";
            status = new Google.Rpc.Status
            {
                Code = (int)Code.Unavailable,
                Message = $"{where}The database is unreachable or busy for the moment (error id {errorId}); retry the call after {RetryDelay.TotalSeconds:0} s.",
                Details = { Any.Pack(info), Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(RetryDelay) }) },
            };
            trailers.Add("grpc-retry-pushback-ms", ((int)RetryDelay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            logger.LogError(cause, "Internal error {ErrorId} in {Method}{Batch}.", errorId, context.Method, inBatch);
            info.Reason = "INTERNAL_ERROR";
            status = new Google.Rpc.Status
            {
                Code = (int)Code.Internal,
                Message = $"{where}Internal error {errorId}: the server log holds its details under this id.",
                Details = { Any.Pack(info) },
            };
        }

        trailers.SetRpcStatus(status);
        return new RpcException(new global::Grpc.Core.Status((StatusCode)status.Code, status.Message), trailers);
    }
}
