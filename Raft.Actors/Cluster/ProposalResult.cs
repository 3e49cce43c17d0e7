namespace Raft.Actors.Cluster;

/// <summary>A command that committed at (<see cref="Index"/>, <see cref="Term"/>) and what the state machine returned for it.</summary>
public readonly record struct ProposalResult(long Index, long Term, byte[] Result);
