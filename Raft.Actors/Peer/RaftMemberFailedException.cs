namespace Raft.Actors.Peer;

/// <summary>A member cannot go on (its state machine or journal failed); it stops.</summary>
public sealed class RaftMemberFailedException(string memberId, string cause, Exception? inner = null)
    : Exception($"Member '{memberId}' cannot continue: {cause}", inner)
{
    public string MemberId { get; } = memberId;
}
