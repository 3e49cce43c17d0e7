using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Xunit.Sdk;

namespace Raft.Tests.Host;

/// <summary>
/// The built Raft.Host (copied next to the tests) running as a child process, <c>dotnet Raft.Host.dll ...</c>, in a
/// working directory of the test's. Its standard output and error are read line by line: a test waits for the lines
/// it expects, each wait bounded, and a failure shows everything the host printed. Dispose kills it if it still runs.
/// </summary>
internal sealed class HostProcess : IDisposable
{
    /// <summary>How long any one wait may take: a loaded 2-core CI machine starts .NET and Akka slowly.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private const int SigTerm = 15;

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Channel<string> _arrivals = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private int _openStreams = 2;

    private HostProcess(Process process) => _process = process;

    /// <summary>Every line printed so far, standard output and error interleaved as they arrived.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public static HostProcess Start(string workingDirectory, params string[] arguments)
    {
        // The same dotnet that runs the tests; the SDK names it in DOTNET_HOST_PATH.
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Raft.Host.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Only the arguments configure it: no RAFT_ variables of the test's environment, the default environment name.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("RAFT_", StringComparison.OrdinalIgnoreCase) || k is "DOTNET_ENVIRONMENT").ToList())
        {
            start.Environment.Remove(name);
        }

        // A free port for the HTTP API rather than the default 5080, which hosts started in parallel would share.
        start.Environment["RAFT_Http__Urls"] = "http://127.0.0.1:0";

        var process = new Process { StartInfo = start };
        var host = new HostProcess(process);
        process.OutputDataReceived += (_, e) => host.Received(e.Data);
        process.ErrorDataReceived += (_, e) => host.Received(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Waits for the next line that matches <paramref name="pattern"/>, skipping others.</summary>
    public async Task<Match> WaitForLineAsync(Regex pattern, string what)
    {
        var found = await WaitForLinesAsync(pattern, 1, what);
        return found[0];
    }

    /// <summary>Waits for the next <paramref name="count"/> lines that match <paramref name="pattern"/>, skipping others.</summary>
    public async Task<IReadOnlyList<Match>> WaitForLinesAsync(Regex pattern, int count, string what)
    {
        var found = new List<Match>();
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            while (found.Count < count && await _arrivals.Reader.WaitToReadAsync(timeout.Token))
            {
                while (found.Count < count && _arrivals.Reader.TryRead(out var line))
                {
                    if (pattern.Match(line) is { Success: true } match)
                    {
                        found.Add(match);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new XunitException($"Waiting for {what}: {found.Count} of {count} lines matching /{pattern}/ within {Patience.TotalSeconds} s.{Environment.NewLine}{Output()}");
        }

        return found.Count == count
            ? found
            : throw new XunitException($"Waiting for {what}: the host exited (code {_process.ExitCode}) after {found.Count} of {count} lines matching /{pattern}/.{Environment.NewLine}{Output()}");
    }

    /// <summary>Waits for the host to exit by itself; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(string what)
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            // Also waits until both streams are read to their end.
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new XunitException($"Waiting for {what}: the host did not exit within {Patience.TotalSeconds} s.{Environment.NewLine}{Output()}");
        }

        return _process.ExitCode;
    }

    /// <summary>Asks the host to stop as Ctrl+C or a service manager would (SIGTERM), and waits for it; returns its exit code.</summary>
    public Task<int> StopAsync()
    {
        if (OperatingSystem.IsWindows())
        {
            // No SIGTERM to send: the nearest is a kill, which SQLite survives as well.
            _process.Kill(entireProcessTree: true);
        }
        else if (Kill(_process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"SIGTERM to the host (pid {_process.Id}) failed: error {Marshal.GetLastPInvokeError()}.");
        }

        return WaitForExitAsync("the host to stop after SIGTERM");
    }

    /// <summary>Kills the host as a crash would (SIGKILL: no clean-up of any kind), and waits for it to be gone.</summary>
    public Task<int> CrashAsync()
    {
        _process.Kill(entireProcessTree: true);
        return WaitForExitAsync("the host to die after SIGKILL");
    }

    /// <summary>Everything the host printed, for a failure message.</summary>
    public string Output() => "Host output:" + string.Concat(Lines.Select(l => Environment.NewLine + "  | " + l));

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Received(string? line)
    {
        if (line is null)
        {
            // The stream ended; once both have, no line will come.
            if (Interlocked.Decrement(ref _openStreams) == 0)
            {
                _arrivals.Writer.TryComplete();
            }

            return;
        }

        lock (_lines)
        {
            _lines.Add(line);
        }

        _arrivals.Writer.TryWrite(line);
    }

    // DllImport rather than LibraryImport, whose generated code needs unsafe blocks the test project does not allow.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
