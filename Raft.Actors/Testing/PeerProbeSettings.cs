using Raft.Actors.Peer;
using Raft.Actors.Persistence;
using Raft.Actors.StateMachine;

namespace Raft.Actors.Testing;

/// <summary>How a <see cref="PeerProbeHarness"/> starts its one peer.</summary>
public sealed record PeerProbeSettings
{
    /// <summary>Seeds the simulation, and through it the peer's election timeouts.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Members of the group, the peer under test included: "n1" is the peer, "n2".."nN" are probes.</summary>
    public int MemberCount { get; init; } = 3;

    /// <summary>
    /// The peer's options. A sync takes <see cref="RaftOptions.JournalBatchDelay"/> of virtual time, here 1 ms, so a
    /// reply sent before its write is durable can be told from one sent after.
    /// </summary>
    public RaftOptions Options { get; init; } = new() { JournalBatchDelay = TimeSpan.FromMilliseconds(1) };

    /// <summary>What the journal holds before the peer starts, so it recovers that term, vote, snapshot and log.</summary>
    public JournalRecovery InitialJournal { get; init; } = JournalRecovery.Empty;

    /// <summary>Makes the peer's state machine.</summary>
    public Func<IStateMachine> StateMachine { get; init; } = () => new ChecksumStateMachine();
}
