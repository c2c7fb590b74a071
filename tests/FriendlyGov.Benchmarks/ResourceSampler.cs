using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace FriendlyGov.Benchmarks;

/// <summary>What one phase cost: wall time, CPU of each process, the server's RSS, and what PostgreSQL's backends were doing.</summary>
public sealed record PhaseStats(
    string Name,
    TimeSpan Wall,
    double ClientCpuSeconds,
    double ServerCpuSeconds,
    double? PostgresCpuSeconds,
    double MachineBusySeconds,
    string LoadAverage,
    long MaxServerRssKb,
    int ActivityTicks,
    IReadOnlyList<(string Key, int Samples)> Activity);

/// <summary>
/// Samples in the background while a phase runs: the server's VmRSS every second (/proc/&lt;pid&gt;/status),
/// and pg_stat_activity of the benchmark database every 250 ms. CPU time is read from /proc at the
/// phase's start and end, for the benchmark itself, the server process and the whole PostgreSQL
/// cluster (the postmaster, its children, and the children it has reaped).
/// </summary>
public sealed class ResourceSampler : IAsyncDisposable
{
    private const double ClockTicksPerSecond = 100; // sysconf(_SC_CLK_TCK) on Linux
    private static readonly TimeSpan ActivityInterval = TimeSpan.FromMilliseconds(250);

    private readonly int _serverPid;
    private readonly int? _postmasterPid;
    private readonly string _adminConnection;
    private readonly string _database;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Lock _gate = new();

    private string? _phase;
    private Stopwatch _watch = new();
    private (double Client, double Server, double? Postgres, double Machine) _cpuAtStart;
    private long _phaseMaxRss;
    private int _ticks;
    private Dictionary<string, int> _activity = [];

    public ResourceSampler(int serverPid, int? postmasterPid, string adminConnection, string database)
    {
        _serverPid = serverPid;
        _postmasterPid = postmasterPid;
        _adminConnection = adminConnection;
        _database = database;
        _loop = Task.Run(() => LoopAsync(_stop.Token));
    }

    /// <summary>Largest VmRSS seen in any phase, in kB.</summary>
    public long MaxServerRssKb { get; private set; }

    public void BeginPhase(string name)
    {
        var cpu = ReadCpu();
        lock (_gate)
        {
            _phase = name;
            _cpuAtStart = cpu;
            _phaseMaxRss = 0;
            _ticks = 0;
            _activity = [];
            _watch = Stopwatch.StartNew();
        }

        SampleRss();
    }

    public PhaseStats EndPhase()
    {
        SampleRss();
        var cpu = ReadCpu();
        lock (_gate)
        {
            var stats = new PhaseStats(
                _phase ?? "?",
                _watch.Elapsed,
                cpu.Client - _cpuAtStart.Client,
                cpu.Server - _cpuAtStart.Server,
                cpu.Postgres - _cpuAtStart.Postgres,
                cpu.Machine - _cpuAtStart.Machine,
                LoadAverage(),
                _phaseMaxRss,
                _ticks,
                [.. _activity.OrderByDescending(a => a.Value).Select(a => (a.Key, a.Value))]);
            _phase = null;
            return stats;
        }
    }

