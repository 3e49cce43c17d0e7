namespace Raft.Host.Configuration;

/// <summary>The configuration cannot start the host; each problem names its configuration key.</summary>
public sealed class HostConfigurationException(IReadOnlyList<string> problems)
    : Exception("Invalid configuration:" + string.Concat(problems.Select(p => Environment.NewLine + "  - " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
