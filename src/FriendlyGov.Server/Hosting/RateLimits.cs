using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.RateLimiting;
using RetryInfo = Google.Rpc.RetryInfo;

namespace FriendlyGov.Server.Hosting;

/// <summary>
/// Rate limits, with ASP.NET Core's rate limiter, set under <c>RateLimits</c> in the configuration
/// (fixed windows): gRPC calls per API key — partitioned by the SHA-256 of the bearer key, or by the
/// client's address for calls without one — answered RESOURCE_EXHAUSTED with a retry delay; and
/// sign-in attempts (POST /login) per client address, answered 429 on the login page
/// (<see cref="LoginAttempts"/>). Health checks are not limited.
/// </summary>
public static class RateLimits
{
    public static void AddRateLimits(this WebApplicationBuilder builder)
    {
        var grpc = RateLimit.Read(builder.Configuration, "RateLimits:Grpc", permitLimit: 12000, windowSeconds: 60);
        var login = RateLimit.Read(builder.Configuration, "RateLimits:Login", permitLimit: 20, windowSeconds: 60);
        builder.Services.AddSingleton(new LoginAttempts(login));
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                IsLimitedGrpc(context.Request)
                    ? RateLimitPartition.GetFixedWindowLimiter(GrpcPartition(context), _ => grpc.Options)
                    : RateLimitPartition.GetNoLimiter(""));
            limiter.OnRejected = (context, _) =>
            {
                RejectGrpc(context.HttpContext, context.Lease, grpc);
                return ValueTask.CompletedTask;
            };
        });
    }

    /// <summary>The client's address as the server sees it (behind a local TLS proxy, the one it forwards).</summary>
    public static string AddressOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static bool IsLimitedGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true
        && !request.Path.StartsWithSegments("/grpc.health.v1.Health", StringComparison.Ordinal);

    /// <summary>A key's hash, never the key itself, names its partition.</summary>
    private static string GrpcPartition(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > 7
            ? "key:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(authorization[7..].Trim())))
            : "address:" + AddressOf(context);
    }

    /// <summary>A trailers-only gRPC answer: RESOURCE_EXHAUSTED with google.rpc.RetryInfo and grpc-retry-pushback-ms.</summary>
    private static void RejectGrpc(HttpContext context, RateLimitLease lease, RateLimit limit)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : limit.Window;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var message = $"Too many calls for this API key: at most {limit.PermitLimit} every {limit.Window.TotalSeconds:0} s. Retry after {seconds} s.";
        var status = new Google.Rpc.Status
        {
            Code = (int)global::Grpc.Core.StatusCode.ResourceExhausted,
            Message = message,
            Details = { Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(TimeSpan.FromSeconds(seconds)) }) },
        };
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = status.Code.ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = message;
        response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(status.ToByteArray());
        response.Headers["grpc-retry-pushback-ms"] = (seconds * 1000).ToString(CultureInfo.InvariantCulture);
    }
}

/// <summary>A limit of <paramref name="PermitLimit"/> requests every <paramref name="Window"/>.</summary>
public sealed record RateLimit(int PermitLimit, TimeSpan Window)
{
    public FixedWindowRateLimiterOptions Options => new() { PermitLimit = PermitLimit, Window = Window, QueueLimit = 0, AutoReplenishment = true };

    public static RateLimit Read(IConfiguration configuration, string section, int permitLimit, int windowSeconds)
    {
        var permits = configuration.GetValue($"{section}:PermitLimit", permitLimit);
        var window = configuration.GetValue($"{section}:WindowSeconds", windowSeconds);
        if (permits < 1 || window < 1)
        {
            throw new InvalidOperationException($"{section}:PermitLimit and {section}:WindowSeconds must be at least 1.");
        }

        return new RateLimit(permits, TimeSpan.FromSeconds(window));
    }
}

/// <summary>Sign-in attempts per client address: a guess at passwords from one place is slowed whichever names it tries.</summary>
public sealed class LoginAttempts(RateLimit limit) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter =
        PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => limit.Options));

    /// <summary>Null when the attempt may go on; otherwise how long the address must wait.</summary>
    public TimeSpan? Take(string address)
    {
        using var lease = _limiter.AttemptAcquire(address);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : limit.Window;
    }

    public void Dispose() => _limiter.Dispose();
}
