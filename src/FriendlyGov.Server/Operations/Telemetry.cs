using Hangfire.Common;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FriendlyGov.Server.Operations;

/// <summary>
/// Traces and metrics through the OpenTelemetry SDK: ASP.NET Core (the gRPC calls included), Npgsql's
/// own instrumentation, HttpClient, and <see cref="FriendlyGovMetrics"/>. They leave the process only
/// when the operator says where: OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (the SDK's standard
/// variables apply: OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_PROTOCOL, …), and a Prometheus scrape
/// endpoint, `/metrics`, only on the port of `Kestrel:Endpoints:Metrics:Url` — off unless that is set,
/// and nothing else is served there, so only the network that reaches that port reads it.
/// `Telemetry:JsonLogs=true` writes the console log as JSON lines, with each line's trace and span id.
/// </summary>
public static class Telemetry
{
    public const string MetricsEndpoint = "Kestrel:Endpoints:Metrics:Url";

    public static void AddTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<FriendlyGovMetrics>();

        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var prometheus = MetricsPort(builder.Configuration) is not null;
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("friendlygov", serviceInstanceId: $"{Environment.MachineName}-{Environment.ProcessId}"))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = http => !http.Request.Path.StartsWithSegments("/healthz"))
                .AddHttpClientInstrumentation()
                .AddNpgsql())
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddMeter(FriendlyGovMetrics.MeterName);
                if (prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        if (otlp)
        {
            telemetry.UseOtlpExporter();
        }

        if (builder.Configuration.GetValue("Telemetry:JsonLogs", false))
        {
            // The host tracks the current activity's trace and span ids as a log scope; JSON lines carry the scopes.
            builder.Logging.AddJsonConsole(json =>
            {
                json.IncludeScopes = true;
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
    }

    /// <summary>Hangfire jobs' failed attempts, counted through a filter of this host's own (not Hangfire's global list, which every host in a process shares).</summary>
    public static void AddJobFailureMetrics(this IServiceCollection services) =>
        services.AddSingleton<IJobFilterProvider>(provider => new JobFilterProviderCollection(
            JobFilterProviders.Providers,
            new JobFilterCollection { new FriendlyGovMetrics.JobFailureFilter(provider.GetRequiredService<FriendlyGovMetrics>()) }));

    /// <summary>Before every other part of the pipeline: the metrics port serves `/metrics` and nothing else.</summary>
    public static void UseMetricsPort(this WebApplication app)
    {
        if (MetricsPort(app.Configuration) is not { } port)
        {
            return;
        }

        app.UseOpenTelemetryPrometheusScrapingEndpoint(http => http.Connection.LocalPort == port && http.Request.Path == "/metrics");
        app.Use((http, next) =>
        {
            if (http.Connection.LocalPort != port)
            {
                return next(http);
            }

            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
    }

    private static int? MetricsPort(IConfiguration configuration) =>
        configuration[MetricsEndpoint] is { Length: > 0 } url ? BindingAddress.Parse(url).Port : null;
}
