namespace Raft.Benchmarks.Contenders;

/// <summary>A proposal committed in <see cref="Term"/> under the leadership of <see cref="Leader"/>.</summary>
internal readonly record struct Commit(string Leader, long Term);
