using Raft.Actors.Protocol;

namespace Raft.Actors.Core;

/// <summary>
/// Leadership transfer (Raft thesis §3.10): the leader stops accepting proposals, brings the target's log up to date,
/// and sends it <see cref="RaftProtocol.TimeoutNow"/>; the target stands for election at once. The transfer ends
/// when this member hears the target lead, or fails when another leader is heard of or an election timeout passes.
/// </summary>
public sealed partial class RaftNode
{
    private PendingTransfer? _transfer;

    /// <summary>
    /// Starts handing leadership to <paramref name="targetMemberId"/>. Returns null when the transfer is under way
    /// (started now, or already for that target): its end comes as <see cref="RaftEffect.LeadershipTransferEnded"/>.
    /// Otherwise returns the answer at once: this member does not lead, another transfer is under way, or the target
    /// is this member or not a member.
    /// </summary>
    public ClientProtocol.LeadershipTransferResult? TransferLeadership(string targetMemberId)
    {
        ArgumentNullException.ThrowIfNull(targetMemberId);
        if (_transfer is { } pending)
        {
            return pending.Target == targetMemberId
                ? null
                : Failed(targetMemberId, ClientProtocol.LeadershipTransferOutcome.AnotherTransferInProgress, $"member '{MemberId}' is already handing leadership to '{pending.Target}'");
        }

        if (_role != RaftRole.Leader)
        {
            return Failed(targetMemberId, ClientProtocol.LeadershipTransferOutcome.NotLeader, $"member '{MemberId}' does not lead ({(_leaderId is { } leader ? $"'{leader}' does" : "it knows no leader")})");
        }

        if (targetMemberId == MemberId)
        {
            return Failed(targetMemberId, ClientProtocol.LeadershipTransferOutcome.InvalidTarget, $"member '{MemberId}' already leads term {_currentTerm}");
        }

        if (!IsMember(targetMemberId))
        {
            return Failed(targetMemberId, ClientProtocol.LeadershipTransferOutcome.InvalidTarget, $"'{targetMemberId}' is not a member of the group (members: {MemberId}, {string.Join(", ", _peers)})");
        }

        _transfer = new PendingTransfer(targetMemberId) { TicksLeft = TicksIn(_options.ElectionTimeoutMax) };

        // The target may win before this member hears of it: a lease granted earlier no longer proves we lead.
        _leaseExpiry = TimeSpan.Zero;
        ContinueTransfer(_progress[targetMemberId]);
        return null;
    }

    /// <summary>
    /// Once the target acknowledged every entry of ours (so it holds them durably, and no proposal adds more), it is
    /// told to stand now; once per heartbeat interval, in case the message is lost.
    /// </summary>
    private void ContinueTransfer(FollowerProgress progress)
    {
        if (_transfer is not { TimeoutNowSent: false } transfer || progress.MemberId != transfer.Target || progress.MatchIndex < _log.LastIndex)
        {
            return;
        }

        transfer.TimeoutNowSent = true;
        SendTo(transfer.Target, new RaftProtocol.TimeoutNow(_currentTerm, MemberId));
    }

    /// <summary>A leader's heartbeat tick: the transfer fails after an election timeout, else TimeoutNow may go out again.</summary>
    private void TransferTick()
    {
        if (_transfer is not { } transfer)
        {
            return;
        }

        if (--transfer.TicksLeft <= 0)
        {
            EndTransfer(ClientProtocol.LeadershipTransferOutcome.TimedOut, $"'{transfer.Target}' did not take over within an election timeout; '{MemberId}' accepts proposals again");
            return;
        }

        transfer.TimeoutNowSent = false;
        ContinueTransfer(_progress[transfer.Target]);
    }

    /// <summary>Thesis §3.10: the leader of our term asks us to stand at once, skipping PreVote.</summary>
    private void OnTimeoutNow(RaftProtocol.TimeoutNow request)
    {
        if (request.Term != _currentTerm || _role != RaftRole.Follower || !IsMember(request.LeaderId))
        {
            return;
        }

        EndPreCampaign();
        BecomeCandidate(leadershipTransfer: true);
    }

    /// <summary>A leader was heard from: the transfer succeeded if it is the target, else it failed.</summary>
    private void EndTransferOnLeader(string leaderId)
    {
        if (_transfer is not { } transfer)
        {
            return;
        }

        if (leaderId == transfer.Target)
        {
            _transfer = null;
            Emit(new RaftEffect.LeadershipTransferEnded(new ClientProtocol.LeadershipTransferResult(
                leaderId, ClientProtocol.LeadershipTransferOutcome.Transferred, leaderId, _currentTerm, $"'{leaderId}' leads term {_currentTerm}")));
            return;
        }

        EndTransfer(ClientProtocol.LeadershipTransferOutcome.AnotherLeaderElected, $"'{leaderId}' leads term {_currentTerm} instead", leaderId);
    }

    private void EndTransfer(ClientProtocol.LeadershipTransferOutcome outcome, string detail, string? leaderId = null)
    {
        if (_transfer is not { } transfer)
        {
            return;
        }

        _transfer = null;
        Emit(new RaftEffect.LeadershipTransferEnded(Failed(transfer.Target, outcome, detail, leaderId)));
    }

    private ClientProtocol.LeadershipTransferResult Failed(string target, ClientProtocol.LeadershipTransferOutcome outcome, string detail, string? leaderId = null) =>
        new(target, outcome, leaderId ?? _leaderId, _currentTerm, $"leadership transfer to '{target}' failed: {detail}");

    private sealed class PendingTransfer(string target)
    {
        public string Target { get; } = target;

        /// <summary>Heartbeat ticks left before the transfer fails.</summary>
        public long TicksLeft { get; set; }

        public bool TimeoutNowSent { get; set; }
    }
}
