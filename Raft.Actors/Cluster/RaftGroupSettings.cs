using Raft.Actors.Core;
using Raft.Actors.Persistence;
using Raft.Actors.StateMachine;

namespace Raft.Actors.Cluster;

/// <summary>What <see cref="RaftGroup.Start"/> builds a group from. Checked when the group starts.</summary>
public sealed record RaftGroupSettings
{
    /// <summary>Names the group: its actor is <c>/user/raft-{ClusterId}</c> and its members' journals <c>raft/{ClusterId}/{member}</c>.</summary>
    public required string ClusterId { get; init; }

    /// <summary>The members' stable ids, one peer each; a restarted member keeps its id, path and journal.</summary>
    public required IReadOnlyList<string> MemberIds { get; init; }

    /// <summary>Makes a fresh state machine for a member each time it starts; committed entries are replayed into it.</summary>
    public required Func<string, IStateMachine> StateMachineFactory { get; init; }

    /// <summary>Timing, batching and snapshot policy, shared by every member.</summary>
    public RaftOptions Options { get; init; } = new();

    /// <summary>How long <see cref="RaftGroupClient.ProposeAsync"/> waits when the caller gives no timeout.</summary>
    public TimeSpan ProposalTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The Akka.Persistence journal plugin the members use; null for the system's default (<c>akka.persistence.journal.plugin</c>).</summary>
    public string? JournalPluginId { get; init; }

    /// <summary>The Akka.Persistence snapshot store plugin; null for the system's default (<c>akka.persistence.snapshot-store.plugin</c>).</summary>
    public string? SnapshotPluginId { get; init; }

    /// <summary>
    /// Names a member's own journal plugin, for storages with one per member (<see cref="RaftStorage.JournalPluginIdFor"/>);
    /// when null, or when it answers null for a member, that member uses <see cref="JournalPluginId"/>.
    /// </summary>
    public Func<string, string?>? MemberJournalPluginId { get; init; }

    /// <summary>Names a member's own snapshot store plugin, as <see cref="MemberJournalPluginId"/> does its journal.</summary>
    public Func<string, string?>? MemberSnapshotPluginId { get; init; }

    /// <summary>Optional synchronous hooks into every member, called on the members' actor threads: they must be quick.</summary>
    public IRaftObserver? Observer { get; init; }

    /// <summary>The journal plugin <paramref name="memberId"/> uses; null for the system's default.</summary>
    public string? JournalPluginIdOf(string memberId) => MemberJournalPluginId?.Invoke(memberId) ?? JournalPluginId;

    /// <summary>The snapshot store plugin <paramref name="memberId"/> uses; null for the system's default.</summary>
    public string? SnapshotPluginIdOf(string memberId) => MemberSnapshotPluginId?.Invoke(memberId) ?? SnapshotPluginId;

    /// <summary>These settings with every member writing where <paramref name="storage"/> puts it (a shared plugin, or its own).</summary>
    public RaftGroupSettings WithStorage(RaftStorage storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return this with
        {
            JournalPluginId = null,
            SnapshotPluginId = null,
            MemberJournalPluginId = storage.JournalPluginIdFor,
            MemberSnapshotPluginId = storage.SnapshotPluginIdFor,
        };
    }

    /// <summary>The problems with these settings other than <see cref="Options"/>' own, each naming its setting; empty when valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ClusterId))
        {
            problems.Add($"{nameof(ClusterId)} must not be empty.");
        }
        else if (!Core.MemberIds.IsValid(ClusterId))
        {
            problems.Add($"{nameof(ClusterId)} '{ClusterId}' is not valid: use 1 to {Core.MemberIds.MaxLength} letters, digits, '-' or '_'.");
        }

        if (MemberIds is null || MemberIds.Count == 0)
        {
            problems.Add($"{nameof(MemberIds)} must list at least one member.");
        }
        else
        {
            foreach (var invalid in MemberIds.Where(id => !Core.MemberIds.IsValid(id)).Distinct(StringComparer.Ordinal))
            {
                problems.Add($"{nameof(MemberIds)} lists '{invalid}', which is not a valid id: use 1 to {Core.MemberIds.MaxLength} letters, digits, '-' or '_'.");
            }

            foreach (var duplicate in MemberIds.Where(Core.MemberIds.IsValid).GroupBy(id => id, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                problems.Add($"{nameof(MemberIds)} lists '{duplicate.Key}' {duplicate.Count()} times; ids must be unique.");
            }
        }

        SharedSettingsProblems.Add(problems, StateMachineFactory, Options, ProposalTimeout, JournalPluginId, SnapshotPluginId);

        return problems;
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> listing this record's problems, then <see cref="RaftConfigurationException"/>
    /// if <see cref="Options"/> are invalid.
    /// </summary>
    public RaftGroupSettings Validate()
    {
        var problems = Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid Raft group settings: " + string.Join(" ", problems));
        }

        Options.Validate();
        return this;
    }
}
