using FriendlyGov.Data;
using FriendlyGov.Domain.Clients;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.EntityFrameworkCore;

namespace FriendlyGov.Server.Sync;

/// <summary>
/// Authenticates every FriendlyGov call by its client key (metadata `authorization: Bearer …`)
/// and checks the scope the method needs. Health checking and reflection stay open.
/// </summary>
public sealed class ClientAuthInterceptor(FriendlyGovDbContext db) : Interceptor
{
    private const string ContractPrefix = "/friendlygov.v1.";

    // Scopes each method needs; the change feed checks its record types itself.
    private static readonly Dictionary<string, ClientScopes> MethodScopes = new(StringComparer.Ordinal)
    {
        ["/friendlygov.v1.DossierService/UpsertDossiers"] = ClientScopes.DossiersWrite,
        ["/friendlygov.v1.DossierService/SyncDossiers"] = ClientScopes.DossiersWrite,
        ["/friendlygov.v1.DossierService/GetDossier"] = ClientScopes.DossiersRead,
        ["/friendlygov.v1.DossierService/ListDossiers"] = ClientScopes.DossiersRead,
        ["/friendlygov.v1.SurveyService/UpsertSurveys"] = ClientScopes.SurveysWrite,
        ["/friendlygov.v1.SurveyService/SyncSurveys"] = ClientScopes.SurveysWrite,
        ["/friendlygov.v1.SurveyService/GetSurvey"] = ClientScopes.SurveysRead,
        ["/friendlygov.v1.SurveyService/ListSurveys"] = ClientScopes.SurveysRead,
        ["/friendlygov.v1.ChangeFeedService/WatchChanges"] = ClientScopes.None,
        ["/friendlygov.v1.ReferenceService/ListUnits"] = ClientScopes.None,
        ["/friendlygov.v1.ReferenceService/ListProcedures"] = ClientScopes.None,
        ["/friendlygov.v1.IndicatorService/GetScorecard"] = ClientScopes.IndicatorsRead,
        ["/friendlygov.v1.IndicatorService/GetSeries"] = ClientScopes.IndicatorsRead,
        ["/friendlygov.v1.IndicatorService/RankChildren"] = ClientScopes.IndicatorsRead,
        ["/friendlygov.v1.IndicatorService/StartRollup"] = ClientScopes.RollupsWrite,
        ["/friendlygov.v1.IndicatorService/GetRollup"] = ClientScopes.IndicatorsRead,
    };

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

    private async Task AuthenticateAsync(ServerCallContext context)
    {
        if (!context.Method.StartsWith(ContractPrefix, StringComparison.Ordinal))
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

        if (!MethodScopes.TryGetValue(context.Method, out var scope))
        {
            GrpcErrors.PermissionDenied($"No client may call {context.Method}.");
        }

        if (!client.Has(scope))
        {
            GrpcErrors.PermissionDenied($"Client '{client.Name}' lacks the scope {ApiClient.FormatScopes(scope)} that {context.Method} needs.");
        }

        new Caller(client, client.Unit!.Path).Attach(context);
    }
}
