using Raft.Actors.Protocol;

namespace Raft.Actors.Core;

/// <summary>
/// PreVote (Raft thesis §9.6): a member whose election timer fires first asks whether it could win, without
/// changing its term or vote, and stands for election only with a majority's yes. A member cut off from the group
/// then keeps its term, and rejoins without deposing a leader that served the others all along. While it asks it is
/// still a follower (its role, term and vote are unchanged), so <see cref="RaftRole"/> needs no pre-candidate value.
/// </summary>
public sealed partial class RaftNode
{
    // The members that said yes in the current pre-vote round, ourselves included; empty when none is running.
    private readonly HashSet<string> _preVotes = new(StringComparer.Ordinal);
    private bool _preCampaigning;

    /// <summary>The election timer fired with no leader heard of: ask first if PreVote is on, else stand at once (§5.2).</summary>
    private void StandForElection()
    {
        if (_options.PreVote)
        {
            StartPreCampaign();
        }
        else
        {
            BecomeCandidate();
        }
    }

    /// <summary>
    /// A round of pre-votes for the next term, as a follower: nothing is persisted, and the requests go out at once,
    /// since they vouch for nothing. A candidate whose election timed out comes back here too, so a candidate cut off
    /// from the others stops raising its term. The election timer runs as usual: when it fires, a new round starts.
    /// </summary>
    private void StartPreCampaign()
    {
        _role = RaftRole.Follower;
        _leaderId = null;
        _votes.Clear();
        _preVotes.Clear();
        _preCampaigning = true;
        ResetElectionTimer();
        Publish();

        var request = new RaftProtocol.PreVote(_currentTerm + 1, MemberId, _log.LastIndex, _log.LastTerm);
        foreach (var peer in _peers)
        {
            SendTo(peer, request);
        }

        CountPreVote(MemberId);
    }

    private void OnPreVoteResult(RaftProtocol.PreVoteResult result)
    {
        // A yes for another term belongs to an earlier round, or our term has moved on since.
        if (_preCampaigning && result.Term == _currentTerm + 1 && result.VoteGranted && IsMember(result.VoterId))
        {
            CountPreVote(result.VoterId);
        }
    }

    private void CountPreVote(string voterId)
    {
        _preVotes.Add(voterId);
        if (_preVotes.Count >= _majority)
        {
            EndPreCampaign();
            BecomeCandidate();
        }
    }

    /// <summary>A leader was heard from, a vote granted or an election started: the pre-vote round, if any, is over.</summary>
    private void EndPreCampaign()
    {
        _preCampaigning = false;
        _preVotes.Clear();
    }

    /// <summary>
    /// PreVote receiver (thesis §9.6): yes if we would grant a RequestVote of that term from that candidate (§5.2,
    /// §5.4.1), and we have not heard from a current leader within the minimum election timeout. Our term, vote and
    /// timer do not change, and nothing waits for the journal: a pre-vote promises nothing.
    /// </summary>
    private void OnPreVote(RaftProtocol.PreVote request)
    {
        if (!IsMember(request.CandidateId))
        {
            return;
        }

        var wouldVote = request.Term > _currentTerm
                        || (request.Term == _currentTerm && (_votedFor is null || _votedFor == request.CandidateId));
        var granted = wouldVote
                      && !HeardFromCurrentLeader
                      && _log.IsAtLeastAsUpToDateAs(request.LastLogTerm, request.LastLogIndex);
        SendTo(request.CandidateId, new RaftProtocol.PreVoteResult(request.Term, MemberId, granted, _currentTerm));
    }
}
