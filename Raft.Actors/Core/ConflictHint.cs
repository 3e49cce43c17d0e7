namespace Raft.Actors.Core;

/// <summary>Why a follower rejected AppendEntries: the term it holds at PrevLogIndex (0 if none) and where that term begins.</summary>
public readonly record struct ConflictHint(long Term, long Index);
