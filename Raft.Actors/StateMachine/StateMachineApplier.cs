using Raft.Actors.Actors;
using Raft.Actors.Messages;

namespace Raft.Actors.StateMachine;

/// <summary>
/// Feeds committed entries to the user's state machine on its own actor, so a slow state machine never stalls
/// the peer's message handling. Enforces in-order, exactly-once delivery: an entry that is not the next index
/// is a bug and stops it. Takes snapshots when the policy says so, since it is the one thread that may read
/// the state machine. Reports progress to the peer once per mailbox drain.
/// </summary>
public sealed class StateMachineApplier(IStateMachine stateMachine, SnapshotPolicy policy, IApplyObserver? observer = null) : ActorBase
{
    private long _lastApplied;
    private long _lastAppliedTerm;
    private long _lastReported;
    private long _snapshotIndex;
    private long _entriesSinceSnapshot;
    private long _bytesSinceSnapshot;
    private IActorRef? _peer;

    protected override void Receive(object message)
    {
        try
        {
            Handle(message);
        }
        catch (Exception ex)
        {
            // The user's state machine failed: the peer cannot apply past this entry, so it must stop too,
            // rather than go on committing entries that are never applied.
            (_peer ?? Sender)?.Tell(new ApplierProtocol.ApplyFailed(_lastApplied + 1, ex), Self);
            Context.StopSelf();
        }
    }

    private void Handle(object message)
    {
        switch (message)
        {
            case ApplierProtocol.ApplyCommitted apply:
                _peer = Sender;
                Apply(apply);
                break;
            case ApplierProtocol.RestoreSnapshot restore:
                _peer = Sender;
                Restore(restore);
                break;
            case ApplierProtocol.TakeSnapshotNow:
                _peer = Sender;
                TakeSnapshot();
                break;
            default:
                NotHandled(message);
                break;
        }
    }

    protected override void OnMailboxDrained()
    {
        if (policy.IsDue(_entriesSinceSnapshot, _bytesSinceSnapshot))
        {
            TakeSnapshot();
        }

        if (_lastApplied > _lastReported && _peer is not null)
        {
            _lastReported = _lastApplied;
            _peer.Tell(new ApplierProtocol.Applied(_lastApplied), Self);
        }
    }

    private void Apply(ApplierProtocol.ApplyCommitted apply)
    {
        Dictionary<IActorRef, List<ClientProtocol.ProposalApplied>>? replies = null;
        foreach (var entry in apply.Entries)
        {
            if (entry.Index != _lastApplied + 1)
            {
                throw new InvalidOperationException($"Applier got entry {entry.Index} after applying {_lastApplied}: committed entries must arrive in order, once each.");
            }

            var result = entry.Kind == EntryKind.Command ? stateMachine.Apply(entry.Index, entry.Command) : [];
            _lastApplied = entry.Index;
            _lastAppliedTerm = entry.Term;
            _entriesSinceSnapshot++;
            _bytesSinceSnapshot += entry.Command.Length;
            observer?.OnApplied(entry);
            if (apply.Waiters.TryGetValue(entry.Index, out var waiter))
            {
                replies ??= [];
                if (!replies.TryGetValue(waiter, out var results))
                {
                    replies[waiter] = results = [];
                }

                results.Add(new ClientProtocol.ProposalApplied(entry.Index, entry.Term, result));
            }
        }

        // One message per proposer per batch: a client that batched its proposals gets its results batched too.
        foreach (var (waiter, results) in replies ?? [])
        {
            waiter.Tell(results.Count == 1 ? results[0] : new ClientProtocol.ProposalsApplied([.. results]), Self);
        }
    }

    private void Restore(ApplierProtocol.RestoreSnapshot restore)
    {
        if (restore.Index <= _lastApplied)
        {
            return;
        }

        stateMachine.Restore(restore.Data);
        _lastApplied = _snapshotIndex = restore.Index;
        _lastAppliedTerm = restore.Term;
        _entriesSinceSnapshot = _bytesSinceSnapshot = 0;
        observer?.OnRestored(restore.Index, restore.Term);
    }

    private void TakeSnapshot()
    {
        if (_lastApplied <= _snapshotIndex)
        {
            return;
        }

        var data = stateMachine.TakeSnapshot();
        _snapshotIndex = _lastApplied;
        _entriesSinceSnapshot = _bytesSinceSnapshot = 0;
        _peer?.Tell(new ApplierProtocol.SnapshotTaken(_lastApplied, _lastAppliedTerm, data), Self);
    }
}
