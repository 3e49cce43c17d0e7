namespace Raft.Host.Http;

/// <summary>The answer to a completed leadership transfer: <see cref="Leader"/> leads <see cref="Term"/>.</summary>
public sealed record LeadershipTransferredBody(string Leader, long Term);
