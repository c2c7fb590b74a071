using FriendlyGov.Data;
using FriendlyGov.Server.Admin;
using FriendlyGov.Server.Staff;
using FriendlyGov.Server.Dossiers;
using FriendlyGov.Server.Indicators;
using FriendlyGov.Server.Operations;
using FriendlyGov.Server.Letters;
using FriendlyGov.Server.Subscriptions;
using FriendlyGov.Server.Worklist;
using Hangfire;
using Hangfire.PostgreSql;
using FriendlyGov.Server.Reference;
using FriendlyGov.Server.Surveys;
using FriendlyGov.Server.Sync;

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

        // No "Server: Kestrel" banner: what the server runs on is nobody's business.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.AddRateLimits();
        builder.Services.AddHealth();
        builder.AddTelemetry();
        builder.Services.AddGrpc(grpc =>
        {
            // Outermost first: every exception no handler turned into a status, the key check's included, is mapped in one place.
            grpc.Interceptors.Add<ServerErrorInterceptor>();
            grpc.Interceptors.Add<ClientAuthInterceptor>();

            // A batch holds at most 1000 records (~0.5 MB); pages at most 1000. Larger messages are mistakes.
            grpc.MaxReceiveMessageSize = 8 * 1024 * 1024;
            grpc.MaxSendMessageSize = 8 * 1024 * 1024;
        });
        builder.Services.AddUnparsableRequestStatus();
        builder.Services.AddGrpcReflection();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<RollupService>();
        builder.Services.AddScoped<Targets.TargetChanges>();
        builder.Services.AddScoped<IndicatorReads>();
        builder.AddAdmin(secureCookiesByDefault: database.Provider == DatabaseProvider.PostgreSql);
        builder.Services.AddScoped<RollupJobs>();
        builder.Services.AddScoped<SubscriptionMailJob>();
        builder.Services.AddSingleton<RollupLocks>();
        AddJobs(builder, database);
        return true;
    }

    public static WebApplication MapFriendlyGov(this WebApplication app)
    {
        app.UseMetricsPort();
        app.UseExactGrpcMethodPaths();
        app.MapAdmin();
        app.UseRateLimiter();
        app.MapHealth();
        app.MapGrpcReflectionService();
        app.MapGrpcService<DossierService>();
        app.MapGrpcService<SurveyService>();
        app.MapGrpcService<ChangeFeedService>();
        app.MapGrpcService<ReferenceService>();
        app.MapGrpcService<IndicatorService>();
        return app;
    }

    /// <summary>
    /// The Hangfire dashboard and the recurring jobs. They open the job storage, so they are
    /// mapped only once the database is known to be reachable and migrated.
    /// </summary>
    public static async Task MapFriendlyGovJobsAsync(this WebApplication app)
    {
        // Before this server's workers start: runs left by a server that stopped are queued again now, not at the next tick of the incremental rollup.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RollupJobs>().RecoverAsync(app.Lifetime.ApplicationStopping);
        }

        // Off for the in-process test servers only: their tests run each job themselves, on their own clock.
        if (app.Configuration.GetValue("Jobs:Schedule", true))
        {
            ScheduleJobs(app.Services.GetRequiredService<IRecurringJobManager>(), app.Configuration.GetValue("Jobs:IncrementalRollupCron", RollupJobs.DefaultIncrementalCron)!);
        }

        // Admins of a root unit only; Hangfire's own filters (local requests by default) step aside for the policy.
        app.MapHangfireDashboardWithAuthorizationPolicy(StaffSignIn.JobsPolicy, "/hangfire", new DashboardOptions { Authorization = [], AppPath = "/dashboard", DashboardTitle = "FriendlyGov · Hangfire" });
    }

    private static void ScheduleJobs(IRecurringJobManager jobs, string incrementalRollupCron)
    {
        RollupJobs.Register(jobs, incrementalRollupCron);
        LetterProposalJob.Register(jobs);
        DeadlineWarningJob.Register(jobs);
        SubscriptionMailJob.Register(jobs);

        // Once at start too, so that records changed while the server was down (or the demo data) are rolled up now,
        // and the worklist's warnings and letters follow what was synced meanwhile.
        jobs.Trigger(RollupJobs.QuarterToDateJob);
        jobs.Trigger(DeadlineWarningJob.JobId);
        jobs.Trigger(LetterProposalJob.JobId);
    }

    /// <summary>Hangfire follows the database: PostgreSQL storage in production, in memory on the embedded default (rollups are recomputable).</summary>
    private static void AddJobs(WebApplicationBuilder builder, DatabaseOptions database)
    {
        // Each host gets its own storage and job activator: Hangfire's defaults, the static
        // JobStorage.Current and JobActivator.Current, are shared by every host in a process (and raced by them in tests).
        var invisibility = TimeSpan.FromSeconds(builder.Configuration.GetValue("Jobs:InvisibilityTimeoutSeconds", 300));
        builder.Services.AddSingleton<JobStorage>(_ => database.Provider == DatabaseProvider.PostgreSql
            ? new PostgreSqlStorage(
                new HangfireConnections(database.ConnectionString),
                new PostgreSqlStorageOptions
                {
                    SchemaName = "hangfire",
                    PrepareSchemaIfNecessary = true,

                    // An officer waits on the page for an import's check and write. Workers hear of a job enqueued
                    // by their own process at once, but of one enqueued by another replica only when they poll: every
                    // second (a cheap query) instead of every 15 s. Not LISTEN/NOTIFY long polling: it needs a
                    // session of its own, which PgBouncer's transaction pooling does not give.
                    QueuePollInterval = TimeSpan.FromSeconds(1),

                    // A job whose server died (SIGKILL, a lost node) stays fetched until this long has passed since its
                    // server last touched it; then another replica's worker takes it. Sliding: a live worker touches its
                    // job every fifth of the timeout, so a rollup may run longer than the timeout without being taken twice.
                    InvisibilityTimeout = invisibility,
                    UseSlidingInvisibilityTimeout = true,
                })
            : new Hangfire.InMemory.InMemoryStorage());
        builder.Services.AddJobFailureMetrics();
        builder.Services.AddSingleton<JobActivator>(services => new Hangfire.AspNetCore.AspNetCoreJobActivator(services.GetRequiredService<IServiceScopeFactory>()));
        builder.Services.AddHangfire(hangfire => hangfire
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(HangfireLogging.Provider(builder.Configuration.GetValue("Telemetry:JsonLogs", false))));

        // A graceful stop (SIGTERM from an orchestrator or systemd): Kestrel takes no new connection and lets the
        // calls in flight end — a sync batch being written commits or, past the limit, rolls back whole —, and
        // Hangfire fetches no new job and gives a running one half the limit to end. Then the job's token is
        // cancelled and Hangfire puts it back in the queue, where another server's workers take it.
        var shutdown = TimeSpan.FromSeconds(builder.Configuration.GetValue("Shutdown:TimeoutSeconds", 30));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = shutdown);

        // Two workers: rollups are serialised by their lock anyway, and each worker holds a database connection.
        builder.Services.AddHangfireServer(server =>
        {
            server.WorkerCount = builder.Configuration.GetValue("Jobs:Workers", 2);

            // Recurring jobs are due at their cron's tick but enqueued when the scheduler next looks (every 15 s by
            // default): every 5 s, so that the 30-second incremental rollup starts within 5 s of its tick.
            server.SchedulePollingInterval = TimeSpan.FromSeconds(5);
            server.StopTimeout = shutdown / 2;
            server.ShutdownTimeout = shutdown / 3;
        });
    }
}

