using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FriendlyGov.Benchmarks;

/// <summary>
/// The real server process (its Release build, run with `dotnet`, working directory = the dll's
/// folder, configured by environment variables as an operator would): its commands, and serving.
/// </summary>
public sealed class ServerHost : IDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _tail = new();

    private ServerHost(Process process, int webPort, int grpcPort)
    {
        _process = process;
        WebPort = webPort;
        GrpcPort = grpcPort;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public int WebPort { get; }

    public int GrpcPort { get; }

    public bool HasExited => _process.HasExited;

    public string Tail
    {
        get
        {
            lock (_tail)
            {
                return string.Join('\n', _tail);
            }
        }
    }

    /// <summary>Runs a command of the server (migrate, seed-demo, clients …) to its end; its output, or an exception when it fails.</summary>
    public static async Task<string> RunCommandAsync(string serverDll, IEnumerable<(string Name, string Value)> environment, IReadOnlyList<string> args, TimeSpan timeout)
    {
        using var process = Process.Start(StartInfo(serverDll, environment, args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`FriendlyGov.Server {string.Join(' ', args)}` did not finish within {timeout}");
        }

        var text = await output + await error;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`FriendlyGov.Server {string.Join(' ', args)}` exited with {process.ExitCode}:\n{text}");
        }

        return text;
    }

    /// <summary>Starts the server and waits until /healthz answers Healthy.</summary>
    public static async Task<ServerHost> StartAsync(string serverDll, IEnumerable<(string Name, string Value)> environment, TimeSpan timeout)
    {
        var webPort = FreePort();
        var grpcPort = FreePort();
        var env = environment.Concat(
        [
            ("Kestrel__Endpoints__Web__Url", $"http://127.0.0.1:{webPort}"),
            ("Kestrel__Endpoints__Grpc__Url", $"http://127.0.0.1:{grpcPort}"),
            ("Kestrel__Endpoints__Grpc__Protocols", "Http2"),
        ]);
        var start = StartInfo(serverDll, env, []);
        var host = new ServerHost(Process.Start(start)!, webPort, grpcPort);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (host.HasExited)
            {
                throw new InvalidOperationException($"the server exited with {host._process.ExitCode} while starting:\n{host.Tail}");
            }

            try
            {
                var body = await http.GetStringAsync(new Uri($"http://127.0.0.1:{webPort}/healthz"));
                if (body.Contains("\"Healthy\"", StringComparison.Ordinal))
                {
                    return host;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        host.Dispose();
        throw new TimeoutException($"the server was not healthy within {timeout}:\n{host.Tail}");
    }

    /// <summary>Stops the server: SIGTERM (a graceful shutdown), then a kill after 15 s.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var term = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false }))
        {
            if (term is not null)
            {
                await term.WaitForExitAsync();
            }
        }

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static ProcessStartInfo StartInfo(string serverDll, IEnumerable<(string Name, string Value)> environment, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(serverDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(serverDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_tail)
        {
            _tail.Enqueue(line);
            while (_tail.Count > 200)
            {
                _tail.Dequeue();
            }
        }
    }
}
