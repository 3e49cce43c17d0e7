using Raft.Actors.Protocol;

namespace Raft.Actors.Core;

public sealed partial class RaftNode
{
    private void BecomeFollower(string? leaderId)
    {
        var wasLeader = _role == RaftRole.Leader;
        var ledTerm = _published.Term;
        _role = RaftRole.Follower;
        _leaderId = leaderId;
        _votes.Clear();
        EndPreCampaign();
        if (wasLeader)
        {
            Emit(new RaftEffect.CancelTimer(RaftTimer.HeartbeatTick));
            _progress.Clear();
            Emit(new RaftEffect.LeadershipLost(ledTerm, $"member '{MemberId}' stopped leading term {ledTerm} (now in term {_currentTerm}); the entry may still be committed by the next leader"));
        }

        if (leaderId is null)
        {
            ResetElectionTimer();
        }
        else
        {
            HeardFromLeader();
        }

        Publish();
    }

    private void Follower(object message)
    {
        switch (message)
        {
            case RaftTimer when message == RaftTimer.ElectionTimeout && _leaderContact:
                // The leader has been silent for the minimum election timeout: it no longer counts as current
                // (thesis §4.2.3); the random rest of the timeout follows.
                _leaderContact = false;
                Emit(new RaftEffect.StartElectionTimer(RandomSpread()));
                break;
            case RaftTimer when message == RaftTimer.ElectionTimeout:
                // No AppendEntries from a current leader and no vote granted for a whole timeout (§5.2).
                EndTransfer(ClientProtocol.LeadershipTransferOutcome.TimedOut, $"no leader was heard of within an election timeout after the transfer started");
                StandForElection();
                break;
            case RaftProtocol.PreVoteResult result:
                OnPreVoteResult(result);
                break;
            default:
                HandleCommon(message);
                break;
        }
    }

    /// <summary>
    /// AppendEntries receiver, Figure 2 rules 1-5. Runs in every role once the term rule has been applied;
    /// a candidate that hears a leader of its own term becomes its follower (§5.2).
    /// </summary>
    private void OnAppendEntries(RaftProtocol.AppendEntries request)
    {
        if (!IsMember(request.LeaderId))
        {
            return;
        }

        // Rule 1: reply false if term < currentTerm. The stale message changes nothing, not even the timer.
        if (request.Term < _currentTerm)
        {
            ReplyWhenDurable(request.LeaderId, Rejection(request.PrevLogIndex, default));
            return;
        }

        AcceptLeader(request.LeaderId);

        var prevLogIndex = request.PrevLogIndex;
        var prevLogTerm = request.PrevLogTerm;
        var entries = request.Entries.AsSpan();
        if (prevLogIndex < _log.SnapshotIndex)
        {
            // Entries up to our snapshot are committed, so they match the leader's; skip them.
            var skip = (int)Math.Min(entries.Length, _log.SnapshotIndex - prevLogIndex);
            entries = entries[skip..];
            prevLogIndex += skip;
            prevLogTerm = skip > 0 ? request.Entries[skip - 1].Term : prevLogTerm;
            if (prevLogIndex < _log.SnapshotIndex)
            {
                ReplyWhenDurable(request.LeaderId, Success(request.PrevLogIndex, prevLogIndex));
                return;
            }
        }

        // Rule 2: reply false if the log has no entry at prevLogIndex whose term matches prevLogTerm,
        // with the hints that let the leader skip a whole term (fast backtracking).
        if (!_log.Matches(prevLogIndex, prevLogTerm))
        {
            ReplyWhenDurable(request.LeaderId, Rejection(request.PrevLogIndex, _log.ConflictAt(prevLogIndex)));
            return;
        }

        // Rules 3 and 4: delete a conflicting entry and all that follow it; append entries not already present.
        // An entry already present with the same term is kept, so a delayed or duplicated AppendEntries never
        // truncates what a newer one appended.
        var firstNew = entries.Length;
        for (var i = 0; i < entries.Length; i++)
        {
            var existing = _log.TermAt(entries[i].Index);
            if (existing == entries[i].Term)
            {
                continue;
            }

            if (existing is not null)
            {
                if (entries[i].Index <= _commitIndex)
                {
                    throw new InvalidOperationException($"State machine safety violated: '{MemberId}' was asked to overwrite committed entry {entries[i].Index}.");
                }

                _log.TruncateFrom(entries[i].Index);
                _journal.NoteTruncation(entries[i].Index);
                _journal.Add(new JournalOperation.TruncateFrom(entries[i].Index));
            }

            firstNew = i;
            break;
        }

        if (firstNew < entries.Length)
        {
            // The request's own array when all of it is new (the usual case); nobody writes into an entry array.
            var appended = firstNew == 0 && entries.Length == request.Entries.Length ? request.Entries : entries[firstNew..].ToArray();
            foreach (var entry in appended)
            {
                _log.Append(entry);
            }

            _journal.Add(new JournalOperation.Append(appended));
        }

        // Rule 5: commitIndex = min(leaderCommit, index of last new entry).
        var lastNewIndex = prevLogIndex + entries.Length;
        if (request.LeaderCommit > _commitIndex)
        {
            SetCommitIndex(Math.Min(request.LeaderCommit, lastNewIndex));
        }

        ReplyWhenDurable(request.LeaderId, Success(request.PrevLogIndex, lastNewIndex));
    }

    /// <summary>
    /// A message from the leader of our term: a candidate steps down to follow it (§5.2), a follower records it and
    /// restarts its election timer. A second leader in our term would break election safety.
    /// </summary>
    private void AcceptLeader(string leaderId)
    {
        if (_role == RaftRole.Leader)
        {
            throw new InvalidOperationException($"Election safety violated: '{MemberId}' and '{leaderId}' both lead term {_currentTerm}.");
        }

        EndTransferOnLeader(leaderId);
        if (_role == RaftRole.Candidate)
        {
            BecomeFollower(leaderId);
            return;
        }

        _leaderId = leaderId;
        EndPreCampaign();
        HeardFromLeader();
        Publish();
    }

    private RaftProtocol.AppendEntriesResult Success(long prevLogIndex, long matchIndex) =>
        new(_currentTerm, MemberId, Success: true, prevLogIndex, matchIndex, ConflictTerm: 0, ConflictIndex: 0, _log.LastIndex);

    private RaftProtocol.AppendEntriesResult Rejection(long prevLogIndex, ConflictHint hint) =>
        new(_currentTerm, MemberId, Success: false, prevLogIndex, MatchIndex: 0, hint.Term, hint.Index, _log.LastIndex);
}
