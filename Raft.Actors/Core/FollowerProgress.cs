namespace Raft.Actors.Core;

/// <summary>
/// A leader's view of one follower (Figure 2's nextIndex and matchIndex), plus what it has in flight.
/// Each follower is served on its own, so a slow or unreachable one never holds back the others.
/// </summary>
internal sealed class FollowerProgress(string memberId, long nextIndex)
{
    private readonly Queue<long> _inflight = new();

    public string MemberId { get; } = memberId;

    /// <summary>The next log index to send.</summary>
    public long NextIndex { get; set; } = nextIndex;

    /// <summary>The highest index known to be replicated on the follower.</summary>
    public long MatchIndex { get; private set; }

    public ReplicationState State { get; private set; } = ReplicationState.Probe;

    /// <summary>In Probe: an AppendEntries is out and unanswered.</summary>
    public bool ProbeOutstanding { get; set; }

    /// <summary>Something was sent to the follower since the last heartbeat tick.</summary>
    public bool SentSinceTick { get; set; }

    /// <summary>Heartbeat ticks that passed with entries in flight and no acknowledgement.</summary>
    public int StalledTicks { get; set; }

    /// <summary>The leader's heartbeat tick at which the follower last answered (CheckQuorum, thesis §6.2).</summary>
    public long LastHeardTick { get; set; }

    /// <summary>In Snapshot: the snapshot being sent and how far it got.</summary>
    public long SnapshotIndex { get; set; }

    public long SnapshotOffset { get; set; }

    public int InflightCount => _inflight.Count;

    public void RecordSent(long lastIndex)
    {
        _inflight.Enqueue(lastIndex);
        SentSinceTick = true;
    }

    /// <summary>The follower holds our log through <paramref name="matchIndex"/>; returns whether that is news.</summary>
    public bool Acknowledge(long matchIndex)
    {
        while (_inflight.Count > 0 && _inflight.Peek() <= matchIndex)
        {
            _inflight.Dequeue();
        }

        if (matchIndex <= MatchIndex)
        {
            return false;
        }

        // Only progress counts as a sign of life: heartbeat answers must not hide lost appends.
        StalledTicks = 0;
        MatchIndex = matchIndex;
        NextIndex = Math.Max(NextIndex, matchIndex + 1);
        return true;
    }

    public void BecomeProbe(long nextIndex)
    {
        State = ReplicationState.Probe;
        NextIndex = Math.Max(nextIndex, MatchIndex + 1);
        ProbeOutstanding = false;
        StalledTicks = 0;
        _inflight.Clear();
    }

    public void BecomeReplicate()
    {
        State = ReplicationState.Replicate;
        NextIndex = MatchIndex + 1;
        ProbeOutstanding = false;
        _inflight.Clear();
    }

    public void BecomeSnapshot(long snapshotIndex)
    {
        State = ReplicationState.Snapshot;
        SnapshotIndex = snapshotIndex;
        SnapshotOffset = 0;
        StalledTicks = 0;
        _inflight.Clear();
    }
}
