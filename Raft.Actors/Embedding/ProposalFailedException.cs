using Raft.Actors.Messages;

namespace Raft.Actors.Embedding;

/// <summary>
/// A leader accepted the command at (<see cref="Index"/>, <see cref="Term"/>) but could not say it was applied.
/// The outcome is unknown (see <see cref="ClientProtocol.ProposalFailureReason"/>): the command may still commit
/// under a later leader, so retrying it may apply it twice unless the command is idempotent.
/// </summary>
public sealed class ProposalFailedException(ClientProtocol.ProposalFailureReason reason, long index, long term, string detail)
    : Exception($"The proposal accepted at index {index} in term {term} failed ({reason}): {detail}. Its outcome is unknown: it may still commit under a later leader.")
{
    public ClientProtocol.ProposalFailureReason Reason { get; } = reason;

    public long Index { get; } = index;

    public long Term { get; } = term;

    public string Detail { get; } = detail;
}
