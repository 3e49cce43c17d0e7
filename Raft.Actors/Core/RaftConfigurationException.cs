namespace Raft.Actors.Core;

/// <summary>Invalid peer configuration; the message names each offending option.</summary>
public sealed class RaftConfigurationException(IReadOnlyList<string> problems)
    : Exception("Invalid Raft configuration: " + string.Join(" ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
