namespace Raft.Actors.Core;

/// <summary>How a leader is currently feeding one follower.</summary>
internal enum ReplicationState
{
    /// <summary>Where the follower's log matches ours is unknown: one AppendEntries at a time, backing up on rejection.</summary>
    Probe,

    /// <summary>The logs match up to MatchIndex: stream entries with several AppendEntries in flight.</summary>
    Replicate,

    /// <summary>The follower needs entries we compacted: send the snapshot, chunk by chunk.</summary>
    Snapshot,
}
