namespace Raft.Actors.StateMachine;

/// <summary>The user's state machine threw; the member cannot apply past <see cref="Index"/> and stops.</summary>
public sealed class StateMachineFailedException(string memberId, long index, string doing, Exception inner)
    : Exception($"Member '{memberId}': the state machine threw while {doing} index {index}: {inner.Message}", inner)
{
    public string MemberId { get; } = memberId;

    public long Index { get; } = index;
}
