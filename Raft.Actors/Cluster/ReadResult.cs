namespace Raft.Actors.Cluster;

/// <summary>The answer to a read: <see cref="MemberId"/>'s state machine returned <see cref="Result"/> once it had applied through <see cref="ReadIndex"/>.</summary>
public readonly record struct ReadResult(string MemberId, long ReadIndex, byte[] Result);
