namespace Raft.Host.Configuration;

/// <summary>
/// The configuration cannot start the host; each problem names its configuration key. The message is one line for
/// one problem, a list for several.
/// </summary>
public sealed class HostConfigurationException(IReadOnlyList<string> problems)
    : Exception(problems.Count == 1
        ? "Invalid configuration: " + problems[0]
        : "Invalid configuration:" + string.Concat(problems.Select(p => Environment.NewLine + "  - " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
