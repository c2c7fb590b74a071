using FriendlyGov.Server.Hosting;

// Commands: (none) serve · migrate · seed-demo. Everything else is configuration (see README).
var (command, configurationArgs) = ServerCommands.Parse(args);
var builder = WebApplication.CreateBuilder(configurationArgs);
if (!builder.AddFriendlyGov())
{
    return 2;
}

var app = builder.Build();
app.MapFriendlyGov();
if (!await DatabaseStartup.PrepareAsync(app.Services, command))
{
    return 2;
}

if (command != ServerCommand.Serve)
{
    return 0;
}

await app.RunAsync();
return 0;

public partial class Program;
