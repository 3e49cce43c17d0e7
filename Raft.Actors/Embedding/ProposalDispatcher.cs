using Raft.Actors.Actors;
using Raft.Actors.Messages;
using Raft.Actors.Transport;

namespace Raft.Actors.Embedding;

/// <summary>
/// Gathers the group's concurrent proposals and sends them to the leader as one ProposeBatch per mailbox drain,
/// so a thousand callers cost a handful of messages, not thousands (the peer answers with one message per batch
/// too). A batch refused with NotLeader goes to the leader named, or waits for the next election; a batch sent to
/// a member that stopped before answering goes elsewhere. A batch a leader accepted is never sent again: its
/// proposals end applied, failed, or timed out with their outcome unknown.
/// </summary>
internal sealed class ProposalDispatcher(
    IReadOnlyList<string> members,
    Func<string?> leader,
    Func<string, int?> incarnationOf,
    InProcessNetwork network,
    TimeSpan answerTimeout,
    TimeSpan tick) : ActorBase
{
    // Large enough to amortise messages, small enough that one batch never monopolises a peer's mailbox drain.
    private const int MaxBatch = 4096;

    private readonly List<PendingProposal> _queued = [];
    private readonly HashSet<ProposalBatch> _unanswered = [];
    private readonly HashSet<PendingProposal> _live = [];
    private string? _hint;
    private int _rotation;
    private bool _waitingForLeader;

    protected override void PreStart() => Timers.StartPeriodicTimer("tick", DispatcherMessages.Tick.Instance, tick);

    protected override void PostStop()
    {
        foreach (var proposal in _live)
        {
            proposal.Fail(new ObjectDisposedException(nameof(EmbeddedRaftGroup), "The group was disposed while the proposal was in progress; its outcome is unknown."));
        }
    }

    protected override void Receive(object message)
    {
        switch (message)
        {
            case DispatcherMessages.Submit submit:
                _live.Add(submit.Proposal);
                _queued.Add(submit.Proposal);
                break;
            case DispatcherMessages.Cancel cancel:
                _live.Remove(cancel.Proposal);
                cancel.Proposal.TrySetCanceled();
                break;
            case DispatcherMessages.BatchReply reply:
                OnReply(reply.Batch, reply.Message);
                break;
            case DispatcherMessages.Tick:
                OnTick();
                break;
        }
    }

    protected override void OnMailboxDrained() => Flush();

    private void Flush()
    {
        _queued.RemoveAll(p => p.IsDone);
        if (_queued.Count == 0 || _waitingForLeader)
        {
            return;
        }

        var target = ChooseTarget();
        if (target is null || incarnationOf(target) is not { } incarnation)
        {
            _waitingForLeader = true;
            return;
        }

        var now = Context.Time.GetTimestamp();
        for (var start = 0; start < _queued.Count; start += MaxBatch)
        {
            var proposals = _queued.GetRange(start, Math.Min(MaxBatch, _queued.Count - start)).ToArray();
            var batch = new ProposalBatch(proposals, target, incarnation, now);
            _unanswered.Add(batch);
            var commands = new byte[proposals.Length][];
            for (var i = 0; i < proposals.Length; i++)
            {
                commands[i] = proposals[i].Command;
            }

            network.RefFor(target).Tell(new ClientProtocol.ProposeBatch(commands), new DispatcherMessages.BatchRoute(Self, batch));
        }

        _queued.Clear();
    }

    private void OnReply(ProposalBatch batch, object message)
    {
        switch (message)
        {
            case ClientProtocol.BatchAccepted accepted:
                batch.Answered = true;
                batch.FirstIndex = accepted.FirstIndex;
                _unanswered.Remove(batch);
                for (var i = 0; i < batch.Proposals.Length; i++)
                {
                    batch.Proposals[i].Accepted = (accepted.FirstIndex + i, accepted.Term);
                }

                break;
            case ClientProtocol.NotLeader notLeader:
                batch.Answered = true;
                _unanswered.Remove(batch);
                Requeue(batch);
                if (notLeader.LeaderId is { } known && known != batch.Target && incarnationOf(known) is not null)
                {
                    _hint = known;
                }
                else
                {
                    // No leader known yet (an election is under way): try again on the next tick, not in a loop.
                    _waitingForLeader = true;
                }

                break;
            case ClientProtocol.ProposalApplied applied:
                Complete(batch, applied);
                break;
            case ClientProtocol.ProposalsApplied many:
                foreach (var applied in many.Results)
                {
                    Complete(batch, applied);
                }

                break;
            case ClientProtocol.ProposalFailed failed when batch.At(failed.Index) is { } proposal:
                _live.Remove(proposal);
                proposal.Fail(new ProposalFailedException(failed.Reason, failed.Index, failed.Term, failed.Detail));
                break;
        }
    }

    private void Complete(ProposalBatch batch, ClientProtocol.ProposalApplied applied)
    {
        if (batch.At(applied.Index) is { } proposal)
        {
            _live.Remove(proposal);
            proposal.Succeed(new ProposalResult(applied.Index, applied.Term, applied.Result));
        }
    }

    private void OnTick()
    {
        _waitingForLeader = false;
        var now = Context.Time.GetTimestamp();

        // A batch whose member stopped (or was restarted) before answering was never appended there: send it elsewhere.
        foreach (var batch in _unanswered.ToList())
        {
            if (Context.Time.GetElapsedTime(batch.SentAt, now) >= answerTimeout && incarnationOf(batch.Target) != batch.Incarnation)
            {
                _unanswered.Remove(batch);
                Requeue(batch);
            }
        }

        foreach (var proposal in _live.Where(p => p.Deadline <= now).ToList())
        {
            _live.Remove(proposal);
            proposal.Fail(new TimeoutException(proposal.Accepted is { } at
                ? $"The proposal accepted at index {at.Index} in term {at.Term} was not applied within {proposal.Timeout.TotalMilliseconds} ms; its outcome is unknown."
                : $"No leader accepted the proposal within {proposal.Timeout.TotalMilliseconds} ms."));
        }

        Flush();
    }

    private void Requeue(ProposalBatch batch) => _queued.InsertRange(0, batch.Proposals.Where(p => !p.IsDone));

    /// <summary>The member named by the last NotLeader, else the one believed to lead, else the next running member in turn.</summary>
    private string? ChooseTarget()
    {
        if (_hint is { } hinted)
        {
            _hint = null;
            return hinted;
        }

        if (leader() is { } current)
        {
            return current;
        }

        for (var i = 0; i < members.Count; i++)
        {
            var candidate = members[_rotation++ % members.Count];
            if (incarnationOf(candidate) is not null)
            {
                return candidate;
            }
        }

        return null;
    }
}
