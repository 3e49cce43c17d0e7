using Raft.Actors.Protocol;

namespace Raft.Actors.Cluster;

/// <summary>What the members answer to batches (accepted, not the leader, too large, applied, failed), and proposals running out of time.</summary>
internal sealed partial class ProposalDispatcher
{
    private void OnBatchAccepted(ClientProtocol.BatchAccepted accepted)
    {
        if (!_byPeer.TryGetValue(Sender, out var member) || !member.Unanswered.TryDequeue(out var batch))
        {
            return;
        }

        for (var i = 0; i < batch.Proposals.Length; i++)
        {
            if (!batch.Proposals[i].IsDone)
            {
                batch.Proposals[i].Accept(member, accepted.FirstIndex + i, accepted.Term);
            }
        }

        Flush();
    }

    private void OnNotLeader(ClientProtocol.NotLeader notLeader)
    {
        if (!_byPeer.TryGetValue(Sender, out var member) || !member.Unanswered.TryDequeue(out var batch))
        {
            return;
        }

        _queued.InsertRange(0, batch.Proposals.Where(p => !p.IsDone));
        if (notLeader.LeaderId is { } leader && leader != member.Id)
        {
            _hint = leader;
        }

        // Without a hint, asking the member that just refused again would loop: wait for the next announcement.
        Flush(notTo: member.Id);
    }

    /// <summary>
    /// The member appended none of the batch: the group's limit is lower than the one the client checked. What is over
    /// it fails for certain; the rest was never appended, so it goes again without risk of applying twice.
    /// </summary>
    private void OnCommandTooLarge(ClientProtocol.CommandTooLarge tooLarge)
    {
        if (!_byPeer.TryGetValue(Sender, out var member) || !member.Unanswered.TryDequeue(out var batch))
        {
            return;
        }

        var retry = new List<PendingProposal>(batch.Proposals.Length);
        for (var i = 0; i < batch.Proposals.Length; i++)
        {
            var proposal = batch.Proposals[i];
            if (proposal.IsDone)
            {
                continue;
            }

            if (i == tooLarge.Position || proposal.Command.Length > tooLarge.Limit)
            {
                Retire(proposal);
                proposal.Fail(new ProposalFailedException(ClientProtocol.ProposalFailureReason.CommandTooLarge, 0, 0,
                    $"the command holds {proposal.Command.Length} bytes, more than group '{_clusterId}' takes (MaxCommandBytes {tooLarge.Limit} at member '{tooLarge.MemberId}'); nothing was appended"));
            }
            else
            {
                retry.Add(proposal);
            }
        }

        _queued.InsertRange(0, retry);
        Flush();
    }

    private void OnApplied(ClientProtocol.ProposalApplied applied)
    {
        // Results come from the leader's applier, not the leader: find the proposal by its entry (index and term).
        foreach (var member in _members.Values)
        {
            if (member.Accepted.TryGetValue(applied.Index, out var proposal) && proposal.Accepted!.Value.Term == applied.Term)
            {
                Retire(proposal);
                proposal.Succeed(new ProposalResult(applied.Index, applied.Term, applied.Result));
                return;
            }
        }
    }

    private void OnFailed(ClientProtocol.ProposalFailed failed)
    {
        if (_byPeer.TryGetValue(Sender, out var member) && member.Accepted.TryGetValue(failed.Index, out var proposal))
        {
            var (index, term) = proposal.Accepted!.Value;
            Retire(proposal);
            proposal.Fail(new ProposalFailedException(failed.Reason, index, term, failed.Detail));
        }
    }

    private void ExpireDue()
    {
        var now = _time.GetTimestamp();
        while (_deadlines.TryTakeDue(now, out var proposal))
        {
            var limit = proposal.Timeout.TotalMilliseconds;
            Retire(proposal);
            proposal.Fail(new TimeoutException(proposal.Accepted is { } at
                ? $"The proposal to group '{_clusterId}' timed out after {limit} ms waiting to be applied: it was accepted at index {at.Index} in term {at.Term}; its outcome is unknown."
                : $"The proposal to group '{_clusterId}' timed out after {limit} ms waiting for a leader to accept it."));
        }
    }

    /// <summary>
    /// One timer, armed for the earliest deadline in progress. It is re-armed only for an earlier deadline: when it
    /// fires after its proposal finished, <see cref="ExpireDue"/> finds nothing and it is armed for the next, so a
    /// steady stream of proposals that finish in time costs about one timer per timeout, not one per proposal.
    /// </summary>
    private void ArmDeadline()
    {
        if (!_deadlines.TryPeek(out var earliest) || (_armedDeadline is { } armed && earliest.Deadline >= armed))
        {
            return;
        }

        var next = earliest.Deadline;
        _armedDeadline = next;
        var now = _time.GetTimestamp();
        var delay = next > now ? _time.GetElapsedTime(now, next) : TimeSpan.Zero;
        Timers.StartSingleTimer(DeadlineTimer, DispatcherMessages.DeadlineReached.Instance, delay);
    }

    /// <summary>Takes a proposal that is about to be completed out of the dispatcher's books (no closure: this runs once per proposal).</summary>
    private void Retire(PendingProposal proposal)
    {
        _deadlines.Remove(proposal);
        _gate.Remove(proposal);
    }
}
