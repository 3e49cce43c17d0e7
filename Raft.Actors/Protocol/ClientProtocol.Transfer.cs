namespace Raft.Actors.Protocol;

/// <summary>Leadership transfer (thesis §3.10), as clients and operators ask for it.</summary>
public static partial class ClientProtocol
{
    /// <summary>
    /// Asks the leader to hand leadership to <see cref="TargetMemberId"/>. The leader stops accepting proposals (they
    /// are answered <see cref="NotLeader"/> with no leader named), brings the target's log up to date and tells it to
    /// stand for election at once. Answered with one <see cref="LeadershipTransferResult"/>: when the target leads,
    /// or with a failure after an election timeout (the leader then accepts proposals again), or at once when the
    /// request cannot be carried out. Several requests for the same target share one transfer.
    /// </summary>
    public sealed record TransferLeadership(string TargetMemberId);

    /// <summary>
    /// How a <see cref="TransferLeadership"/> ended. On success <see cref="LeaderId"/> is the target and
    /// <see cref="Term"/> the term it leads; on failure <see cref="LeaderId"/> is the leader the answering member knows
    /// (if any), and <see cref="Detail"/> says what happened.
    /// </summary>
    public sealed record LeadershipTransferResult(string TargetMemberId, LeadershipTransferOutcome Outcome, string? LeaderId, long Term, string Detail)
    {
        public bool Succeeded => Outcome == LeadershipTransferOutcome.Transferred;
    }

    public enum LeadershipTransferOutcome
    {
        /// <summary>The target leads.</summary>
        Transferred,

        /// <summary>The member asked does not lead; <see cref="LeadershipTransferResult.LeaderId"/> names the leader it knows, if any.</summary>
        NotLeader,

        /// <summary>The target is not a member of the group, or is the leader itself.</summary>
        InvalidTarget,

        /// <summary>A transfer to another member is in progress.</summary>
        AnotherTransferInProgress,

        /// <summary>The target did not become leader within an election timeout; the leader, if it still leads, accepts proposals again.</summary>
        TimedOut,

        /// <summary>Another member was elected instead of the target.</summary>
        AnotherLeaderElected,
    }
}
