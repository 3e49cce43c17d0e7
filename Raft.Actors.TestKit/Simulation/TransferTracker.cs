using Raft.Actors.Protocol;

namespace Raft.Actors.TestKit.Simulation;

/// <summary>Stands in for whoever asked a member for a leadership transfer: records the answer.</summary>
public sealed class TransferTracker(string memberId, string targetMemberId) : ISimulatedClient
{
    /// <summary>The member asked.</summary>
    public string MemberId { get; } = memberId;

    public string TargetMemberId { get; } = targetMemberId;

    /// <summary>How the transfer ended; null while it is under way (or the member asked is down).</summary>
    public ClientProtocol.LeadershipTransferResult? Result { get; private set; }

    public void Receive(object message)
    {
        if (message is not ClientProtocol.LeadershipTransferResult result || Result is not null)
        {
            throw new InvalidOperationException($"The client of a transfer from '{MemberId}' to '{TargetMemberId}' was sent {message}{(Result is null ? "" : $" after {Result}")}.");
        }

        Result = result;
    }
}
