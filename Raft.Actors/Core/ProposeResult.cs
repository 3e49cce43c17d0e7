namespace Raft.Actors.Core;

/// <summary>
/// A leader's answer to proposed commands: they hold indexes <see cref="FirstIndex"/> .. FirstIndex + count - 1 of
/// <see cref="Term"/>. A member that does not lead answers <see cref="Accepted"/> false with the leader it knows. A
/// leader refuses the whole proposal, appending nothing, when a command is larger than
/// <see cref="RaftOptions.MaxCommandBytes"/>: <see cref="TooLargeAt"/> is then the position of the first such command.
/// </summary>
public readonly record struct ProposeResult(bool Accepted, long FirstIndex, long Term, string? LeaderId, int TooLargeAt = -1)
{
    /// <summary>The proposal holds a command larger than <see cref="RaftOptions.MaxCommandBytes"/>; nothing was appended.</summary>
    public bool TooLarge => TooLargeAt >= 0;
}
