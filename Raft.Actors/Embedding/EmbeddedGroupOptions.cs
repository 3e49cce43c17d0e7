using Raft.Actors.Peer;
using Raft.Actors.Persistence;
using Raft.Actors.StateMachine;

namespace Raft.Actors.Embedding;

/// <summary>How <see cref="EmbeddedRaftGroup.Start(EmbeddedGroupOptions)"/> builds a group of peers in one process. Checked when the group starts.</summary>
public sealed class EmbeddedGroupOptions
{
    /// <summary>Names the group; also the actor system's name.</summary>
    public string ClusterId { get; set; } = "raft";

    /// <summary>The members' stable ids, one peer each.</summary>
    public IReadOnlyList<string> MemberIds { get; set; } = ["n1", "n2", "n3"];

    /// <summary>Timing, batching and snapshot policy, shared by every member.</summary>
    public RaftOptions RaftOptions { get; set; } = new();

    /// <summary>Makes a fresh state machine for a member, each time it starts (committed entries are replayed into it).</summary>
    public required Func<string, IStateMachine> StateMachineFactory { get; set; }

    /// <summary>
    /// Opens a member's journal, once per member for the life of the group: a member restarted with
    /// <see cref="EmbeddedRaftGroup.Start(string)"/> reopens the same journal object. The group disposes them.
    /// Null means an <see cref="InMemoryJournal"/> per member.
    /// </summary>
    public Func<string, IRaftJournal>? JournalFactory { get; set; }

    /// <summary>
    /// Journals each member in its own SQLite file, <c>{directory}/{ClusterId}/{memberId}.db</c> (the folder is
    /// created), synced on every commit: what a group that must survive a process restart wants.
    /// </summary>
    public EmbeddedGroupOptions UseSqlite(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        JournalFactory = memberId => SqliteJournal.OpenInDirectory(directory, ClusterId, memberId);
        return this;
    }

    /// <summary>Optional synchronous hooks into every peer; called on the peers' threads, so they must be quick.</summary>
    public IRaftObserver? Observer { get; set; }

    /// <summary>How long <see cref="EmbeddedRaftGroup.ProposeAsync"/> waits when the caller gives no timeout.</summary>
    public TimeSpan ProposalTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The problems with these options other than <see cref="RaftOptions"/>'s own, each naming its option; empty when valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ClusterId))
        {
            problems.Add($"{nameof(ClusterId)} must not be empty.");
        }

        if (MemberIds is null || MemberIds.Count == 0)
        {
            problems.Add($"{nameof(MemberIds)} must list at least one member.");
        }
        else
        {
            if (MemberIds.Any(string.IsNullOrWhiteSpace))
            {
                problems.Add($"{nameof(MemberIds)} must not contain an empty id.");
            }

            foreach (var duplicate in MemberIds.Where(id => !string.IsNullOrWhiteSpace(id)).GroupBy(id => id, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                problems.Add($"{nameof(MemberIds)} lists '{duplicate.Key}' {duplicate.Count()} times; ids must be unique.");
            }
        }

        if (RaftOptions is null)
        {
            problems.Add($"{nameof(RaftOptions)} must be set.");
        }

        if (StateMachineFactory is null)
        {
            problems.Add($"{nameof(StateMachineFactory)} must be set.");
        }

        if (ProposalTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(ProposalTimeout)} must be positive (is {ProposalTimeout}).");
        }

        return problems;
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> listing this type's problems, then
    /// <see cref="RaftConfigurationException"/> if <see cref="RaftOptions"/> are invalid.
    /// </summary>
    public EmbeddedGroupOptions Validate()
    {
        var problems = Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid embedded group options: " + string.Join(" ", problems));
        }

        RaftOptions.Validate();
        return this;
    }
}
