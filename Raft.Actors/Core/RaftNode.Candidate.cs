using Raft.Actors.Protocol;

namespace Raft.Actors.Core;

public sealed partial class RaftNode
{
    // The voters of the current candidacy; a set, so a duplicated or re-sent vote counts once.
    private readonly HashSet<string> _votes = new(StringComparer.Ordinal);

    /// <summary>
    /// §5.2: increment currentTerm, vote for self, reset the election timer, send RequestVote to all others.
    /// Our own vote counts, and the requests go out, only once (term, votedFor) is durable: a leader elected on
    /// a vote it could forget in a crash could see a second leader elected in its term.
    /// </summary>
    private void BecomeCandidate()
    {
        _role = RaftRole.Candidate;
        _currentTerm++;
        _votedFor = MemberId;
        _leaderId = null;
        _votes.Clear();
        PersistHardState();
        ResetElectionTimer();
        Publish();

        var term = _currentTerm;
        var request = new RaftProtocol.RequestVote(term, MemberId, _log.LastIndex, _log.LastTerm);
        _journal.WhenDurable(() =>
        {
            if (_role != RaftRole.Candidate || _currentTerm != term)
            {
                return;
            }

            foreach (var peer in _peers)
            {
                SendTo(peer, request);
            }

            CountVote(MemberId);
        });
    }

    private void Candidate(object message)
    {
        switch (message)
        {
            case RaftProtocol.RequestVoteResult result:
                // A vote of an earlier term belongs to an earlier candidacy: ignore it.
                if (result.Term == _currentTerm && result.VoteGranted && IsMember(result.VoterId))
                {
                    CountVote(result.VoterId);
                }

                break;
            case RaftTimer when message == RaftTimer.ElectionTimeout:
                // Split vote or lost messages: try again in a new term (§5.2).
                BecomeCandidate();
                break;
            default:
                HandleCommon(message);
                break;
        }
    }

    private void CountVote(string voterId)
    {
        _votes.Add(voterId);
        if (_votes.Count >= _majority)
        {
            BecomeLeader();
        }
    }
}
