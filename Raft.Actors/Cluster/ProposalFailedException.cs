using Raft.Actors.Protocol;

namespace Raft.Actors.Cluster;

/// <summary>
/// The proposal failed. Mostly its outcome is unknown: a leader accepted the command at (<see cref="Index"/>,
/// <see cref="Term"/>) but cannot say it was applied, because it lost leadership or stopped first; or (index and term 0)
/// the command was sent to a member on another node that stopped before answering, so it may have appended it. Either
/// way the command may still commit under a later leader (see <see cref="ClientProtocol.ProposalFailureReason"/>), so
/// retrying it may apply it twice unless it is idempotent. The exception is
/// <see cref="ClientProtocol.ProposalFailureReason.CommandTooLarge"/>: the leader appended nothing, the command will
/// never commit (<see cref="OutcomeUnknown"/> is false), and proposing it again fails the same way.
/// </summary>
public sealed class ProposalFailedException : Exception
{
    public ProposalFailedException(ClientProtocol.ProposalFailureReason reason, long index, long term, string detail)
        : base(reason == ClientProtocol.ProposalFailureReason.CommandTooLarge
            ? $"The proposal was refused ({reason}): {detail}. It was not committed and never will be."
            : index > 0
                ? $"The proposal accepted at index {index} in term {term} failed ({reason}): {detail}. Its outcome is unknown: it may still commit under a later leader."
                : $"The proposal failed ({reason}): {detail}. Its outcome is unknown: it may still commit under a later leader.")
    {
        Reason = reason;
        Index = index;
        Term = term;
        Detail = detail;
    }

    public ClientProtocol.ProposalFailureReason Reason { get; }

    /// <summary>The index it was accepted at; 0 when no answer said.</summary>
    public long Index { get; }

    /// <summary>The term it was accepted in; 0 when no answer said.</summary>
    public long Term { get; }

    public string Detail { get; }

    /// <summary>False when the command is known not to be committed (<see cref="ClientProtocol.ProposalFailureReason.CommandTooLarge"/>).</summary>
    public bool OutcomeUnknown => Reason != ClientProtocol.ProposalFailureReason.CommandTooLarge;
}
