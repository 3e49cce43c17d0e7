namespace Raft.Actors.Protocol;

/// <summary>Linearizable reads: answered from the state machine without a log write (Raft thesis §6.4).</summary>
public static partial class ClientProtocol
{
    /// <summary>
    /// Asks a member to answer <see cref="Query"/> from its state machine (<c>IStateMachine.Query</c>) with a
    /// linearizable result: one that reflects every write completed before the read was sent. A leader confirms its
    /// leadership first (or uses its lease); a follower asks the leader for a read index. Answered with
    /// <see cref="ReadResult"/> or <see cref="ReadFailed"/>.
    /// </summary>
    public sealed record Read(byte[] Query)
    {
        public override string ToString() => $"Read {{ {Query.Length} bytes }}";
    }

    /// <summary>The state machine's answer, given once it had applied through <see cref="ReadIndex"/>.</summary>
    public sealed record ReadResult(long ReadIndex, byte[] Result)
    {
        public override string ToString() => $"ReadResult {{ ReadIndex = {ReadIndex}, {Result.Length} bytes }}";
    }

    /// <summary>The read was not served; reads change nothing, so it may be sent again (to <see cref="LeaderId"/>, if known).</summary>
    public sealed record ReadFailed(ReadFailureReason Reason, string? LeaderId, string Detail);

    public enum ReadFailureReason
    {
        /// <summary>The member knows no leader (an election is under way) or is not connected to one.</summary>
        NoLeader,

        /// <summary>The leader stopped leading (or the follower's leader changed) before the read was confirmed.</summary>
        LostLeadership,

        /// <summary>The member stopped before it answered.</summary>
        Stopped,

        /// <summary>The state machine refused or failed the query (for example, it does not answer queries).</summary>
        QueryFailed,
    }
}
