namespace Raft.Actors.StateMachine.Sessions;

/// <summary>What a <see cref="SessionStateMachine"/> did with a command: byte 1 of a <see cref="SessionResult"/>'s encoding.</summary>
public enum SessionStatus : byte
{
    /// <summary>Applied now; the result is the state machine's.</summary>
    Applied = 0,

    /// <summary>A retry of a command applied before: not applied again; the result is the one it got then.</summary>
    Duplicate = 1,

    /// <summary>The envelope did not decode; nothing was applied.</summary>
    Malformed = 2,

    /// <summary>
    /// The client has no session (it expired, or its client never opened one) and the command does not open one:
    /// nothing was applied, and whether an earlier attempt was cannot be told. Start a new session (a new client id).
    /// </summary>
    SessionExpired = 3,

    /// <summary>
    /// The sequence is below the session's first unacknowledged one and its result is no longer kept: nothing was
    /// applied now, and whether an earlier attempt was cannot be told.
    /// </summary>
    ResultForgotten = 4,
}
