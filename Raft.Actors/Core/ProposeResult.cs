namespace Raft.Actors.Core;

/// <summary>
/// A leader's answer to proposed commands: they hold indexes <see cref="FirstIndex"/> .. FirstIndex + count - 1 of
/// <see cref="Term"/>. A member that does not lead answers <see cref="Accepted"/> false with the leader it knows.
/// </summary>
public readonly record struct ProposeResult(bool Accepted, long FirstIndex, long Term, string? LeaderId);
