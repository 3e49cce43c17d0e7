namespace Raft.Actors.Messages;

/// <summary>What clients and hosts send to a peer, and what it answers (to the sender).</summary>
public static class ClientProtocol
{
    /// <summary>
    /// Proposes a command. A leader answers at once with <see cref="ProposalAccepted"/>, and later, after the
    /// entry is applied, with <see cref="ProposalApplied"/> or <see cref="ProposalFailed"/>. Others answer <see cref="NotLeader"/>.
    /// </summary>
    public sealed record Propose(byte[] Command);

    /// <summary>The index and term the command will have if it commits.</summary>
    public sealed record ProposalAccepted(long Index, long Term);

    /// <summary>This peer does not lead; <see cref="LeaderId"/> is the leader it knows of, if any.</summary>
    public sealed record NotLeader(string MemberId, string? LeaderId);

    /// <summary>The command committed and the state machine returned <see cref="Result"/>.</summary>
    public sealed record ProposalApplied(long Index, long Term, byte[] Result);

    public sealed record ProposalFailed(long Index, long Term, ProposalFailureReason Reason, string Detail);

    public enum ProposalFailureReason
    {
        /// <summary>
        /// The peer stopped leading before the entry was applied. The outcome is unknown: the next leader may
        /// commit the entry or overwrite it. (A leader never overwrites its own entries, so an entry can only be
        /// overwritten after its proposer has been told this.)
        /// </summary>
        LostLeadership,

        /// <summary>The peer stopped before the outcome was known.</summary>
        Stopped,
    }

    /// <summary>Asks a peer for its <see cref="PeerStatus"/>.</summary>
    public sealed class GetStatus
    {
        public static readonly GetStatus Instance = new();

        private GetStatus()
        {
        }
    }

    public sealed record PeerStatus(
        string MemberId,
        RaftRole Role,
        long Term,
        string? LeaderId,
        long CommitIndex,
        long LastApplied,
        long LastLogIndex,
        long LastLogTerm,
        long SnapshotIndex);

    /// <summary>Sent to subscribers on every role or term change, and once on subscribing.</summary>
    public sealed record RoleChanged(string MemberId, RaftRole Role, long Term, string? LeaderId);
}
