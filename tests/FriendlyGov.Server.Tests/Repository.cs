namespace FriendlyGov.Server.Tests;

/// <summary>The repository's folder, found above the test build (scripts and deployment files are read from there).</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FriendlyGov.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("FriendlyGov.slnx not found above " + AppContext.BaseDirectory);
    }
}
