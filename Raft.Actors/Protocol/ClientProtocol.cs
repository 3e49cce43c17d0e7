namespace Raft.Actors.Protocol;

/// <summary>What clients and hosts send to a peer, and what it answers (to the sender).</summary>
public static partial class ClientProtocol
{
    /// <summary>
    /// Proposes a command. A leader answers at once with <see cref="ProposalAccepted"/>, and later, after the
    /// entry is applied, with <see cref="ProposalApplied"/> or <see cref="ProposalFailed"/>. Others answer <see cref="NotLeader"/>.
    /// A leader answers <see cref="CommandTooLarge"/> instead, appending nothing, when the command is larger than the
    /// group's <c>RaftOptions.MaxCommandBytes</c>.
    /// </summary>
    public sealed record Propose(byte[] Command);

    /// <summary>The index and term the command will have if it commits.</summary>
    public sealed record ProposalAccepted(long Index, long Term);

    /// <summary>
    /// Proposes several commands in one message, for clients that gather concurrent proposals: they take
    /// consecutive indexes. Answered with one <see cref="BatchAccepted"/> (or <see cref="NotLeader"/>); results come
    /// as for <see cref="Propose"/>, several per message when several apply together. A batch holding a command larger
    /// than the group's <c>RaftOptions.MaxCommandBytes</c> is refused whole with <see cref="CommandTooLarge"/>: none of
    /// its commands is appended, so the others may be proposed again.
    /// </summary>
    public sealed record ProposeBatch(byte[][] Commands)
    {
        public override string ToString() => $"ProposeBatch {{ {Commands.Length} commands }}";
    }

    /// <summary>The commands of a <see cref="ProposeBatch"/> hold indexes FirstIndex .. FirstIndex + Count - 1 of <see cref="Term"/>.</summary>
    public sealed record BatchAccepted(long FirstIndex, long Term, int Count);

    /// <summary>
    /// A leader refused a <see cref="Propose"/> or <see cref="ProposeBatch"/> and appended none of its commands: the
    /// command at <see cref="Position"/> (0 for a Propose) holds <see cref="Bytes"/> bytes, more than <see cref="Limit"/>
    /// (the group's <c>RaftOptions.MaxCommandBytes</c>). The outcome is certain: nothing of it will ever commit.
    /// </summary>
    public sealed record CommandTooLarge(string MemberId, int Position, int Bytes, int Limit)
    {
        public string Detail => $"command {Position} holds {Bytes} bytes, more than the group's MaxCommandBytes {Limit} (member '{MemberId}' appended nothing)";
    }

    /// <summary>This peer does not lead; <see cref="LeaderId"/> is the leader it knows of, if any.</summary>
    public sealed record NotLeader(string MemberId, string? LeaderId);

    /// <summary>The command committed and the state machine returned <see cref="Result"/>.</summary>
    public sealed record ProposalApplied(long Index, long Term, byte[] Result);

    /// <summary>Several of one proposer's commands were applied together, in index order.</summary>
    public sealed record ProposalsApplied(ProposalApplied[] Results)
    {
        public override string ToString() => $"ProposalsApplied {{ {Results.Length} results from {(Results.Length > 0 ? Results[0].Index : 0)} }}";
    }

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

        /// <summary>
        /// The command is larger than the group's <c>RaftOptions.MaxCommandBytes</c> (<see cref="CommandTooLarge"/>).
        /// The outcome is certain: it was not appended and will never commit; proposing it again fails the same way.
        /// </summary>
        CommandTooLarge,
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

    /// <summary>Sent to subscribers on every role or term change, once on subscribing, and again by a leader that leads on after a failed leadership transfer.</summary>
    public sealed record RoleChanged(string MemberId, RaftRole Role, long Term, string? LeaderId);
}
