namespace Raft.Actors.Protocol;

/// <summary>The RPCs the Raft thesis adds to the paper's elections: PreVote (§9.6) and TimeoutNow (§3.10).</summary>
public static partial class RaftProtocol
{
    /// <summary>
    /// Asks whether the sender could win an election, before it stands in one (thesis §9.6). <see cref="Term"/> is the
    /// term it would stand in (its own + 1), not a term it holds: no receiver adopts it, and nothing is persisted.
    /// </summary>
    public sealed record PreVote(long Term, string CandidateId, long LastLogIndex, long LastLogTerm) : IRaftMessage
    {
        string IRaftMessage.From => CandidateId;
    }

    /// <summary>
    /// The answer to a <see cref="PreVote"/>. <see cref="Term"/> echoes the term asked about, which the receiver never
    /// adopts; <see cref="VoterTerm"/> is the voter's own term, which it does adopt if higher (Figure 2): a member that
    /// lags behind the others' terms could otherwise never win a pre-vote.
    /// </summary>
    public sealed record PreVoteResult(long Term, string VoterId, bool VoteGranted, long VoterTerm) : IRaftMessage
    {
        string IRaftMessage.From => VoterId;
    }

    /// <summary>
    /// Sent by a leader that hands over leadership, once the target's log matches its own (thesis §3.10): the target
    /// starts an election at once, without PreVote, with <see cref="RequestVote.LeadershipTransfer"/> set.
    /// </summary>
    public sealed record TimeoutNow(long Term, string LeaderId) : IRaftMessage
    {
        string IRaftMessage.From => LeaderId;
    }
}
