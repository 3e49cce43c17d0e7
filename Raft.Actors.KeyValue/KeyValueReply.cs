namespace Raft.Actors.KeyValue;

/// <summary>A command's result, the log entry (index, term) that carried it, and whether it was a retry of a write applied before (the result is then that write's).</summary>
public readonly record struct KeyValueReply(KeyValueResult Result, long Index, long Term, bool Duplicate);
