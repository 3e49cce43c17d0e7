namespace Raft.Actors.Core;

/// <summary>Figure 2's persistent state besides the log: the latest term seen and the vote cast in it.</summary>
public sealed record HardState(long Term, string? VotedFor)
{
    public static readonly HardState Initial = new(0, null);
}
