namespace FriendlyGov.Server.Hosting;

/// <summary>What the server process was asked to do; the first argument names it.</summary>
public enum ServerCommand
{
    Serve,
    Migrate, // apply migrations and exit
    SeedDemo, // apply migrations, seed demo records into an empty database and exit
    Clients, // manage API clients (add, list, revoke) and exit
    Users, // manage the admin's users (add, list, reset-password) and exit
    Reference, // import the unit tree and the procedure catalogue and exit
}

public static class ServerCommands
{
    /// <summary>The command, its own arguments, and the arguments left for configuration.</summary>
    public static (ServerCommand Command, string[] CommandArgs, string[] Configuration) Parse(string[] args) => args.FirstOrDefault() switch
    {
        "migrate" => (ServerCommand.Migrate, [], args[1..]),
        "seed-demo" => (ServerCommand.SeedDemo, [], args[1..]),
        "clients" => (ServerCommand.Clients, args[1..], []),
        "users" => (ServerCommand.Users, args[1..], []),
        "reference" => (ServerCommand.Reference, args[1..], []),
        _ => (ServerCommand.Serve, [], args),
    };
}
