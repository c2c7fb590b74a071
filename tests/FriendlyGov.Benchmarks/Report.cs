using System.Globalization;
using System.Text;

namespace FriendlyGov.Benchmarks;

/// <summary>Progress lines (stderr) and the final results (stdout).</summary>
public static class Report
{
    private static readonly DateTime Started = DateTime.UtcNow;

    public static void Progress(string message) =>
        Console.Error.WriteLine($"[{(DateTime.UtcNow - Started).TotalSeconds,7:F1} s] {message}");

    public static string Machine()
    {
        var memory = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        var kb = memory is null ? 0 : long.Parse(memory["MemTotal:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) is { } line
            ? line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()
            : "unknown CPU";
        return $"nproc {Environment.ProcessorCount}, memory {kb / 1024.0 / 1024.0:F1} GiB, {model}";
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Rows/s in each quarter of the sync, from the change-counter samples (linear between samples).</summary>
    public static IReadOnlyList<double> QuarterRates(IReadOnlyList<(TimeSpan At, long Committed)> progress, long total)
    {
        double TimeAt(double rows)
        {
            for (var i = 1; i < progress.Count; i++)
            {
                var (t0, r0) = progress[i - 1];
                var (t1, r1) = progress[i];
                if (r1 >= rows)
                {
                    return r1 == r0 ? t1.TotalSeconds : t0.TotalSeconds + ((t1 - t0).TotalSeconds * (rows - r0) / (r1 - r0));
                }
            }

            return progress[^1].At.TotalSeconds;
        }

        var rates = new List<double>();
        for (var q = 1; q <= 4; q++)
        {
            var seconds = TimeAt(total * q / 4.0) - TimeAt(total * (q - 1) / 4.0);
            rates.Add(seconds > 0 ? total / 4.0 / seconds : double.NaN);
        }

        return rates;
    }

    public static string Table(IReadOnlyList<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows.Max(r => r.Length)).Select(c => rows.Max(r => c < r.Length ? r[c].Length : 0)).ToArray();
        var text = new StringBuilder();
        for (var i = 0; i < rows.Count; i++)
        {
            text.Append("| ").AppendJoin(" | ", rows[i].Select((cell, c) => cell.PadRight(widths[c]))).AppendLine(" |");
            if (i == 0)
            {
                text.Append("|-").AppendJoin("-|-", widths.Select(w => new string('-', w))).AppendLine("-|");
            }
        }

        return text.ToString();
    }

    public static string Cpu(PhaseStats phase)
    {
        var wall = phase.Wall.TotalSeconds;
        string Part(string name, double? seconds) => seconds is { } s ? $"{name} {s:F1} s ({s / wall:F2} cores)" : $"{name} n/a";
        var others = phase.MachineBusySeconds - phase.ServerCpuSeconds - (phase.PostgresCpuSeconds ?? 0) - phase.ClientCpuSeconds;
        return $"{phase.Name,-5} wall {wall:F1} s: {Part("server", phase.ServerCpuSeconds)}, {Part("postgres", phase.PostgresCpuSeconds)}, {Part("benchmark client", phase.ClientCpuSeconds)}; "
            + $"machine busy {phase.MachineBusySeconds / wall:F2} cores, of which other processes {Math.Max(0, others) / wall:F2}; load average at end {phase.LoadAverage}";
    }

    public static string Activity(PhaseStats phase, int top)
    {
        if (phase.ActivityTicks == 0)
        {
            return "  (no samples)\n";
        }

        var text = new StringBuilder();
        foreach (var (key, samples) in phase.Activity.Take(top))
        {
            text.Append(CultureInfo.InvariantCulture, $"  {samples / (double)phase.ActivityTicks,5:F2}  {key}\n");
        }

        return text.ToString();
    }

    public static string N(double value) => double.IsNaN(value) ? "n/a" : value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Mb(long kb) => (kb / 1024.0).ToString("F0", CultureInfo.InvariantCulture);
}
