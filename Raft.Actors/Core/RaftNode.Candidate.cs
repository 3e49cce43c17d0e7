using Raft.Actors.Protocol;

namespace Raft.Actors.Core;

public sealed partial class RaftNode
{
    // The voters of the current candidacy; a set, so a duplicated or re-sent vote counts once.
    private readonly HashSet<string> _votes = new(StringComparer.Ordinal);

    /// <summary>
    /// §5.2: increment currentTerm, vote for self, reset the election timer, send RequestVote to all others.
    /// Our own vote counts, and the requests go out, only once (term, votedFor) is durable: a leader elected on
    /// a vote it could forget in a crash could see a second leader elected in its term. An election a leader asked
    /// for (<paramref name="leadershipTransfer"/>) says so in its requests, so voters that still hear that leader grant them.
    /// </summary>
    private void BecomeCandidate(bool leadershipTransfer = false)
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
        var request = new RaftProtocol.RequestVote(term, MemberId, _log.LastIndex, _log.LastTerm, leadershipTransfer);
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
                // Split vote or lost messages: try again in a new term (§5.2), after a pre-vote if it is on, so a
                // candidate cut off from the others does not keep raising its term.
                StandForElection();
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
