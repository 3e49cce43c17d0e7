namespace Raft.Host.Http;

/// <summary>One member in <c>GET /status</c>; <see cref="Role"/> is "down" (and the numbers 0) for a member that did not answer.</summary>
public sealed record MemberStatusView(string Member, string Role, long Term, string? Leader, long CommitIndex, long AppliedIndex, long LastLogIndex, long SnapshotIndex);
