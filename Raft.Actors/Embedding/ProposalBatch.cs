namespace Raft.Actors.Embedding;

/// <summary>Proposals sent together in one ProposeBatch to one member; they take consecutive indexes if accepted.</summary>
internal sealed class ProposalBatch(PendingProposal[] proposals, string target, int incarnation, long sentAt)
{
    public PendingProposal[] Proposals { get; } = proposals;

    public string Target { get; } = target;

    /// <summary>The target's incarnation when sent: a restarted member never answers for its predecessor.</summary>
    public int Incarnation { get; } = incarnation;

    public long SentAt { get; } = sentAt;

    public long FirstIndex { get; set; }

    public bool Answered { get; set; }

    public PendingProposal? At(long index)
    {
        var offset = index - FirstIndex;
        return offset >= 0 && offset < Proposals.Length ? Proposals[offset] : null;
    }
}
