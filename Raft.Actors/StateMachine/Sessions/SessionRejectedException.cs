namespace Raft.Actors.StateMachine.Sessions;

/// <summary>
/// A <see cref="SessionStateMachine"/> refused a command (<see cref="Status"/> says why, the message names the
/// client, sequence and entry); nothing was applied for it now.
/// </summary>
public sealed class SessionRejectedException(SessionStatus status, string message) : Exception(message)
{
    public SessionStatus Status { get; } = status;
}
