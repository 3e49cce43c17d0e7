namespace Raft.Actors.Protocol;

/// <summary>The messages of linearizable reads without a log write (Raft thesis §6.4).</summary>
public static partial class RaftProtocol
{
    /// <summary>
    /// A leader confirms it still leads before it serves reads (thesis §6.4, step 2). Reads registered before the
    /// leader sent round <see cref="Round"/> are confirmed once a majority has acknowledged it or a later round.
    /// A follower treats it as a heartbeat of its leader.
    /// </summary>
    public sealed record ReadHeartbeat(long Term, string LeaderId, long Round) : IRaftMessage
    {
        string IRaftMessage.From => LeaderId;
    }

    /// <summary>
    /// The answer to a <see cref="ReadHeartbeat"/>: with the leader's term it acknowledges <see cref="Round"/>; with a
    /// higher term it deposes the leader.
    /// </summary>
    public sealed record ReadHeartbeatResult(long Term, string FollowerId, long Round) : IRaftMessage
    {
        string IRaftMessage.From => FollowerId;
    }

    /// <summary>A follower asks its leader for a read index to serve reads from its own state machine (thesis §6.4.1).</summary>
    public sealed record ReadIndexRequest(long Term, string FollowerId, long RequestId) : IRaftMessage
    {
        string IRaftMessage.From => FollowerId;
    }

    /// <summary>
    /// The answer to <see cref="ReadIndexRequest"/>. When <see cref="Granted"/>, the leader confirmed its leadership
    /// after the request arrived and <see cref="ReadIndex"/> was its commit index: a state machine that has applied
    /// through it may answer the reads. Otherwise <see cref="MemberId"/> does not lead (any more) and the reads fail.
    /// </summary>
    public sealed record ReadIndexResult(long Term, string MemberId, long RequestId, bool Granted, long ReadIndex) : IRaftMessage
    {
        string IRaftMessage.From => MemberId;
    }
}
