namespace Raft.Actors.StateMachine.Sessions;

/// <summary>The state machine's result for a command of a session, the entry that carried it, and whether it was a retry of one applied before.</summary>
public readonly record struct SessionReply(long Index, long Term, byte[] Result, bool Duplicate);
