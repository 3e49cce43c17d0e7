using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Raft.Actors.Cluster;
using Raft.Actors.Configuration;
using Raft.Actors.TestKit.Remote;

namespace Raft.Benchmarks.Processes;

/// <summary>
/// Three <c>Raft.Host node</c> processes on loopback ports with durable SQLite journals in a temporary directory,
/// each printing into <c>{member}.log</c> there and serving the key-value HTTP API on a loopback port of its own, and a
/// client in this process (an actor system that is not a member). A member can be killed with SIGKILL and started again
/// on the same ports and journal.
/// </summary>
internal sealed class NodeProcesses : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"raft-bench-nodes-{Guid.NewGuid():N}");
    private readonly Dictionary<string, int> _ports;
    private readonly Dictionary<string, int> _httpPorts;
    private readonly Dictionary<string, Process> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StreamWriter> _logs = new(StringComparer.Ordinal);
    private readonly TimeSpan _electionTimeout;
    private readonly ActorSystem _system;

    public NodeProcesses(string[] memberIds, TimeSpan electionTimeout)
    {
        Directory.CreateDirectory(_directory);
        _electionTimeout = electionTimeout;
        // Two free ports per member: Akka.Remote, then HTTP.
        var ports = LoopbackPorts.Take(memberIds.Length * 2);
        _ports = memberIds.Select((id, i) => (id, ports[2 * i])).ToDictionary(m => m.id, m => m.Item2, StringComparer.Ordinal);
        _httpPorts = memberIds.Select((id, i) => (id, ports[(2 * i) + 1])).ToDictionary(m => m.id, m => m.Item2, StringComparer.Ordinal);
        _system = ActorSystem.Create("bench", ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp.hostname = 127.0.0.1
            akka.remote.dot-netty.tcp.port = 0
            """).WithFallback(RaftConfig.Default));
        Client = RaftGroupClient.Connect(_system, "raft", _ports.ToDictionary(m => m.Key, m => new Address("akka.tcp", "raft", "127.0.0.1", m.Value)), TimeSpan.FromSeconds(5));
    }

    public RaftGroupClient Client { get; }

    /// <summary>Keep the directory (journals and the processes' logs) after the run, e.g. to see why it failed.</summary>
    public bool Keep { get; set; }

    public string Location => _directory;

    public IReadOnlyCollection<string> MemberIds => _ports.Keys;

    /// <summary>Where the member serves the key-value HTTP API.</summary>
    public Uri HttpUrl(string memberId) => new($"http://127.0.0.1:{_httpPorts[memberId]}/");

    public void Start(string memberId)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (!Path.GetFileNameWithoutExtension(start.FileName).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.FileName = "dotnet";
        }

        foreach (var argument in Arguments(memberId))
        {
            start.ArgumentList.Add(argument);
        }

        var log = new StreamWriter(Path.Combine(_directory, $"{memberId}.log"), append: true) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _running[memberId] = process;
        _logs[memberId] = log;
    }

    /// <summary>SIGKILL: no clean-up of any kind. Returns once the process is gone.</summary>
    public void Kill(string memberId)
    {
        var process = _running[memberId];
        _running.Remove(memberId);
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
        process.Dispose();
        _logs.Remove(memberId, out var log);
        log?.Dispose();
    }

    /// <summary>Waits until every running member answers a status request (it has recovered its journal).</summary>
    public async Task WaitUntilAnsweringAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        foreach (var member in _running.Keys.ToList())
        {
            while (true)
            {
                try
                {
                    await Client.StatusAsync(member, TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (TimeoutException) when (deadline.Elapsed < within)
                {
                    if (_running[member].HasExited)
                    {
                        throw new InvalidOperationException($"{member} exited with code {_running[member].ExitCode}; see {Path.Combine(_directory, member + ".log")}.");
                    }
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Client.StopAsync().ConfigureAwait(false);
        foreach (var member in _running.Keys.ToList())
        {
            Kill(member);
        }

        await _system.Terminate().ConfigureAwait(false);
        if (Keep)
        {
            Console.WriteLine($"Kept the node processes' journals and logs in {_directory}.");
        }
        else
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    private IEnumerable<string> Arguments(string memberId)
    {
        yield return Path.Combine(AppContext.BaseDirectory, "Raft.Host.dll");
        yield return "node";
        yield return "--member";
        yield return memberId;
        foreach (var (id, port) in _ports)
        {
            yield return $"--Node:Members:{id}=127.0.0.1:{port}";
        }

        yield return $"--Http:Urls=http://127.0.0.1:{_httpPorts[memberId]}";
        yield return $"--Raft:ElectionTimeoutMin={_electionTimeout}";
        yield return $"--Raft:ElectionTimeoutMax={_electionTimeout * 2}";
        yield return $"--Raft:HeartbeatInterval={_electionTimeout / 3}";
    }
}
