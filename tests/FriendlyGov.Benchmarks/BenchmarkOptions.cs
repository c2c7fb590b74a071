using System.Globalization;

namespace FriendlyGov.Benchmarks;

/// <summary>Command-line options of the benchmark (see <see cref="Usage"/>).</summary>
public sealed class BenchmarkOptions
{
    public const string Usage = """
        usage: FriendlyGov.Benchmarks --connection <admin connection string> [options]

          --connection CS      admin connection string of a throwaway PostgreSQL cluster (required);
                               the benchmark creates and drops databases fg_bench_* there
          --server-dll PATH    the server's Release build (default: src/FriendlyGov.Server/bin/Release/net10.0/FriendlyGov.Server.dll)
          --rows N             dossiers to sync and to COPY (default 1000000)
          --batch-size N       dossiers per SyncDossiers message (default 1000, the contract's maximum)
          --streams N          concurrent SyncDossiers streams, batches dealt round-robin (default 1)
          --warmup-rows N      dossiers synced (and COPYed) first, untimed, so that the server's code is compiled
                               before the timed sync: a multiple of --batch-size (default 60000: a method runs at its final tier only after some 60 calls; 0: none)
          --compare-streams N  then the same rows again over N concurrent streams into another fresh clone,
                               compared with the first sync; 0 skips (default 4)
          --days N             received days the codes are spread over, from 2025-07-01 (default 500)
          --agencies N         agency codes the codes are spread over (default 20)
          --feed-repeats N     change-feed reads after the sync; the median is reported (default 3)
          --freshness-repeats N  dossiers synced one at a time after the feed reads, each timed until the
                               scorecard counts it (the server's scheduled incremental rollup); the
                               worst is reported as freshness_s (default 3; 0 skips)
          --copy-repeats N     COPY baselines, each into a fresh clone of the seeded database; 0 skips (default 3)
          --timeout-minutes N  give up (and fail) after this long (default 120)
          --server-env K=V     extra environment variable for the server process (repeatable),
                               e.g. DOTNET_PerfMapEnabled=1 to profile it with perf
          --cluster-note TEXT  how the cluster is tuned, printed with the results
          --build-note TEXT    which source the server was built from (commit, local changes), printed with the results
          --keep-databases     leave fg_bench_base, fg_bench_sync and the last fg_bench_copy in place (to inspect plans)

          --rollup             instead: the rollup benchmark (--rows dossiers, a tenth as many surveys, 600 communes)
          --dashboard          the rollup benchmark, then the dashboard load on its data through the server process
          --dashboard-requests N   requests per dashboard endpoint and mode (default 300); per page with --workspace
          --workspace          instead: the rollup benchmark's data (no rollup), then the record pages (lists, a dossier,
                               the worklist) through the server process, and an import of 10,000 paper survey forms
          --dashboard-parallel N   requests in flight in the parallel mode (default 4)
        """;

    public string Connection { get; private set; } = "";

    public string? ServerDll { get; private set; }

    public int Rows { get; private set; } = 1_000_000;

    public int BatchSize { get; private set; } = 1000;

    public int Streams { get; private set; } = 1;

    public int CompareStreams { get; private set; } = 4;

    public int WarmupRows { get; private set; } = 60_000;

    public int Days { get; private set; } = 500;

    public int Agencies { get; private set; } = 20;

    public int FeedRepeats { get; private set; } = 3;

    public int FreshnessRepeats { get; private set; } = 3;

    public int CopyRepeats { get; private set; } = 3;

    public int TimeoutMinutes { get; private set; } = 120;

    public int DashboardRequests { get; private set; } = 300;

    public int DashboardParallel { get; private set; } = 4;

    public List<(string Name, string Value)> ServerEnvironment { get; } = [];

    public string ClusterNote { get; private set; } = "(not given)";

    public string BuildNote { get; private set; } = "(not given)";

    public bool Help { get; private set; }

    public bool KeepDatabases { get; private set; }

    public static BenchmarkOptions Parse(string[] args)
    {
        var options = new BenchmarkOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "--help" or "-h")
            {
                options.Help = true;
                continue;
            }

            if (name == "--keep-databases")
            {
                options.KeepDatabases = true;
                continue;
            }

            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"{name} needs a value");
            }

            var value = args[++i];
            switch (name)
            {
                case "--connection": options.Connection = value; break;
                case "--server-dll": options.ServerDll = value; break;
                case "--rows": options.Rows = Positive(name, value); break;
                case "--batch-size": options.BatchSize = Positive(name, value); break;
                case "--streams": options.Streams = Positive(name, value); break;
                case "--warmup-rows": options.WarmupRows = NotNegative(name, value); break;
                case "--compare-streams": options.CompareStreams = int.Parse(value, CultureInfo.InvariantCulture) is >= 0 and var n ? n : throw new ArgumentException($"{name} must be 0 or more"); break;
                case "--days": options.Days = Positive(name, value); break;
                case "--agencies": options.Agencies = Positive(name, value); break;
                case "--feed-repeats": options.FeedRepeats = NotNegative(name, value); break;
                case "--freshness-repeats": options.FreshnessRepeats = NotNegative(name, value); break;
                case "--copy-repeats": options.CopyRepeats = NotNegative(name, value); break;
                case "--timeout-minutes": options.TimeoutMinutes = Positive(name, value); break;
                case "--dashboard-requests": options.DashboardRequests = Positive(name, value); break;
                case "--dashboard-parallel": options.DashboardParallel = Positive(name, value); break;
                case "--cluster-note": options.ClusterNote = value; break;
                case "--build-note": options.BuildNote = value; break;
                case "--server-env":
                    var eq = value.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0)
                    {
                        throw new ArgumentException("--server-env needs NAME=VALUE");
                    }

                    options.ServerEnvironment.Add((value[..eq], value[(eq + 1)..]));
                    break;
                default: throw new ArgumentException($"unknown option {name}");
            }
        }

        if (!options.Help && options.Connection.Length == 0)
        {
            throw new ArgumentException("--connection is required");
        }

        if (options.BatchSize > 1000)
        {
            throw new ArgumentException("--batch-size: the contract allows at most 1000 records a batch");
        }

        if (options.WarmupRows % options.BatchSize != 0)
        {
            throw new ArgumentException("--warmup-rows: a multiple of --batch-size");
        }

        if (options.Agencies > 999)
        {
            throw new ArgumentException("--agencies: at most 999");
        }

        return options;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value.Replace("_", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} needs a positive whole number, not '{value}'");

    private static int NotNegative(string name, string value) => value == "0" ? 0 : Positive(name, value);
}
