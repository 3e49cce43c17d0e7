using System.Text.RegularExpressions;
using Akka.Actor;
using Raft.Tests.Host;
using Raft.Tests.Remote;

namespace Raft.Tests.Processes;

/// <summary>
/// A group of <c>Raft.Host node</c> processes on loopback ports, one member each, sharing a working directory (each
/// member journals under <c>raft-data/{member}</c>). A member can be killed with SIGKILL and started again on the
/// same port and journal. Every process ever started is kept, so its output can be read after it died.
/// </summary>
internal sealed partial class NodeCluster : IDisposable
{
    private readonly string _workingDirectory;
    private readonly Dictionary<string, int> _ports;
    private readonly Dictionary<string, HostProcess> _running = new(StringComparer.Ordinal);
    private readonly List<HostProcess> _all = [];

    public NodeCluster(string workingDirectory, params string[] memberIds)
    {
        _workingDirectory = workingDirectory;
        var ports = LoopbackPorts.Take(memberIds.Length);
        _ports = memberIds.Select((id, i) => (id, ports[i])).ToDictionary(m => m.id, m => m.Item2, StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<string, Address> Addresses =>
        _ports.ToDictionary(m => m.Key, m => new Address("akka.tcp", "raft", "127.0.0.1", m.Value), StringComparer.Ordinal);

    public IReadOnlyCollection<string> Running => _running.Keys;

    public string DataDirectory(string memberId) => Path.Combine(_workingDirectory, "raft-data", memberId);

    /// <summary>Starts the member's process and waits until it has recovered its journal and answers.</summary>
    public async Task StartAsync(string memberId)
    {
        var arguments = new List<string> { "node", "--member", memberId };
        arguments.AddRange(_ports.Select(m => $"--Node:Members:{m.Key}=127.0.0.1:{m.Value}"));
        var process = HostProcess.Start(_workingDirectory, [.. arguments]);
        _running[memberId] = process;
        _all.Add(process);
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
        [.. _all.SelectMany(p => p.Lines).Select(l => LeadsLine().Match(l)).Where(m => m.Success)
            .Select(m => (long.Parse(m.Groups["term"].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups["member"].Value))];

    public string Output(string memberId) => _running.TryGetValue(memberId, out var process) ? process.Output() : $"{memberId} is not running";

    public void Dispose()
    {
        foreach (var process in _all)
        {
            process.Dispose();
        }
    }

    [GeneratedRegex(@"\b(?<member>\w+) leads term (?<term>\d+)")]
    private static partial Regex LeadsLine();

    [GeneratedRegex(@"recovered term \d+")]
    private static partial Regex Recovered();
}
