using Raft.Actors.Actors;
using Raft.Actors.Messages;

namespace Raft.Actors.StateMachine;

/// <summary>
/// Feeds committed entries to the user's state machine on its own actor, so a slow state machine never stalls
/// the peer's message handling. Enforces in-order, exactly-once delivery: an index it has already applied, or
/// one that skips ahead, is a bug and stops it. Reports progress to the peer once per mailbox drain.
/// </summary>
public sealed class StateMachineApplier(IStateMachine stateMachine, long lastApplied, Action<LogEntry>? onApplied = null) : ActorBase
{
    private long _lastApplied = lastApplied;
    private long _lastReported = lastApplied;
    private IActorRef? _peer;

    protected override void Receive(object message)
    {
        if (message is not ApplierProtocol.ApplyCommitted apply)
        {
            NotHandled(message);
            return;
        }

        _peer = Sender;
        foreach (var entry in apply.Entries)
        {
            if (entry.Index != _lastApplied + 1)
            {
                throw new InvalidOperationException($"Applier got entry {entry.Index} after applying {_lastApplied}: committed entries must arrive in order, once each.");
            }

            var result = entry.Kind == EntryKind.Command ? stateMachine.Apply(entry.Index, entry.Command) : [];
            _lastApplied = entry.Index;
            onApplied?.Invoke(entry);
            if (apply.Waiters.TryGetValue(entry.Index, out var waiter))
            {
                waiter.Tell(new ClientProtocol.ProposalApplied(entry.Index, entry.Term, result), Self);
            }
        }
    }

    protected override void OnMailboxDrained()
    {
        if (_lastApplied > _lastReported && _peer is not null)
        {
            _lastReported = _lastApplied;
            _peer.Tell(new ApplierProtocol.Applied(_lastApplied), Self);
        }
    }
}
