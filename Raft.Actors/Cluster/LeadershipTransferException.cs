using Raft.Actors.Protocol;

namespace Raft.Actors.Cluster;

/// <summary>A leadership transfer did not happen; <see cref="Result"/> says why (<see cref="ClientProtocol.LeadershipTransferOutcome"/>) and who leads, if known.</summary>
public sealed class LeadershipTransferException(ClientProtocol.LeadershipTransferResult result)
    : Exception($"Leadership did not move to '{result.TargetMemberId}' ({result.Outcome}): {result.Detail}.")
{
    public ClientProtocol.LeadershipTransferResult Result { get; } = result;
}
