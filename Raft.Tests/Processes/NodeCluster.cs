using System.Text.RegularExpressions;
using Akka.Actor;
using Raft.Actors.TestKit.Remote;
using Raft.Tests.Host;
using Raft.Tests.Remote;

namespace Raft.Tests.Processes;

/// <summary>
/// A group of <c>Raft.Host node</c> processes on loopback ports, one member each, sharing a working directory (each
/// member journals under <c>raft-data/{member}</c>) and serving the key-value HTTP API on a port of its own. A member
/// can be killed with SIGKILL and started again on the same ports and journal. Every process ever started is kept, so
/// its output can be read, or saved (<see cref="SaveOutput"/>), after it died.
/// </summary>
internal sealed partial class NodeCluster : IDisposable
{
    private readonly string _workingDirectory;
    private readonly Dictionary<string, int> _ports;
    private readonly Dictionary<string, int> _httpPorts;
    private readonly Dictionary<string, HostProcess> _running = new(StringComparer.Ordinal);
    private readonly List<(string MemberId, HostProcess Process)> _all = [];
    private bool _disposed;

    public NodeCluster(string workingDirectory, params string[] memberIds)
    {
        _workingDirectory = workingDirectory;
        var ports = LoopbackPorts.Take(memberIds.Length * 2);
        _ports = memberIds.Select((id, i) => (id, ports[i])).ToDictionary(m => m.id, m => m.Item2, StringComparer.Ordinal);
        _httpPorts = memberIds.Select((id, i) => (id, ports[memberIds.Length + i])).ToDictionary(m => m.id, m => m.Item2, StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<string, Address> Addresses =>
        _ports.ToDictionary(m => m.Key, m => new Address("akka.tcp", "raft", "127.0.0.1", m.Value), StringComparer.Ordinal);

    /// <summary>Where each member serves the key-value HTTP API; the same across restarts.</summary>
    public IReadOnlyDictionary<string, Uri> HttpUrls =>
        _httpPorts.ToDictionary(m => m.Key, m => new Uri($"http://127.0.0.1:{m.Value}/"), StringComparer.Ordinal);

    public IReadOnlyCollection<string> Running => _running.Keys;

    public string DataDirectory(string memberId) => Path.Combine(_workingDirectory, "raft-data", memberId);

    /// <summary>Starts the member's process and waits until it has recovered its journal and answers.</summary>
    public async Task StartAsync(string memberId)
    {
        var arguments = new List<string> { "node", "--member", memberId };
        arguments.AddRange(_ports.Select(m => $"--Node:Members:{m.Key}=127.0.0.1:{m.Value}"));
        arguments.Add($"--Http:Urls=http://127.0.0.1:{_httpPorts[memberId]}");
        var process = HostProcess.Start(_workingDirectory, [.. arguments]);
        _running[memberId] = process;
        _all.Add((memberId, process));
        await process.WaitForLineAsync(Recovered(), $"{memberId} to recover its journal");
    }

    /// <summary>Kills the member's process with SIGKILL and waits until it is gone.</summary>
    public async Task KillAsync(string memberId)
    {
        var process = _running[memberId];
        _running.Remove(memberId);
        await process.CrashAsync();
    }

    /// <summary>Waits for the member's process to exit by itself (e.g. removed from the Akka.Cluster); returns its exit code and output.</summary>
    public async Task<(int ExitCode, string Output)> WaitForExitAsync(string memberId, string what)
    {
        var process = _running[memberId];
        var code = await process.WaitForExitAsync(what);
        _running.Remove(memberId);
        return (code, process.Output());
    }

    /// <summary>How many processes were started, restarts included.</summary>
    public int ProcessesStarted => _all.Count;

    /// <summary>Stops every running process with SIGTERM.</summary>
    public async Task StopAllAsync()
    {
        foreach (var (memberId, process) in _running.ToList())
        {
            await process.StopAsync();
            _running.Remove(memberId);
        }
    }

    /// <summary>Every (term, member) a process announced it leads, over every process ever started.</summary>
    public IReadOnlyList<(long Term, string MemberId)> Leaderships() =>
        [.. _all.SelectMany(p => p.Process.Lines).Select(l => LeadsLine().Match(l)).Where(m => m.Success)
            .Select(m => (long.Parse(m.Groups["term"].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups["member"].Value))];

    public string Output(string memberId) => _running.TryGetValue(memberId, out var process) ? process.Output() : $"{memberId} is not running";

    /// <summary>
    /// Writes what every process ever started printed into <paramref name="directory"/>, one file per process
    /// (<c>{member}.{start}.log</c>, numbered from 1 in start order); returns the directory.
    /// </summary>
    public string SaveOutput(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var (memberId, process, start) in _all.Select((p, i) => (p.MemberId, p.Process, i + 1)))
        {
            File.WriteAllLines(Path.Combine(directory, $"{memberId}.{start}.log"), process.Lines);
        }

        return directory;
    }

    /// <summary>Kills every process still running (once: a second call does nothing); their output stays readable.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var (_, process) in _all)
        {
            process.Dispose();
        }
    }

    [GeneratedRegex(@"\b(?<member>\w+) leads term (?<term>\d+)")]
    private static partial Regex LeadsLine();

    [GeneratedRegex(@"recovered term \d+")]
    private static partial Regex Recovered();
}
