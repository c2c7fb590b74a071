using Grpc.AspNetCore.Server;

namespace FriendlyGov.Server.Sync;

/// <summary>
/// A gRPC call is served only when its path is a method's path letter for letter. ASP.NET Core
/// routing matches paths case-insensitively, so `/FRIENDLYGOV.V1.DossierService/getdossier`
/// would reach the GetDossier handler; gRPC method names are case-sensitive and other gRPC servers
/// know only the exact path. Any other path — another casing, a trailing slash, a web page, a path
/// nothing serves — is UNIMPLEMENTED, with or without a key, as grpc-dotnet answers a method it
/// does not know.
/// </summary>
public static class ExactMethodPaths
{
    public static WebApplication UseExactGrpcMethodPaths(this WebApplication app)
    {
        // Runs after routing (which WebApplication puts first), so the endpoint the path matched is known.
        app.Use((context, next) =>
        {
            var isGrpc = context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;
            var method = context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method;
            if (!isGrpc || (method is not null && string.Equals(method.FullName, context.Request.Path.Value, StringComparison.Ordinal)))
            {
                return next(context);
            }

            // A trailers-only response, as grpc-dotnet writes for an unknown method.
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = ((int)global::Grpc.Core.StatusCode.Unimplemented).ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers["grpc-message"] = "Method is unimplemented.";
            return Task.CompletedTask;
        });
        return app;
    }
}
