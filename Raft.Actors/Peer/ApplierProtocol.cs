using Akka.Actor;
using Raft.Actors.Core;
using Raft.Actors.Protocol;

namespace Raft.Actors.Peer;

/// <summary>Between a peer and its state machine applier (a child actor, so always local).</summary>
internal static class ApplierProtocol
{
    /// <summary>Committed entries, in order, following the last ones sent; <see cref="Waiters"/> are proposers to answer, by index.</summary>
    public sealed record ApplyCommitted(LogEntry[] Entries, IReadOnlyDictionary<long, IActorRef> Waiters)
    {
        public override string ToString() => $"ApplyCommitted {{ {Entries.Length} entries, {Waiters.Count} waiters }}";
    }

    /// <summary>Entries through <see cref="Index"/> have been applied.</summary>
    public sealed record Applied(long Index);

    /// <summary>Replace the state machine's state with a snapshot; entries after it follow.</summary>
    public sealed record RestoreSnapshot(SnapshotRecord Snapshot);

    /// <summary>The state machine threw; the applier has stopped and the peer must stop too.</summary>
    public sealed record ApplyFailed(Exception Error);

    /// <summary>Snapshot now, whatever the policy says.</summary>
    public sealed class TakeSnapshotNow
    {
        public static readonly TakeSnapshotNow Instance = new();

        private TakeSnapshotNow()
        {
        }
    }

    /// <summary>Answer these reads from the state machine once it has applied through <see cref="ReadIndex"/> (thesis §6.4).</summary>
    public sealed record ServeReads(long ReadIndex, ReadRequest[] Reads)
    {
        public override string ToString() => $"ServeReads {{ {Reads.Length} reads at {ReadIndex} }}";
    }

    /// <summary>One client's read: its query, and who to answer.</summary>
    public sealed record ReadRequest(IActorRef Reader, byte[] Query);

    /// <summary>The state machine's state as of an applied entry.</summary>
    public sealed record SnapshotTaken(SnapshotRecord Snapshot);
}
