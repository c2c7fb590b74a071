using FriendlyGov.Data;
using FriendlyGov.Domain.Clients;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Sync;

/// <summary>
/// Deny by default: <see cref="Methods"/> says what every method needs. Health checking and
/// reflection are open; every other method needs a client key (metadata `authorization: Bearer …`)
/// and its scopes; a method without a rule is not served. Paths reach here exactly as a method
/// spells them (<see cref="ExactMethodPaths"/>).
/// </summary>
public sealed class ClientAuthInterceptor(FriendlyGovDbContext db) : Interceptor
{
    /// <summary>What each method of the server needs: the one table of its access rules.</summary>
    public static IReadOnlyDictionary<string, MethodAccess> Methods { get; } = BuildMethods();

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        return await continuation(request, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        return await continuation(requestStream, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        await continuation(request, responseStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        await continuation(requestStream, responseStream, context);
    }

    private async Task AuthenticateAsync(ServerCallContext context)
    {
        if (!Methods.TryGetValue(context.Method, out var access))
        {
            throw new RpcException(new Status(StatusCode.Unimplemented, "Method is unimplemented."));
        }

        if (access.IsOpen)
        {
            return;
        }

        var header = context.RequestHeaders.GetValue("authorization");
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            GrpcErrors.Unauthenticated("Send the client key as metadata `authorization: Bearer <key>`.");
        }

        var hash = ApiClient.HashKey(header["Bearer ".Length..].Trim());
        var client = await db.ApiClients.AsNoTracking().Include(c => c.Unit)
            .SingleOrDefaultAsync(c => c.KeyHash == hash && c.RevokedAt == null, context.CancellationToken);
        if (client is null)
        {
            GrpcErrors.Unauthenticated("Unknown or revoked client key.");
        }

        if (!client.Has(access.Scopes))
        {
            GrpcErrors.PermissionDenied($"Client '{client.Name}' lacks the scope {ApiClient.FormatScopes(access.Scopes)} that {context.Method} needs.");
        }

        await NoteUseAsync(client, context.CancellationToken);
        new Caller(client, client.Unit!.Path).Attach(context);
    }

    /// <summary>
    /// Keeps the key's last use for /admin/clients, to the minute: one short conditional update at most once a minute
    /// per client (a busy portal's thousands of calls write once), outside any transaction of the call.
    /// </summary>
    private async Task NoteUseAsync(ApiClient client, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        if (client.LastUsedAt > now.AddMinutes(-1))
        {
            return;
        }

        var before = now.AddMinutes(-1);
        await db.ApiClients.Where(c => c.Id == client.Id && (c.LastUsedAt == null || c.LastUsedAt < before))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastUsedAt, now), cancellationToken);
    }

    private static Dictionary<string, MethodAccess> BuildMethods()
    {
        var methods = new Dictionary<string, MethodAccess>(StringComparer.Ordinal)
        {
            ["/friendlygov.v1.DossierService/UpsertDossiers"] = MethodAccess.Needs(ClientScopes.DossiersWrite),
            ["/friendlygov.v1.DossierService/SyncDossiers"] = MethodAccess.Needs(ClientScopes.DossiersWrite),
            ["/friendlygov.v1.DossierService/GetDossier"] = MethodAccess.Needs(ClientScopes.DossiersRead),
            ["/friendlygov.v1.DossierService/ListDossiers"] = MethodAccess.Needs(ClientScopes.DossiersRead),
            ["/friendlygov.v1.SurveyService/UpsertSurveys"] = MethodAccess.Needs(ClientScopes.SurveysWrite),
            ["/friendlygov.v1.SurveyService/SyncSurveys"] = MethodAccess.Needs(ClientScopes.SurveysWrite),
            ["/friendlygov.v1.SurveyService/GetSurvey"] = MethodAccess.Needs(ClientScopes.SurveysRead),
            ["/friendlygov.v1.SurveyService/ListSurveys"] = MethodAccess.Needs(ClientScopes.SurveysRead),

            // The change feed checks the read scope of each record type it is asked for itself.
            ["/friendlygov.v1.ChangeFeedService/WatchChanges"] = MethodAccess.Needs(ClientScopes.None),
            ["/friendlygov.v1.ReferenceService/ListUnits"] = MethodAccess.Needs(ClientScopes.None),
            ["/friendlygov.v1.ReferenceService/ListProcedures"] = MethodAccess.Needs(ClientScopes.None),
            ["/friendlygov.v1.IndicatorService/GetScorecard"] = MethodAccess.Needs(ClientScopes.IndicatorsRead),
            ["/friendlygov.v1.IndicatorService/ListCheckIns"] = MethodAccess.Needs(ClientScopes.IndicatorsRead),
            ["/friendlygov.v1.IndicatorService/GetSeries"] = MethodAccess.Needs(ClientScopes.IndicatorsRead),
            ["/friendlygov.v1.IndicatorService/RankChildren"] = MethodAccess.Needs(ClientScopes.IndicatorsRead),
            ["/friendlygov.v1.IndicatorService/StartRollup"] = MethodAccess.Needs(ClientScopes.RollupsWrite),
            ["/friendlygov.v1.IndicatorService/GetRollup"] = MethodAccess.Needs(ClientScopes.IndicatorsRead),
        };

        // Open without a key: every method of gRPC health checking and of server reflection (both versions).
        foreach (var method in global::Grpc.Health.V1.Health.Descriptor.Methods
                     .Concat(global::Grpc.Reflection.V1Alpha.ServerReflection.Descriptor.Methods)
                     .Concat(global::Grpc.Reflection.V1.ServerReflection.Descriptor.Methods))
        {
            methods.Add($"/{method.Service.FullName}/{method.Name}", MethodAccess.Open);
        }

        return methods;
    }
}

/// <summary>Whether a method is open to anyone, or needs a client key with these scopes.</summary>
public sealed record MethodAccess(bool IsOpen, ClientScopes Scopes)
{
    public static MethodAccess Open { get; } = new(true, ClientScopes.None);

    public static MethodAccess Needs(ClientScopes scopes) => new(false, scopes);
}
