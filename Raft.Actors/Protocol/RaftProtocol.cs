namespace Raft.Actors.Protocol;

/// <summary>
/// The messages peers exchange (Raft paper, Figure 2). Each names its sender by member id, never by actor
/// reference, and holds only primitives, entry arrays and bytes, so any transport can carry it.
/// </summary>
public static partial class RaftProtocol
{
    /// <summary>Invoked by candidates to gather votes (§5.2).</summary>
    public sealed record RequestVote(long Term, string CandidateId, long LastLogIndex, long LastLogTerm) : IRaftMessage
    {
        string IRaftMessage.From => CandidateId;
    }

    public sealed record RequestVoteResult(long Term, string VoterId, bool VoteGranted) : IRaftMessage
    {
        string IRaftMessage.From => VoterId;
    }

    /// <summary>
    /// Invoked by the leader to replicate entries (§5.3); with no entries it is a heartbeat (§5.2).
    /// </summary>
    public sealed record AppendEntries(long Term, string LeaderId, long PrevLogIndex, long PrevLogTerm, LogEntry[] Entries, long LeaderCommit) : IRaftMessage
    {
        string IRaftMessage.From => LeaderId;

        public override string ToString() =>
            $"AppendEntries {{ Term = {Term}, LeaderId = {LeaderId}, Prev = {PrevLogIndex}@{PrevLogTerm}, Entries = {Entries.Length}, LeaderCommit = {LeaderCommit} }}";
    }

    /// <summary>
    /// The follower's answer. On success <see cref="MatchIndex"/> is the last index the request covered.
    /// On a log mismatch the conflict hints let the leader back up a whole term per round trip:
    /// <see cref="ConflictTerm"/> is the term of the follower's entry at PrevLogIndex (0 if it has none there),
    /// <see cref="ConflictIndex"/> the first index it holds of that term (or its last index + 1 when its log is too short).
    /// <see cref="PrevLogIndex"/> echoes the request, so the leader can tell a stale rejection from a current one.
    /// </summary>
    public sealed record AppendEntriesResult(
        long Term,
        string FollowerId,
        bool Success,
        long PrevLogIndex,
        long MatchIndex,
        long ConflictTerm,
        long ConflictIndex,
        long LastLogIndex) : IRaftMessage
    {
        string IRaftMessage.From => FollowerId;
    }

    /// <summary>
    /// Invoked by the leader to send a chunk of its snapshot to a follower that needs compacted entries (§7).
    /// </summary>
    public sealed record InstallSnapshot(long Term, string LeaderId, long LastIncludedIndex, long LastIncludedTerm, long Offset, byte[] Data, bool Done) : IRaftMessage
    {
        string IRaftMessage.From => LeaderId;

        public override string ToString() =>
            $"InstallSnapshot {{ Term = {Term}, LeaderId = {LeaderId}, LastIncluded = {LastIncludedIndex}@{LastIncludedTerm}, Offset = {Offset}, Data = {Data.Length}B, Done = {Done} }}";
    }

    /// <summary>
    /// The follower's answer to one chunk: <see cref="NextOffset"/> is the offset it expects next
    /// (0 to restart the transfer); when <see cref="Installed"/> the snapshot is durable and the leader resumes AppendEntries.
    /// </summary>
    public sealed record InstallSnapshotResult(long Term, string FollowerId, long LastIncludedIndex, long NextOffset, bool Installed) : IRaftMessage
    {
        string IRaftMessage.From => FollowerId;
    }
}
