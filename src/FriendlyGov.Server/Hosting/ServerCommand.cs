namespace FriendlyGov.Server.Hosting;

/// <summary>What the server process was asked to do; the first argument that is not configuration names it.</summary>
public enum ServerCommand
{
    Serve,
    Migrate, // apply migrations and exit
    SeedDemo, // apply migrations, seed demo records into an empty database and exit
    Clients, // manage API clients (add, list, revoke) and exit
    Users, // manage the admin's users (add, list, reset-password, disable, enable, set-role) and exit
    Reference, // import the unit tree and the procedure catalogue and exit
    Help, // print the usage and exit
    Unknown, // print the usage and exit with 1
}

/// <summary>The command line split into the command, its own arguments and the configuration options.</summary>
public sealed record CommandLine(ServerCommand Command, string[] CommandArgs, string[] Configuration, string? Name);

public static class ServerCommands
{
    public const string Usage = """
        usage: FriendlyGov.Server [COMMAND] [--Section:Key=value …]

        commands:
          (none)                 serve the admin and the gRPC API
          migrate                apply the migrations and the shipped holiday table, say what was applied, exit
          seed-demo              migrate, seed the demo data into an empty database, exit
          reference import --units FILE --procedures FILE
          clients add --name NAME --unit UNIT_CODE --scopes SCOPES | clients list | clients revoke --name NAME
          users add --name NAME --role admin|officer|leader --unit UNIT_CODE [--full-name "FULL NAME"]
          users list | users reset-password --name NAME | users disable --name NAME | users enable --name NAME
          users set-role --name NAME --role admin|officer|leader [--unit UNIT_CODE]
          help                   print this and exit

        configuration options (anywhere on the line, before or after the command):
          --Database:Provider=Sqlite|PostgreSql  --ConnectionStrings:FriendlyGov="…"  (see README, Configuration)
        """;

    private static readonly Dictionary<string, ServerCommand> Names = new(StringComparer.Ordinal)
    {
        ["migrate"] = ServerCommand.Migrate,
        ["seed-demo"] = ServerCommand.SeedDemo,
        ["clients"] = ServerCommand.Clients,
        ["users"] = ServerCommand.Users,
        ["reference"] = ServerCommand.Reference,
        ["help"] = ServerCommand.Help,
        ["--help"] = ServerCommand.Help,
        ["-h"] = ServerCommand.Help,
    };

    /// <summary>
    /// A configuration option is `--Key=value` (any key, with the equals sign: `--Section:Key=value`, or the host's own
    /// `--environment=…`, `--contentRoot=…`) or `--Section:Key value` (a key with a colon), wherever it stands; every
    /// other argument belongs to the command, whose name is the first of them. A command's own options are written
    /// `--name value` (no colon, no equals sign), so the two never mix.
    /// </summary>
    public static CommandLine Parse(string[] args)
    {
        var configuration = new List<string>();
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (IsConfiguration(args[i]))
            {
                configuration.Add(args[i]);
                if (!args[i].Contains('=', StringComparison.Ordinal) && i + 1 < args.Length)
                {
                    configuration.Add(args[++i]);
                }
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        if (rest.Count == 0)
        {
            return new CommandLine(ServerCommand.Serve, [], [.. configuration], null);
        }

        var command = Names.GetValueOrDefault(rest[0], ServerCommand.Unknown);
        return new CommandLine(command, [.. rest.Skip(1)], [.. configuration], rest[0]);
    }

    private static bool IsConfiguration(string arg) =>
        arg.StartsWith("--", StringComparison.Ordinal) && (arg.Contains('=', StringComparison.Ordinal) || arg.Contains(':', StringComparison.Ordinal));
}
