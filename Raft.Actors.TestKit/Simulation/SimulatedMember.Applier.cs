using Raft.Actors.Peer;
using Raft.Actors.Protocol;

namespace Raft.Actors.TestKit.Simulation;

/// <summary>
/// The member's applier, as the actor's <c>StateMachineApplier</c> child: it feeds committed entries to the state
/// machine through a <see cref="Raft.Actors.StateMachine.StateMachineDriver"/> in events of its own, answers the
/// proposers of applied entries (one message per proposer per batch), snapshots when the policy says so, and reports
/// progress to the member as its next inputs.
/// </summary>
public sealed partial class SimulatedMember
{
    private void ToApplier(object work) => _simulator.Schedule(TimeSpan.Zero, () => RunApplier(work));

    private void RunApplier(object work)
    {
        if (_stopped)
        {
            return;
        }

        if (_simulator.IsTracing)
        {
            _simulator.Record($"{MemberId}/applier <- {work}");
        }

        object? applied = null;
        object? snapshot = null;
        try
        {
            switch (work)
            {
                case ApplyCommitted apply:
                    Apply(apply);
                    ServeDueReads();
                    applied = new Applied(_driver.LastApplied);
                    if (_driver.SnapshotDue && _driver.TakeSnapshot() is { } due)
                    {
                        snapshot = new SnapshotTaken(due);
                    }

                    break;
                case RestoreSnapshot restore:
                    if (_driver.Restore(restore.Snapshot))
                    {
                        ServeDueReads();
                        applied = new Applied(_driver.LastApplied);
                    }

                    break;
                case ServeReads serve:
                    _readsToServe.Enqueue(serve, serve.ReadIndex);
                    ServeDueReads();
                    break;
                case TakeSnapshotNow:
                    if (_driver.TakeSnapshot() is { } taken)
                    {
                        snapshot = new SnapshotTaken(taken);
                    }

                    break;
            }
        }
        catch (Exception ex)
        {
            // The actor's applier reports ApplyFailed and its peer stops: the member cannot apply past this entry.
            throw Failed(ex);
        }

        // The applier's reports reach the member next, in the order the actor's applier sends them.
        if (snapshot is not null)
        {
            Receive(snapshot);
        }

        if (applied is not null)
        {
            Receive(applied);
        }
    }

    private void Apply(ApplyCommitted apply)
    {
        Dictionary<ISimulatedClient, List<ClientProtocol.ProposalApplied>>? replies = null;
        _driver.Apply(apply.Entries, apply.Waiters.Count == 0 ? null : (entry, result) =>
        {
            if (!apply.Waiters.TryGetValue(entry.Index, out var client))
            {
                return;
            }

            replies ??= [];
            if (!replies.TryGetValue(client, out var results))
            {
                replies[client] = results = [];
            }

            results.Add(new ClientProtocol.ProposalApplied(entry.Index, entry.Term, result));
        });

        // One message per proposer per batch: a client that batched its proposals gets its results batched too.
        foreach (var (client, results) in replies ?? [])
        {
            client.Receive(results.Count == 1 ? results[0] : new ClientProtocol.ProposalsApplied([.. results]));
        }
    }
}
