using Raft.Actors.Peer;
using Raft.Actors.StateMachine;

namespace Raft.Actors.Testing;

/// <summary>How a <see cref="SimulatedCluster"/> builds its peers.</summary>
public sealed class ClusterSettings
{
    public RaftOptions Options { get; set; } = new() { JournalBatchDelay = TimeSpan.FromMilliseconds(1) };

    /// <summary>Makes each incarnation's (fresh) state machine.</summary>
    public Func<string, IStateMachine> StateMachineFactory { get; set; } = _ => new ChecksumStateMachine();
}
