
namespace Raft.Actors.Core;

/// <summary>Timing and batching of a Raft peer. Settable, so hosts can bind it from configuration; call <see cref="Validate"/>.</summary>
public sealed class RaftOptions
{
    /// <summary>Lower bound of the random election timeout (drawn afresh at every reset).</summary>
    public TimeSpan ElectionTimeoutMin { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Upper bound (exclusive) of the random election timeout.</summary>
    public TimeSpan ElectionTimeoutMax { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>How often a leader heartbeats an idle follower.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Most entries in one AppendEntries.</summary>
    public int MaxEntriesPerAppend { get; set; } = 1024;

    /// <summary>Most command bytes in one AppendEntries (a single larger entry is still sent alone).</summary>
    public int MaxAppendBytes { get; set; } = 1 << 20;

    /// <summary>
    /// Largest command a leader appends, in bytes as stored in the log entry (a session's envelope included). A larger
    /// one is refused before anything is appended (<see cref="Protocol.ClientProtocol.CommandTooLarge"/>): an entry
    /// that does not fit in one Akka.Remote frame could never reach a follower on another node, and the group would
    /// stall behind it for good.
    /// </summary>
    public int MaxCommandBytes { get; set; } = 1 << 20;

    /// <summary>Most AppendEntries with entries in flight to one follower (pipelining).</summary>
    public int MaxInflightAppends { get; set; } = 16;

    /// <summary>Largest InstallSnapshot chunk.</summary>
    public int SnapshotChunkBytes { get; set; } = 1 << 20;

    /// <summary>When the state machine is snapshotted and the log compacted.</summary>
    public SnapshotPolicy Snapshots { get; set; } = new();

    /// <summary>
    /// A member whose election timer fires first asks the others whether it could win (thesis §9.6), and stands for
    /// election (bumping its term) only with a majority's yes; so a member cut off for a while rejoins without
    /// deposing a healthy leader. Members answer yes only if its log is up to date and they have not heard from a
    /// leader within <see cref="ElectionTimeoutMin"/>.
    /// </summary>
    public bool PreVote { get; set; } = true;

    /// <summary>
    /// A leader that has heard from no majority of the group within <see cref="ElectionTimeoutMin"/> steps down
    /// (thesis §6.2); and a member that heard from a leader within <see cref="ElectionTimeoutMin"/> ignores vote requests
    /// of a higher term (leader stickiness, thesis §4.2.3), unless a leadership transfer asked for the election.
    /// </summary>
    public bool CheckQuorum { get; set; } = true;

    /// <summary>How a leader confirms it still leads before serving a read (<see cref="Core.ReadMode"/>); ReadIndex unless set.</summary>
    public ReadMode ReadMode { get; set; } = ReadMode.ReadIndex;

    /// <summary>
    /// With <see cref="ReadMode.Lease"/>: how much shorter than <see cref="ElectionTimeoutMin"/> a lease is, to cover
    /// the clock drift between members over one lease (a lease lasts ElectionTimeoutMin minus this margin).
    /// </summary>
    public TimeSpan LeaseDriftMargin { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The problems with these options, each naming its option; empty when they are valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (ElectionTimeoutMin <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(ElectionTimeoutMin)} must be positive (is {ElectionTimeoutMin}).");
        }

        if (ElectionTimeoutMax <= ElectionTimeoutMin)
        {
            problems.Add($"{nameof(ElectionTimeoutMax)} ({ElectionTimeoutMax}) must be greater than {nameof(ElectionTimeoutMin)} ({ElectionTimeoutMin}), so timeouts differ between peers.");
        }

        if (HeartbeatInterval <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(HeartbeatInterval)} must be positive (is {HeartbeatInterval}).");
        }
        else if (HeartbeatInterval * 3 > ElectionTimeoutMin)
        {
            // A follower must hear several heartbeats per election timeout, or one late heartbeat starts an election.
            problems.Add($"{nameof(HeartbeatInterval)} ({HeartbeatInterval.TotalMilliseconds} ms) must be at most a third of {nameof(ElectionTimeoutMin)} ({ElectionTimeoutMin.TotalMilliseconds} ms).");
        }

        if (MaxEntriesPerAppend < 1)
        {
            problems.Add($"{nameof(MaxEntriesPerAppend)} must be at least 1 (is {MaxEntriesPerAppend}).");
        }

        if (MaxAppendBytes < 1)
        {
            problems.Add($"{nameof(MaxAppendBytes)} must be at least 1 (is {MaxAppendBytes}).");
        }

        if (MaxCommandBytes < 1)
        {
            problems.Add($"{nameof(MaxCommandBytes)} must be at least 1 (is {MaxCommandBytes}).");
        }

        if (MaxInflightAppends < 1)
        {
            problems.Add($"{nameof(MaxInflightAppends)} must be at least 1 (is {MaxInflightAppends}).");
        }

        if (SnapshotChunkBytes < 1)
        {
            problems.Add($"{nameof(SnapshotChunkBytes)} must be at least 1 (is {SnapshotChunkBytes}).");
        }

        if (Snapshots.EveryEntries < 0)
        {
            problems.Add($"{nameof(Snapshots)}:{nameof(SnapshotPolicy.EveryEntries)} must not be negative (is {Snapshots.EveryEntries}); 0 turns it off.");
        }

        if (Snapshots.EveryBytes < 0)
        {
            problems.Add($"{nameof(Snapshots)}:{nameof(SnapshotPolicy.EveryBytes)} must not be negative (is {Snapshots.EveryBytes}); 0 turns it off.");
        }

        if (ReadMode is not (ReadMode.ReadIndex or ReadMode.Lease))
        {
            problems.Add($"{nameof(ReadMode)} must be {nameof(ReadMode.ReadIndex)} or {nameof(ReadMode.Lease)} (is {(int)ReadMode}).");
        }

        if (LeaseDriftMargin < TimeSpan.Zero)
        {
            problems.Add($"{nameof(LeaseDriftMargin)} must not be negative (is {LeaseDriftMargin}).");
        }
        else if (ReadMode == ReadMode.Lease && LeaseDriftMargin >= ElectionTimeoutMin)
        {
            problems.Add($"{nameof(LeaseDriftMargin)} ({LeaseDriftMargin.TotalMilliseconds} ms) must be less than {nameof(ElectionTimeoutMin)} ({ElectionTimeoutMin.TotalMilliseconds} ms), or a lease never lasts.");
        }

        if (ReadMode == ReadMode.Lease && !CheckQuorum)
        {
            // Thesis §6.4.1: a lease holds only if voters refuse other candidates while they hear from the leader.
            problems.Add($"{nameof(ReadMode)} {nameof(ReadMode.Lease)} needs {nameof(CheckQuorum)} (leader stickiness): without it a member can be elected within the old leader's lease.");
        }

        return problems;
    }

    /// <summary>Throws <see cref="RaftConfigurationException"/> listing every problem.</summary>
    public RaftOptions Validate()
    {
        var problems = Problems();
        return problems.Count == 0 ? this : throw new RaftConfigurationException(problems);
    }
}
