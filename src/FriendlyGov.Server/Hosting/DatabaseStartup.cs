using System.Data.Common;
using FriendlyGov.Data;
using FriendlyGov.Server.Staff;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FriendlyGov.Server.Hosting;

/// <summary>
/// Brings the database to the code's schema before the server takes requests. The embedded
/// SQLite default migrates and seeds demo data at start; PostgreSQL is migrated by the
/// `migrate` command unless Database:MigrateAtStart says otherwise.
/// </summary>
public static class DatabaseStartup
{
    public static async Task<bool> PrepareAsync(IServiceProvider services, ServerCommand command, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var configuration = scope.ServiceProvider.GetRequiredService<IConfiguration>();
        var logger = scope.ServiceProvider.GetRequiredService<ILogger<FriendlyGovDbContext>>();
        var options = scope.ServiceProvider.GetRequiredService<DatabaseOptions>();
        var db = scope.ServiceProvider.GetRequiredService<FriendlyGovDbContext>();
        var embedded = options.Provider == DatabaseProvider.Sqlite;

        if (await ConnectionProblemAsync(db, cancellationToken) is { } problem)
        {
            logger.LogCritical("FriendlyGov cannot reach its database ({Provider}, ConnectionStrings:FriendlyGov = \"{Connection}\"): {Problem}",
                options.Provider, Describe(options), problem);
            return false;
        }

        if (command != ServerCommand.Serve || configuration.GetValue("Database:MigrateAtStart", embedded))
        {
            var report = await DatabaseInitializer.MigrateAsync(db, cancellationToken);
            Report(command == ServerCommand.Migrate ? Console.Out : null, logger, options.Provider, report);
        }
        else if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            logger.LogCritical("The {Provider} database lacks migrations: run `dotnet run --project src/FriendlyGov.Server -- migrate` (or set Database:MigrateAtStart=true).", options.Provider);
            return false;
        }

        if (command == ServerCommand.SeedDemo || (command == ServerCommand.Serve && configuration.GetValue("Database:SeedDemoData", embedded)))
        {
            if (await DatabaseInitializer.SeedDemoDataAsync(db, cancellationToken))
            {
                logger.LogInformation("Seeded demo data: {Dossiers} dossiers, {Surveys} surveys, {Letters} letters.",
                    await db.Dossiers.CountAsync(cancellationToken), await db.Surveys.CountAsync(cancellationToken), await db.Letters.CountAsync(cancellationToken));
                await DemoStaff.CreateAsync(scope.ServiceProvider, Console.Out, cancellationToken);
            }
        }

        return true;
    }

    /// <summary>What a migration applied: printed by the `migrate` command (the operator reads it whatever the log level), logged at start.</summary>
    private static void Report(TextWriter? output, ILogger logger, DatabaseProvider provider, MigrationReport report)
    {
        var lines = new List<string>
        {
            report.Applied.Count == 0
                ? $"No migration to apply: the {provider} database schema was already up to date."
                : $"Applied {report.Applied.Count} migration(s) to the {provider} database: {string.Join(", ", report.Applied)}.",
        };
        if (report.CalendarDaysAdded > 0)
        {
            lines.Add($"Added {report.CalendarDaysAdded} day(s) of the shipped holiday table to the calendar.");
        }

        if (report.Recomputed > 0)
        {
            lines.Add($"Recomputed the derived columns of {report.Recomputed} dossiers written before the migration; their units wait for the incremental rollup.");
        }

        foreach (var line in lines)
        {
            if (output is null)
            {
                logger.LogInformation("{Line}", line);
            }
            else
            {
                output.WriteLine(line);
            }
        }
    }

    /// <summary>Opens the raw connection outside EF Core, so that a wrong setting yields one line and not a stack trace.</summary>
    private static async Task<string?> ConnectionProblemAsync(FriendlyGovDbContext db, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
            await connection.CloseAsync();
            return null;
        }
        catch (Exception e) when (e is DbException or TimeoutException or ArgumentException or InvalidOperationException)
        {
            return e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message;
        }
    }

    /// <summary>The connection string without its password, for logs.</summary>
    private static string Describe(DatabaseOptions options)
    {
        if (options.Provider != DatabaseProvider.PostgreSql)
        {
            return options.ConnectionString;
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            builder.Remove("Password");
            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return "(unparseable)";
        }
    }
}
