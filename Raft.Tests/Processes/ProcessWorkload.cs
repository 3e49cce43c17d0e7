using System.Collections.Concurrent;
using Raft.Actors.TestKit.Linearizability;

namespace Raft.Tests.Processes;

/// <summary>
/// Key-value clients of a group running in other processes, each a <see cref="RecordingClient"/> on its own
/// <see cref="IKvEndpoint"/>, all recording into one history (real time, monotonic clock) for
/// <see cref="LinearizabilityChecker"/>, and listing the writes they saw acknowledged for the durability check.
/// </summary>
/// <param name="keys">Keys k0..k{n-1}: few, so clients contend.</param>
/// <param name="drain">How long, once stopped, a client's operation under way may still take before it is given up.</param>
internal sealed class ProcessWorkload(int keys, TimeSpan drain)
{
    private readonly ConcurrentQueue<AcknowledgedWrite> _acknowledged = new();
    private readonly List<(RecordingClient Client, Task Run)> _clients = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _giveUp = new();

    public HistoryRecorder History { get; } = HistoryRecorder.RealTime();

    /// <summary>Writes acknowledged with the entry that carried them (every write over the actor API, all but not-found deletes and failed compare-and-sets over HTTP).</summary>
    public IReadOnlyCollection<AcknowledgedWrite> Acknowledged => _acknowledged;

    /// <summary>Starts a client named <paramref name="name"/> (also its session's client id) that reaches the group through <paramref name="endpoint"/>.</summary>
    public void Start(string name, IKvEndpoint endpoint)
    {
        var client = new RecordingClient(_clients.Count + 1, name, endpoint, History, _acknowledged, keys);
        _clients.Add((client, Task.Run(() => client.RunAsync(_stop.Token, _giveUp.Token))));
    }

    /// <summary>Stops every client once its operation under way is answered (or given up on after the drain time).</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        _giveUp.CancelAfter(drain);
        await Task.WhenAll(_clients.Select(c => c.Run));
    }

    /// <summary>Stops every client after its current attempt, answered or not: for a test that failed, whose failure already says what went wrong.</summary>
    public async Task AbandonAsync()
    {
        await _stop.CancelAsync();
        await _giveUp.CancelAsync();
        await Task.WhenAll(_clients.Select(c => c.Run)).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>Checks the history; the result's description names the shortest offending sub-history when there is one.</summary>
    public LinearizabilityResult Check() => LinearizabilityChecker.Check(History.History());

    public string Describe() => string.Join("; ", _clients.Select(c =>
        $"{c.Client.Name} {c.Client.Answered} answered, {c.Client.Unknown} of unknown outcome, {c.Client.FailedAttempts} failed attempts"));
}
