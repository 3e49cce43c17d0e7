namespace Raft.Host.Modes;

/// <summary>A member that stopped, or never finished recovering, while the host ran; and why, as well as the host knows.</summary>
internal sealed record MemberFailure(string MemberId, string Reason);
