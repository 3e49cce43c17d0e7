using Raft.Actors.Core;

namespace Raft.Actors.Cluster;

/// <summary>The checks <see cref="RaftGroupSettings"/> and <see cref="Remote.RaftMemberSettings"/> share, each naming its setting.</summary>
internal static class SharedSettingsProblems
{
    public static void Add(List<string> problems, object? stateMachineFactory, RaftOptions? options, TimeSpan proposalTimeout, string? journalPluginId, string? snapshotPluginId)
    {
        if (stateMachineFactory is null)
        {
            problems.Add("StateMachineFactory must be set.");
        }

        if (options is null)
        {
            problems.Add("Options must be set.");
        }

        if (proposalTimeout <= TimeSpan.Zero)
        {
            problems.Add($"ProposalTimeout must be positive (is {proposalTimeout}).");
        }

        if (journalPluginId is { } journal && string.IsNullOrWhiteSpace(journal))
        {
            problems.Add("JournalPluginId must be null (the default journal) or name a plugin.");
        }

        if (snapshotPluginId is { } snapshots && string.IsNullOrWhiteSpace(snapshots))
        {
            problems.Add("SnapshotPluginId must be null (the default snapshot store) or name a plugin.");
        }
    }
}
