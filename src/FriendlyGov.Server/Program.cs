using FriendlyGov.Data;
using FriendlyGov.Server.Hosting;
using FriendlyGov.Server.Reference;
using FriendlyGov.Server.Staff;
using FriendlyGov.Server.Sync;

// Commands: (none) serve · migrate · seed-demo · clients · users · reference · help. `--Section:Key=value` anywhere is configuration (see README).
var (command, commandArgs, configurationArgs, name) = ServerCommands.Parse(args);
if (command is ServerCommand.Help or ServerCommand.Unknown || (command is ServerCommand.Migrate or ServerCommand.SeedDemo && commandArgs.Length > 0))
{
    var known = command == ServerCommand.Help;
    if (!known)
    {
        Console.Error.WriteLine(command == ServerCommand.Unknown ? $"Unknown command '{name}'." : $"{name} takes no arguments besides configuration options, not '{string.Join(" ", commandArgs)}'.");
    }

    (known ? Console.Out : Console.Error).WriteLine(ServerCommands.Usage);
    return known ? 0 : 1;
}

var builder = WebApplication.CreateBuilder(configurationArgs);
if (!builder.AddFriendlyGov())
{
    return 2;
}

var app = builder.Build();
app.MapFriendlyGov();
if (!await DatabaseStartup.PrepareAsync(app.Services, command))
{
    // Disposing flushes the console logger's queue: without it the one line saying why may never be written.
    await app.DisposeAsync();
    return 2;
}

if (command == ServerCommand.Clients)
{
    await using var scope = app.Services.CreateAsyncScope();
    return await ClientsCommand.RunAsync(scope.ServiceProvider.GetRequiredService<FriendlyGovDbContext>(), commandArgs, Console.Out);
}

if (command == ServerCommand.Users)
{
    await using var scope = app.Services.CreateAsyncScope();
    return await UsersCommand.RunAsync(scope.ServiceProvider, commandArgs, Console.Out);
}

if (command == ServerCommand.Reference)
{
    await using var scope = app.Services.CreateAsyncScope();
    return await ReferenceCommand.RunAsync(scope.ServiceProvider.GetRequiredService<FriendlyGovDbContext>(), commandArgs, Console.Out);
}

if (command != ServerCommand.Serve)
{
    return 0;
}

await app.MapFriendlyGovJobsAsync();
await app.RunAsync();
return 0;

public partial class Program;
