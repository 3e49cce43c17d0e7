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
}
