using FriendlyGov.Domain.Clients;
using Grpc.Core;

namespace FriendlyGov.Server.Sync;

/// <summary>The authenticated API client of a call, with the path of its unit subtree.</summary>
public sealed record Caller(ApiClient Client, string SubtreePath)
{
    private const string Key = "friendlygov.caller";

    public bool Has(ClientScopes scope) => Client.Has(scope);

    public bool SeesUnit(string unitPath) => unitPath.StartsWith(SubtreePath, StringComparison.Ordinal);

    public void Attach(ServerCallContext context) => context.UserState[Key] = this;

    public static Caller Of(ServerCallContext context) =>
        context.UserState.TryGetValue(Key, out var caller) ? (Caller)caller
            : throw new InvalidOperationException("The call was not authenticated by ClientAuthInterceptor.");
}
