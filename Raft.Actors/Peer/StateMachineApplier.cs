using Akka.Actor;
using Raft.Actors.Protocol;
using Raft.Actors.StateMachine;

namespace Raft.Actors.Peer;

/// <summary>
/// The peer's child that feeds committed entries to the user's state machine, so a slow state machine never stalls
/// the peer's message handling. Answers the proposers of applied entries directly (one message per proposer per
/// batch), snapshots when the policy says so, and reports progress to the peer. A state machine that throws stops
/// the applier, and the peer with it, naming the index. Reads wait here until the state machine has applied through
/// their read index, then are answered from it directly; a query that fails fails only its read.
/// </summary>
internal sealed class StateMachineApplier : UntypedActor
{
    /// <summary>Most result bytes in one <see cref="ClientProtocol.ProposalsApplied"/>: a quarter of Akka.Remote's default frame.</summary>
    internal const int MaxReplyBytes = 1 << 20;

    /// <summary>What a result costs in the message besides its bytes (index, term, length), as our serializer writes it, at most.</summary>
    private const int ResultOverheadBytes = 32;

    private readonly StateMachineDriver _driver;
    private readonly PriorityQueue<ApplierProtocol.ServeReads, long> _reads = new();

    // Public because Akka creates actors through Activator; built with Props(driver).
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
                ServeDueReads();
                SnapshotIfDue();
                Context.Parent.Tell(new ApplierProtocol.Applied(_driver.LastApplied));
                break;
            case ApplierProtocol.ServeReads reads:
                _reads.Enqueue(reads, reads.ReadIndex);
                ServeDueReads();
                break;
            case ApplierProtocol.RestoreSnapshot restore:
                if (_driver.Restore(restore.Snapshot))
                {
                    ServeDueReads();
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
        try
        {
            _driver.Apply(apply.Entries, (entry, result) =>
            {
                if (!apply.Waiters.TryGetValue(entry.Index, out var waiter))
                {
                    return;
                }

                if (replies is null)
                {
                    // Usually one client (a RaftGroupClient batches its callers) waits on every entry: size its list for all of them.
                    replies = [];
                    replies[waiter] = new List<ClientProtocol.ProposalApplied>(apply.Waiters.Count);
                }

                if (!replies.TryGetValue(waiter, out var results))
                {
                    replies[waiter] = results = [];
                }

                results.Add(new ClientProtocol.ProposalApplied(entry.Index, entry.Term, result));
            });
        }
        catch (StateMachineFailedException failure)
        {
            // What was applied before the failure stands; the proposers of the rest will never hear otherwise.
            foreach (var (index, waiter) in apply.Waiters.Where(w => w.Key > _driver.LastApplied))
            {
                waiter.Tell(new ClientProtocol.ProposalFailed(index, 0, ClientProtocol.ProposalFailureReason.Stopped, failure.Message));
            }

            throw;
        }
        finally
        {
            // One message per proposer per batch: a client that batched its proposals gets its results batched too.
            foreach (var (waiter, results) in replies ?? [])
            {
                Reply(waiter, results);
            }
        }
    }

    /// <summary>
    /// Sends <paramref name="results"/> in messages of at most <see cref="MaxReplyBytes"/> of results each (at least one
    /// result each): a proposer on another node gets them through Akka.Remote, which drops a message larger than its
    /// frame, and its proposals would then time out with an unknown outcome.
    /// </summary>
    private static void Reply(IActorRef waiter, List<ClientProtocol.ProposalApplied> results)
    {
        var start = 0;
        var bytes = 0L;
        for (var i = 0; i < results.Count; i++)
        {
            var size = ResultOverheadBytes + results[i].Result.Length;
            if (i > start && bytes + size > MaxReplyBytes)
            {
                waiter.Tell(Message(results, start, i));
                start = i;
                bytes = 0;
            }

            bytes += size;
        }

        waiter.Tell(Message(results, start, results.Count));

        static object Message(List<ClientProtocol.ProposalApplied> results, int from, int to) =>
            to - from == 1 ? results[from] : new ClientProtocol.ProposalsApplied(results.GetRange(from, to - from).ToArray());
    }

    protected override void PostStop()
    {
        while (_reads.TryDequeue(out var reads, out _))
        {
            foreach (var read in reads.Reads)
            {
                read.Reader.Tell(new ClientProtocol.ReadFailed(ClientProtocol.ReadFailureReason.Stopped, null, $"member '{_driver.MemberId}' stopped before it had applied through read index {reads.ReadIndex}"));
            }
        }

        base.PostStop();
    }

    /// <summary>Answers every read whose read index the state machine has reached.</summary>
    private void ServeDueReads()
    {
        while (_reads.TryPeek(out var reads, out var readIndex) && readIndex <= _driver.LastApplied)
        {
            _reads.Dequeue();
            foreach (var read in reads.Reads)
            {
                read.Reader.Tell(Answer(read.Query, readIndex));
            }
        }
    }

    private object Answer(byte[] query, long readIndex)
    {
        try
        {
            return new ClientProtocol.ReadResult(readIndex, _driver.Query(query));
        }
        catch (StateMachineFailedException failure)
        {
            return new ClientProtocol.ReadFailed(ClientProtocol.ReadFailureReason.QueryFailed, null, failure.Message);
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
