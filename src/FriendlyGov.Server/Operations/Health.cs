using System.Text.Json;
using FriendlyGov.Data;
using FriendlyGov.Grpc.V1;
using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FriendlyGov.Server.Operations;

/// <summary>
/// Health for orchestrators and load balancers. `/healthz/live`: the process answers (no check, so a
/// database outage never gets a replica restarted). `/healthz/ready`: the database answers, it holds
/// every migration of this build, and Hangfire's storage answers — a replica that is not ready is
/// taken out of the load balancer until it is. `/healthz` is the readiness report with each check
/// named. The gRPC health service answers the same readiness for "" and for each FriendlyGov service.
/// </summary>
public static class Health
{
    public const string Ready = "ready";

    private static readonly string[] GrpcServices =
    [
        DossierService.Descriptor.FullName,
        SurveyService.Descriptor.FullName,
        ChangeFeedService.Descriptor.FullName,
        ReferenceService.Descriptor.FullName,
        IndicatorService.Descriptor.FullName,
    ];

    public static void AddHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddDbContextCheck<FriendlyGovDbContext>("database", tags: [Ready])
            .AddCheck<MigrationsCheck>("migrations", tags: [Ready])
            .AddCheck<JobStorageCheck>("jobs", tags: [Ready]);
        services.AddGrpcHealthChecks(grpc =>
        {
            grpc.Services.Clear();
            grpc.Services.Map("", check => check.Tags.Contains(Ready));
            foreach (var service in GrpcServices)
            {
                grpc.Services.Map(service, check => check.Tags.Contains(Ready));
            }
        });
    }

    public static void MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready), ResponseWriter = WriteReport });
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready), ResponseWriter = WriteReport });
        app.MapGrpcHealthChecksService();
    }

    /// <summary>The overall status, the database's provider and status (as before), and each check by name.</summary>
    private static Task WriteReport(HttpContext context, HealthReport report)
    {
        var database = context.RequestServices.GetRequiredService<DatabaseOptions>();
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            database = new
            {
                provider = database.Provider.ToString(),
                status = report.Entries.TryGetValue("database", out var entry) ? entry.Status.ToString() : "Unknown",
            },
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        });
    }

    /// <summary>A database behind this build's schema (a rollout whose migration Job has not run) is not ready.</summary>
    private sealed class MigrationsCheck(FriendlyGovDbContext db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy("every migration is applied")
                : HealthCheckResult.Unhealthy($"{pending.Count} migrations are not applied (run `migrate`), the first {pending[0]}");
        }
    }

    /// <summary>Hangfire's storage answers: on PostgreSQL a read of its server list; in memory on SQLite.</summary>
    private sealed class JobStorageCheck(JobStorage storage) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.Run(() =>
            {
                var servers = storage.GetMonitoringApi().Servers().Count;
                return HealthCheckResult.Healthy($"{servers} job servers");
            }, cancellationToken);
    }
}