/// <summary>
/// Hangfire logs through one global provider. Bound to a host's logger factory it breaks as soon
/// as that host is disposed while another runs (test hosts, or a restart in process), so it gets
/// a console logger factory of its own that lives as long as the process.
/// </summary>
internal static class HangfireLogging
{
    private static readonly Lazy<Hangfire.AspNetCore.AspNetCoreLogProvider> Simple = new(() => Create(logging => logging.AddSimpleConsole()));

    private static readonly Lazy<Hangfire.AspNetCore.AspNetCoreLogProvider> Json = new(() => Create(logging => logging.AddJsonConsole(json => json.UseUtcTimestamp = true)));

    /// <summary>Plain lines, or JSON lines when the host's log is JSON (Telemetry:JsonLogs).</summary>
    public static Hangfire.Logging.ILogProvider Provider(bool json) => json ? Json.Value : Simple.Value;

    private static Hangfire.AspNetCore.AspNetCoreLogProvider Create(Action<ILoggingBuilder> console) =>
        new Hangfire.AspNetCore.AspNetCoreLogProvider(LoggerFactory.Create(logging =>
        {
            console(logging);
            logging.SetMinimumLevel(LogLevel.Information);
        }));
}

/// <summary>Connections for Hangfire's PostgreSQL storage, from the same connection string as the records.</summary>
internal sealed class HangfireConnections(string connectionString) : Hangfire.PostgreSql.IConnectionFactory
{
    public Npgsql.NpgsqlConnection GetOrCreateConnection() => new(connectionString);
}
