using Raft.Actors.Protocol;

namespace Raft.Actors.Core;

/// <summary>
/// What <see cref="RaftNode"/> asks its host to do, in the order it must happen. The host (the peer actor, or the
/// simulation) carries each one out and reports back through the node's inputs; the node itself does no I/O.
/// </summary>
public abstract record RaftEffect
{
    private RaftEffect()
    {
    }

    /// <summary>Deliver a <see cref="RaftProtocol"/> message to another member. Sent only once what it vouches for is durable.</summary>
    public sealed record Send(string To, object Message) : RaftEffect;

    /// <summary>
    /// Make these operations durable, in order and atomically, then call <see cref="RaftNode.Persisted"/> with
    /// <see cref="Sequence"/>. At most one is outstanding: what arrives meanwhile goes out as the next batch (group commit).
    /// </summary>
    public sealed record Persist(long Sequence, IReadOnlyList<JournalOperation> Operations) : RaftEffect
    {
        public override string ToString() => $"Persist {{ #{Sequence}, {Operations.Count} operations }}";
    }

    /// <summary>Hand these newly committed entries to the state machine, in order; each is handed over once.</summary>
    public sealed record Apply(LogEntry[] Entries) : RaftEffect
    {
        public override string ToString() => $"Apply {{ {Entries.Length} entries from {(Entries.Length > 0 ? Entries[0].Index : 0)} }}";
    }

    /// <summary>Reset the state machine to this snapshot; entries after it follow through <see cref="Apply"/>.</summary>
    public sealed record RestoreSnapshot(SnapshotRecord Snapshot) : RaftEffect;

    /// <summary>
    /// A snapshot is now durable and the log before it is gone from memory: the host may compact its storage
    /// (<see cref="RaftNode.DurableState"/> tells what recovery needs from now on).
    /// </summary>
    public sealed record SnapshotDurable(long LastIncludedIndex) : RaftEffect;

    /// <summary>(Re)start the one-shot election timer; when it fires, step <see cref="RaftTimer.ElectionTimeout"/>.</summary>
    public sealed record StartElectionTimer(TimeSpan Timeout) : RaftEffect;

    /// <summary>Start the periodic heartbeat timer; each tick, step <see cref="RaftTimer.HeartbeatTick"/>.</summary>
    public sealed record StartHeartbeatTimer(TimeSpan Interval) : RaftEffect;

    /// <summary>Stop a timer; a tick of it already on its way must not be delivered.</summary>
    public sealed record CancelTimer(RaftTimer Timer) : RaftEffect;

    /// <summary>Role, term or known leader changed.</summary>
    public sealed record RoleChanged(RaftRole Role, long Term, string? LeaderId) : RaftEffect;

    /// <summary>
    /// This member stopped leading <see cref="Term"/>: proposals it accepted and has not handed to the state machine
    /// have an unknown outcome (the next leader may commit or overwrite them).
    /// </summary>
    public sealed record LeadershipLost(long Term, string Detail) : RaftEffect;

    /// <summary>
    /// These reads (ids the host passed to <see cref="RaftNode.Read"/>) are confirmed: answer each from the state
    /// machine once it has applied through <see cref="ReadIndex"/> (thesis §6.4, steps 3 and 4).
    /// </summary>
    public sealed record ReadsReady(long[] ReadIds, long ReadIndex) : RaftEffect
    {
        public override string ToString() => $"ReadsReady {{ {ReadIds.Length} reads at {ReadIndex} }}";
    }

    /// <summary>These reads cannot be served here: answer each with <see cref="ClientProtocol.ReadFailed"/>.</summary>
    public sealed record ReadsFailed(long[] ReadIds, ClientProtocol.ReadFailureReason Reason, string? LeaderId, string Detail) : RaftEffect
    {
        public override string ToString() => $"ReadsFailed {{ {ReadIds.Length} reads, {Reason} }}";
    }
}
