using Raft.Actors.Messages;

namespace Raft.Actors.StateMachine;

/// <summary>Synchronous hooks on the applier's thread: each applied entry, and each snapshot restored.</summary>
public interface IApplyObserver
{
    void OnApplied(LogEntry entry);

    void OnRestored(long index, long term);
}
