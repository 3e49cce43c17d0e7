using Raft.Actors.Protocol;

namespace Raft.Actors.Core;

/// <summary>
/// Synchronous hooks into a peer, called on the peer's (or its applier's) thread. The simulated cluster's safety
/// checkers use them to catch a violation at the event that causes it. Implementations must be quick.
/// </summary>
public interface IRaftObserver
{
    void OnRoleChanged(string memberId, RaftRole role, long term);

    void OnCommitted(string memberId, long commitIndex);

    void OnApplied(string memberId, LogEntry entry);

    /// <summary>The member's state machine was reset to a snapshot ending at (<paramref name="index"/>, <paramref name="term"/>).</summary>
    void OnRestored(string memberId, long index, long term);
}
