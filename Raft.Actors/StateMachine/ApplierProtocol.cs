using Raft.Actors.Actors;
using Raft.Actors.Messages;

namespace Raft.Actors.StateMachine;

/// <summary>Between a peer and its state machine applier.</summary>
public static class ApplierProtocol
{
    /// <summary>Committed entries, in order, following the last ones sent; <see cref="Waiters"/> are proposers to answer, by index.</summary>
    public sealed record ApplyCommitted(LogEntry[] Entries, IReadOnlyDictionary<long, IActorRef> Waiters)
    {
        public override string ToString() => $"ApplyCommitted {{ {Entries.Length} entries, {Waiters.Count} waiters }}";
    }

    /// <summary>Entries through <see cref="Index"/> have been applied.</summary>
    public sealed record Applied(long Index);

    /// <summary>Replace the state machine's state with a snapshot; entries after it follow.</summary>
    public sealed record RestoreSnapshot(long Index, long Term, byte[] Data)
    {
        public override string ToString() => $"RestoreSnapshot {{ {Index}@{Term}, {Data.Length}B }}";
    }

    /// <summary>The state machine threw while applying <see cref="Index"/> (or snapshotting/restoring at it); the applier has stopped.</summary>
    public sealed record ApplyFailed(long Index, Exception Error);

    /// <summary>Snapshot now, whatever the policy says.</summary>
    public sealed class TakeSnapshotNow
    {
        public static readonly TakeSnapshotNow Instance = new();

        private TakeSnapshotNow()
        {
        }
    }

    /// <summary>The state machine's state as of applied entry (<see cref="Index"/>, <see cref="Term"/>).</summary>
    public sealed record SnapshotTaken(long Index, long Term, byte[] Data)
    {
        public override string ToString() => $"SnapshotTaken {{ {Index}@{Term}, {Data.Length}B }}";
    }
}
