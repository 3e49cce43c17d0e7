using Raft.Actors.Messages;
using Raft.Actors.StateMachine;

namespace Raft.Actors.Peer;

/// <summary>Passes the applier's events to the peer's observer, tagged with the member id.</summary>
internal sealed class AppliedForwarder(string memberId, IRaftObserver observer) : IApplyObserver
{
    public void OnApplied(LogEntry entry) => observer.OnApplied(memberId, entry);

    public void OnRestored(long index, long term) => observer.OnRestored(memberId, index, term);
}
