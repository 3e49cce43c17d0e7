namespace Raft.Actors.Core;

/// <summary>
/// A read waiting at the leader for its confirmation: the host's own read (<see cref="Member"/> null, <see cref="Id"/>
/// the host's read id) or a follower's request for a read index (<see cref="Id"/> its request id).
/// </summary>
internal readonly record struct PendingRead(string? Member, long Id);
