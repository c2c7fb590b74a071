using System.Text.Json;
using FriendlyGov.Data;
using FriendlyGov.Server.Dossiers;
using FriendlyGov.Server.Reference;
using FriendlyGov.Server.Surveys;
using FriendlyGov.Server.Sync;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FriendlyGov.Server.Hosting;

public static class ApplicationSetup
{
    /// <summary>Registers FriendlyGov's services; false (after one clear log line) when the database settings are unusable.</summary>
    public static bool AddFriendlyGov(this WebApplicationBuilder builder)
    {
        DatabaseOptions database;
        try
        {
            database = DatabaseOptions.Parse(builder.Configuration["Database:Provider"], builder.Configuration.GetConnectionString("FriendlyGov"));
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"FriendlyGov cannot start: {e.Message}");
            return false;
        }

        builder.Services.AddFriendlyGovData(database);
        builder.Services.AddGrpcHealthChecks().AddDbContextCheck<FriendlyGovDbContext>("database");
        builder.Services.AddGrpc(grpc =>
        {
            grpc.Interceptors.Add<ClientAuthInterceptor>();

            // A batch holds at most 1000 records (~0.5 MB); pages at most 1000. Larger messages are mistakes.
            grpc.MaxReceiveMessageSize = 8 * 1024 * 1024;
            grpc.MaxSendMessageSize = 8 * 1024 * 1024;
        });
        builder.Services.AddGrpcReflection();
        return true;
    }

    public static WebApplication MapFriendlyGov(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = WriteHealth });
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.MapGrpcService<DossierService>();
        app.MapGrpcService<SurveyService>();
        app.MapGrpcService<ChangeFeedService>();
        app.MapGrpcService<ReferenceService>();
        return app;
    }

    private static Task WriteHealth(HttpContext context, HealthReport report)
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
        });
    }
}