    /// <summary>The server's VmHWM (peak resident set size) in kB, as the kernel counted it.</summary>
    public long ServerPeakRssKb() => ProcStatusKb(_serverPid, "VmHWM:");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    /// <summary>The postmaster's pid, from postmaster.pid in the data directory (null when it cannot be read).</summary>
    public static async Task<int?> FindPostmasterAsync(NpgsqlConnection admin)
    {
        try
        {
            await using var command = new NpgsqlCommand("SHOW data_directory", admin);
            var directory = (string)(await command.ExecuteScalarAsync())!;
            var first = (await File.ReadAllLinesAsync(Path.Combine(directory, "postmaster.pid")))[0];
            return int.Parse(first.Trim(), CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PostgresException or FormatException)
        {
            return null;
        }
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_adminConnection);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT backend_type, coalesce(state, ''), coalesce(wait_event_type || ':' || wait_event, 'CPU'),
                   left(regexp_replace(coalesce(query, ''), '\s+', ' ', 'g'), 110)
            FROM pg_stat_activity
            WHERE datname = @db AND pid <> pg_backend_pid()
            """, connection);
        command.Parameters.AddWithValue("db", _database);
        await command.PrepareAsync(cancellationToken);
        var tick = 0;
        using var timer = new PeriodicTimer(ActivityInterval);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            if (++tick % 4 == 0)
            {
                SampleRss();
            }

            if (_phase is null)
            {
                continue;
            }

            var keys = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var backend = reader.GetString(0);
                    var state = reader.GetString(1);
                    var wait = reader.GetString(2);
                    var query = reader.GetString(3);
                    keys.Add(state switch
                    {
                        _ when backend != "client backend" => $"{backend}: {wait}: {query}",
                        "active" => $"active, {wait}: {query}",
                        "idle" => "idle (the server's pooled connections, the benchmark's progress poller)",
                        _ => $"{state} (app busy between statements), after: {query}",
                    });
                }
            }

            lock (_gate)
            {
                if (_phase is null)
                {
                    continue;
                }

                _ticks++;
                foreach (var key in keys)
                {
                    _activity[key] = _activity.GetValueOrDefault(key) + 1;
                }
            }
        }
    }

    private void SampleRss()
    {
        var rss = ProcStatusKb(_serverPid, "VmRSS:");
        lock (_gate)
        {
            _phaseMaxRss = Math.Max(_phaseMaxRss, rss);
            MaxServerRssKb = Math.Max(MaxServerRssKb, rss);
        }
    }

    private (double Client, double Server, double? Postgres, double Machine) ReadCpu()
    {
        using var self = Process.GetCurrentProcess();
        var client = self.TotalProcessorTime.TotalSeconds;
        var server = ProcCpuTicks(_serverPid, includeReaped: false) / ClockTicksPerSecond;
        double? postgres = null;
        if (_postmasterPid is { } postmaster)
        {
            long ticks = ProcCpuTicks(postmaster, includeReaped: true);
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                    && pid != postmaster && ParentOf(pid) == postmaster)
                {
                    ticks += ProcCpuTicks(pid, includeReaped: false);
                }
            }

            postgres = ticks / ClockTicksPerSecond;
        }

        return (client, server, postgres, MachineBusyTicks() / ClockTicksPerSecond);
    }

    /// <summary>CPU time the whole machine spent busy (the `cpu` line of /proc/stat less idle and iowait), in ticks.</summary>
    private static long MachineBusyTicks()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            return fields.Take(8).Sum() - fields[3] - fields[4]; // user nice system idle iowait irq softirq steal
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return 0;
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "?";
        }
    }

    private static string[]? StatFields(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // the process is gone
        }
    }

    /// <summary>
    /// Waits until the process has used under 5% of a core for three seconds in a row (its background JIT and
    /// start-up jobs done), or until <paramref name="limit"/>; returns how long it waited.
    /// </summary>
    public static async Task<TimeSpan> WaitUntilIdleAsync(int pid, TimeSpan limit, CancellationToken cancellationToken)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var quiet = 0;
        var last = ProcCpuTicks(pid, includeReaped: false);
        while (quiet < 3 && watch.Elapsed < limit)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            var now = ProcCpuTicks(pid, includeReaped: false);
            quiet = (now - last) * 100 < 5 * ClockTicksPerSecond ? quiet + 1 : 0;
            last = now;
        }

        return watch.Elapsed;
    }

    private static int ParentOf(int pid) =>
        StatFields(pid) is { } f ? int.Parse(f[1], CultureInfo.InvariantCulture) : -1;

    /// <summary>utime + stime (fields 14 and 15 of /proc/pid/stat), plus cutime + cstime when asked.</summary>
    private static long ProcCpuTicks(int pid, bool includeReaped)
    {
        if (StatFields(pid) is not { } f)
        {
            return 0;
        }

        long Field(int number) => long.Parse(f[number - 3], CultureInfo.InvariantCulture);
        return Field(14) + Field(15) + (includeReaped ? Field(16) + Field(17) : 0);
    }

    private static long ProcStatusKb(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return 0;
    }
}
