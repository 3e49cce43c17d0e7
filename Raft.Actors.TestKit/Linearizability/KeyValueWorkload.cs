using Raft.Actors.TestKit.Simulation;

namespace Raft.Actors.TestKit.Linearizability;

/// <summary>
/// Clients of a <see cref="KeyValueScenarioStore"/> group on a <see cref="SimulatedCluster"/>, each doing one operation
/// at a time (put, compare-and-set, or read by <see cref="KeyValueWorkloadSettings.ReadPath"/>) and recording it in
/// <see cref="History"/> with virtual times. A write refused by a member that does not lead is retried elsewhere; a
/// write whose outcome is unknown is recorded so and never retried; a failed read is retried. Check the history
/// with <see cref="LinearizabilityChecker"/>.
/// </summary>
public sealed class KeyValueWorkload
{
    private readonly List<WorkloadClient> _clients;

    public KeyValueWorkload(SimulatedCluster cluster, KeyValueWorkloadSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        Settings = settings ?? new KeyValueWorkloadSettings();
        History = new HistoryRecorder(() => cluster.Now);
        _clients = [.. Enumerable.Range(1, Settings.Clients).Select(id => new WorkloadClient(id, cluster, Settings, History))];
    }

    public KeyValueWorkloadSettings Settings { get; }

    public HistoryRecorder History { get; }

    /// <summary>No client has an operation under way.</summary>
    public bool Idle => _clients.All(c => c.Idle);

    /// <summary>Reads that returned a value (however they got it).</summary>
    public int ReadsAnswered => _clients.Sum(c => c.ReadsAnswered);

    /// <summary>Writes whose answer came back.</summary>
    public int WritesAnswered => _clients.Sum(c => c.WritesAnswered);

    public void Start()
    {
        foreach (var client in _clients)
        {
            client.Start();
        }
    }

    /// <summary>Clients finish the operation under way and start no other.</summary>
    public void Stop()
    {
        foreach (var client in _clients)
        {
            client.Stop();
        }
    }
}
