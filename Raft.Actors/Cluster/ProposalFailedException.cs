using Raft.Actors.Protocol;

namespace Raft.Actors.Cluster;

/// <summary>
/// A leader accepted the command at (<see cref="Index"/>, <see cref="Term"/>) but cannot say it was applied: it lost
/// leadership or stopped first. The outcome is unknown (see <see cref="ClientProtocol.ProposalFailureReason"/>): the
/// command may still commit under a later leader, so retrying it may apply it twice unless it is idempotent.
/// </summary>
public sealed class ProposalFailedException(ClientProtocol.ProposalFailureReason reason, long index, long term, string detail)
    : Exception($"The proposal accepted at index {index} in term {term} failed ({reason}): {detail}. Its outcome is unknown: it may still commit under a later leader.")
{
    public ClientProtocol.ProposalFailureReason Reason { get; } = reason;

    public long Index { get; } = index;

    public long Term { get; } = term;

    public string Detail { get; } = detail;
}
