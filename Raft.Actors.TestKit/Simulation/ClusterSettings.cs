using Raft.Actors.Core;
using Raft.Actors.StateMachine;

namespace Raft.Actors.TestKit.Simulation;

/// <summary>How a <see cref="SimulatedCluster"/> builds its members.</summary>
public sealed class ClusterSettings
{
    public RaftOptions Options { get; set; } = new();

    /// <summary>Makes each incarnation's (fresh) state machine, given the member id.</summary>
    public Func<string, IStateMachine> StateMachineFactory { get; set; } = _ => new ChecksumStateMachine();

    /// <summary>The virtual time a journal write takes to become durable.</summary>
    public TimeSpan SyncDelay { get; set; } = TimeSpan.FromMilliseconds(1);
}
