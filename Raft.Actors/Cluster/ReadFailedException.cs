using Raft.Actors.Protocol;

namespace Raft.Actors.Cluster;

/// <summary>A member could not serve a read for a reason retrying does not cure (its state machine refused or failed the query).</summary>
public sealed class ReadFailedException(string memberId, ClientProtocol.ReadFailureReason reason, string detail)
    : Exception($"Member '{memberId}' could not serve the read ({reason}): {detail}")
{
    public string MemberId { get; } = memberId;

    public ClientProtocol.ReadFailureReason Reason { get; } = reason;

    public string Detail { get; } = detail;
}
