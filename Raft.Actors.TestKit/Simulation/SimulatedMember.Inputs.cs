using Raft.Actors.Core;
using Raft.Actors.Protocol;

namespace Raft.Actors.TestKit.Simulation;

/// <summary>What a simulated member and its applier are sent besides protocol messages and timers (the actor's own messages).</summary>
public sealed partial class SimulatedMember
{
    /// <summary>The journal has been read: the node starts (the actor's RecoveryCompleted).</summary>
    private sealed class RecoveryCompleted
    {
        public static readonly RecoveryCompleted Instance = new();

        public override string ToString() => "RecoveryCompleted";
    }

    /// <summary>No more input at hand: the node may flush.</summary>
    private sealed class Flush
    {
        public static readonly Flush Instance = new();

        public override string ToString() => "Flush";
    }

    /// <summary>The journal made write <see cref="Sequence"/> durable.</summary>
    private sealed record Persisted(long Sequence);

    /// <summary>The state machine applied every entry through <see cref="Index"/>.</summary>
    private sealed record Applied(long Index);

    /// <summary>The state machine's state as of an applied entry.</summary>
    private sealed record SnapshotTaken(SnapshotRecord Snapshot);

    /// <summary>A client's proposal of one command, or of a batch.</summary>
    private sealed record Proposal(ISimulatedClient Client, byte[][] Commands, bool Batch)
    {
        public override string ToString() => $"Propose {{ {Commands.Length} commands{(Batch ? ", batch" : "")} }}";
    }

    /// <summary>A request to hand leadership to <see cref="Target"/> (<see cref="ClientProtocol.TransferLeadership"/>).</summary>
    private sealed record TransferRequest(ISimulatedClient Client, string Target)
    {
        public override string ToString() => $"TransferLeadership {{ to {Target} }}";
    }

    /// <summary>Committed entries for the applier; <see cref="Waiters"/> are the proposers to answer, by index.</summary>
    private sealed record ApplyCommitted(LogEntry[] Entries, IReadOnlyDictionary<long, ISimulatedClient> Waiters)
    {
        public override string ToString() => $"ApplyCommitted {{ {Entries.Length} entries from {Entries[0].Index}, {Waiters.Count} waiters }}";
    }

    /// <summary>The applier resets the state machine to a snapshot.</summary>
    private sealed record RestoreSnapshot(SnapshotRecord Snapshot);

    /// <summary>The applier snapshots now, whatever the policy says.</summary>
    private sealed class TakeSnapshotNow
    {
        public static readonly TakeSnapshotNow Instance = new();

        public override string ToString() => "TakeSnapshotNow";
    }
}
