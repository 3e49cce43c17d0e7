using Akka.Actor;
using Raft.Actors.Protocol;
using Raft.Actors.StateMachine;

namespace Raft.Actors.Peer;

/// <summary>
/// The peer's child that feeds committed entries to the user's state machine, so a slow state machine never stalls
/// the peer's message handling. Answers the proposers of applied entries directly (one message per proposer per
/// batch), snapshots when the policy says so, and reports progress to the peer. A state machine that throws stops
/// the applier, and the peer with it, naming the index.
/// </summary>
internal sealed class StateMachineApplier : UntypedActor
{
    private readonly StateMachineDriver _driver;

    // Public: Akka's Props creates actors through Activator, which finds public constructors only; use Props().
    public StateMachineApplier(StateMachineDriver driver) => _driver = driver;

    public static Props Props(StateMachineDriver driver) => Akka.Actor.Props.Create(() => new StateMachineApplier(driver));

    protected override void OnReceive(object message)
    {
        try
        {
            Handle(message);
        }
        catch (Exception ex)
        {
            // The peer cannot apply past this entry: it must stop rather than go on committing entries never applied.
            Context.Parent.Tell(new ApplierProtocol.ApplyFailed(ex));
            Context.Stop(Self);
        }
    }

    private void Handle(object message)
    {
        switch (message)
        {
            case ApplierProtocol.ApplyCommitted apply:
                Apply(apply);
                SnapshotIfDue();
                Context.Parent.Tell(new ApplierProtocol.Applied(_driver.LastApplied));
                break;
            case ApplierProtocol.RestoreSnapshot restore:
                if (_driver.Restore(restore.Snapshot))
                {
                    Context.Parent.Tell(new ApplierProtocol.Applied(_driver.LastApplied));
                }

                break;
            case ApplierProtocol.TakeSnapshotNow:
                if (_driver.TakeSnapshot() is { } snapshot)
                {
                    Context.Parent.Tell(new ApplierProtocol.SnapshotTaken(snapshot));
                }

                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Apply(ApplierProtocol.ApplyCommitted apply)
    {
        Dictionary<IActorRef, List<ClientProtocol.ProposalApplied>>? replies = null;
        _driver.Apply(apply.Entries, (entry, result) =>
        {
            if (!apply.Waiters.TryGetValue(entry.Index, out var waiter))
            {
                return;
            }

            replies ??= [];
            if (!replies.TryGetValue(waiter, out var results))
            {
                replies[waiter] = results = [];
            }

            results.Add(new ClientProtocol.ProposalApplied(entry.Index, entry.Term, result));
        });

        // One message per proposer per batch: a client that batched its proposals gets its results batched too.
        foreach (var (waiter, results) in replies ?? [])
        {
            waiter.Tell(results.Count == 1 ? results[0] : new ClientProtocol.ProposalsApplied([.. results]));
        }
    }

    private void SnapshotIfDue()
    {
        if (_driver.SnapshotDue && _driver.TakeSnapshot() is { } snapshot)
        {
            Context.Parent.Tell(new ApplierProtocol.SnapshotTaken(snapshot));
        }
    }
}
