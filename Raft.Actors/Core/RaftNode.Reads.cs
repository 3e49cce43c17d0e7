using Raft.Actors.Protocol;

namespace Raft.Actors.Core;

/// <summary>
/// Linearizable reads without a log write (Raft thesis §6.4). The leader takes its commit index as the read index
/// once it has committed an entry of its own term, confirms it still leads with a heartbeat round that a majority
/// acknowledges after the read arrived (every read gathered in one burst shares a round), and then releases the read:
/// the host answers it once its state machine has applied through the read index. With <see cref="ReadMode.Lease"/>
/// a recently confirmed leader skips the round. A follower asks the leader for a read index (§6.4.1).
/// </summary>
public sealed partial class RaftNode
{
    // Leader: reads that arrived before this term's first commit; their read index is not known yet (§6.4 step 1).
    private readonly List<PendingRead> _readsAwaitingCommit = [];

    // Leader: reads for the next round, sent at the next flush, so a burst of reads shares one round.
    private readonly List<PendingRead> _readsUnsent = [];

    // Leader: rounds sent and not yet acknowledged by a majority, oldest first.
    private readonly Queue<ReadRound> _readRounds = new();

    // Leader: the highest round each follower acknowledged in this term.
    private readonly Dictionary<string, long> _readAcks = new(StringComparer.Ordinal);
    private long _lastReadRound;

    // Leader, lease reads: until when (host's clock) no other member can lead; whether to renew it at the next flush.
    private TimeSpan _leaseExpiry;
    private bool _leaseRenewalDue;

    // The latest time the host passed in: a round started later is stamped with it, which only shortens its lease.
    private TimeSpan _clock;

    // Follower: reads to ask the leader about at the next flush, and the requests asked and not yet answered.
    private readonly List<long> _readsToAsk = [];
    private readonly Dictionary<long, long[]> _askedReads = [];
    private long _lastReadRequest;

    /// <summary>
    /// A client's read, identified by the host's <paramref name="readId"/> (unique among its pending reads), at the
    /// host's monotonic time <paramref name="now"/> (only lease reads use it). The outcome comes as
    /// <see cref="RaftEffect.ReadsReady"/> or <see cref="RaftEffect.ReadsFailed"/>, at once or after later inputs.
    /// </summary>
    public void Read(long readId, TimeSpan now)
    {
        _clock = now > _clock ? now : _clock;
        switch (_role)
        {
            case RaftRole.Leader:
                ReadAsLeader(new PendingRead(null, readId), now);
                break;
            case RaftRole.Follower when _leaderId is not null:
                _readsToAsk.Add(readId);
                break;
            default:
                Emit(new RaftEffect.ReadsFailed([readId], ClientProtocol.ReadFailureReason.NoLeader, _leaderId, $"member '{MemberId}' is {_role} of term {_currentTerm} and knows no leader"));
                break;
        }
    }

    private TimeSpan LeaseDuration => _options.ElectionTimeoutMin - _options.LeaseDriftMargin;

    // §6.4 step 1: until the leader has committed an entry of its term, its commit index may be behind the group's.
    private bool CommittedInTerm => _log.TermAt(_commitIndex) == _currentTerm;

    private bool ReadsDue => _role == RaftRole.Leader
        ? _readsUnsent.Count > 0 || _leaseRenewalDue || (_readsAwaitingCommit.Count > 0 && CommittedInTerm)
        : _readsToAsk.Count > 0;

    private void ReadAsLeader(PendingRead read, TimeSpan now)
    {
        if (!CommittedInTerm)
        {
            _readsAwaitingCommit.Add(read);
            return;
        }

        if (_options.ReadMode == ReadMode.Lease && now < _leaseExpiry)
        {
            // Thesis §6.4.1: within the lease no other member can have been elected, so our commit index is current.
            Emit(new RaftEffect.ReadsReady([read.Id], _commitIndex));
            if (now >= _leaseExpiry - (LeaseDuration / 2) && _readRounds.Count == 0)
            {
                // Renew before it lapses, so a steady stream of reads never waits for a round.
                _leaseRenewalDue = true;
            }

            return;
        }

        _readsUnsent.Add(read);
    }

    /// <summary>The reads' part of <see cref="Flush"/>: start a round for the reads gathered, or ask the leader for a read index.</summary>
    private void FlushReads()
    {
        if (_role == RaftRole.Leader)
        {
            if (_readsAwaitingCommit.Count > 0 && CommittedInTerm)
            {
                _readsUnsent.AddRange(_readsAwaitingCommit);
                _readsAwaitingCommit.Clear();
            }

            if (_readsUnsent.Count > 0 || _leaseRenewalDue)
            {
                StartReadRound();
            }

            return;
        }

        if (_readsToAsk.Count == 0)
        {
            return;
        }

        long[] reads = [.. _readsToAsk];
        _readsToAsk.Clear();
        if (_role != RaftRole.Follower || _leaderId is not { } leader)
        {
            Emit(new RaftEffect.ReadsFailed(reads, ClientProtocol.ReadFailureReason.NoLeader, null, $"member '{MemberId}' lost its leader in term {_currentTerm} before asking it for a read index"));
            return;
        }

        var requestId = ++_lastReadRequest;
        _askedReads[requestId] = reads;
        SendTo(leader, new RaftProtocol.ReadIndexRequest(_currentTerm, MemberId, requestId));
    }

    /// <summary>§6.4 step 2: the read index is the commit index now; the round that confirms it goes to every follower.</summary>
    private void StartReadRound()
    {
        var round = new ReadRound(++_lastReadRound, _commitIndex, _clock, [.. _readsUnsent]);
        _readsUnsent.Clear();
        _leaseRenewalDue = false;
        _readRounds.Enqueue(round);
        foreach (var peer in _peers)
        {
            SendTo(peer, new RaftProtocol.ReadHeartbeat(_currentTerm, MemberId, round.Number));
        }

        // A group of one confirms at once.
        ReleaseConfirmedReads();
    }

    /// <summary>A round still unconfirmed at a heartbeat tick may have been lost: ask those that have not acknowledged it again.</summary>
    private void ResendReadRound()
    {
        if (_readRounds.Count == 0)
        {
            return;
        }

        foreach (var peer in _peers)
        {
            if (_readAcks.GetValueOrDefault(peer) < _lastReadRound)
            {
                SendTo(peer, new RaftProtocol.ReadHeartbeat(_currentTerm, MemberId, _lastReadRound));
            }
        }
    }

    /// <summary>A follower answers a read heartbeat as the heartbeat of its leader it is.</summary>
    private void OnReadHeartbeat(RaftProtocol.ReadHeartbeat heartbeat)
    {
        if (!IsMember(heartbeat.LeaderId))
        {
            return;
        }

        if (heartbeat.Term == _currentTerm)
        {
            AcceptLeader(heartbeat.LeaderId);
        }

        // Our term answers a stale leader, which steps down on it.
        ReplyWhenDurable(heartbeat.LeaderId, new RaftProtocol.ReadHeartbeatResult(_currentTerm, MemberId, heartbeat.Round));
    }

    private void OnReadHeartbeatResult(RaftProtocol.ReadHeartbeatResult result)
    {
        if (_role != RaftRole.Leader || result.Term != _currentTerm || !IsMember(result.FollowerId) || result.Round > _lastReadRound)
        {
            return;
        }

        if (result.Round > _readAcks.GetValueOrDefault(result.FollowerId))
        {
            _readAcks[result.FollowerId] = result.Round;
            ReleaseConfirmedReads();
        }
    }

    /// <summary>
    /// Releases the reads of every round that a majority (the leader included) acknowledged, directly or through a later
    /// round: an acknowledgement of round r was sent after every earlier round was, so it vouches for them too.
    /// </summary>
    private void ReleaseConfirmedReads()
    {
        if (_readRounds.Count == 0)
        {
            return;
        }

        Span<long> acknowledged = stackalloc long[_peers.Count + 1];
        acknowledged[0] = _lastReadRound;
        for (var i = 0; i < _peers.Count; i++)
        {
            acknowledged[i + 1] = _readAcks.GetValueOrDefault(_peers[i]);
        }

        acknowledged.Sort();
        var confirmed = acknowledged[acknowledged.Length - _majority];
        while (_readRounds.TryPeek(out var round) && round.Number <= confirmed)
        {
            _readRounds.Dequeue();
            if (_options.ReadMode == ReadMode.Lease && round.SentAt + LeaseDuration > _leaseExpiry)
            {
                _leaseExpiry = round.SentAt + LeaseDuration;
            }

            ReleaseReads(round.Reads, round.ReadIndex);
        }
    }

    private void ReleaseReads(List<PendingRead> reads, long readIndex)
    {
        List<long>? local = null;
        foreach (var read in reads)
        {
            if (read.Member is { } follower)
            {
                SendTo(follower, new RaftProtocol.ReadIndexResult(_currentTerm, MemberId, read.Id, Granted: true, readIndex));
            }
            else
            {
                (local ??= []).Add(read.Id);
            }
        }

        if (local is not null)
        {
            Emit(new RaftEffect.ReadsReady([.. local], readIndex));
        }
    }

    /// <summary>A follower's request for a read index is a read of the leader's, answered with the index instead of a result.</summary>
    private void OnReadIndexRequest(RaftProtocol.ReadIndexRequest request)
    {
        if (!IsMember(request.FollowerId))
        {
            return;
        }

        if (_role != RaftRole.Leader || request.Term != _currentTerm)
        {
            ReplyWhenDurable(request.FollowerId, new RaftProtocol.ReadIndexResult(_currentTerm, MemberId, request.RequestId, Granted: false, 0));
            return;
        }

        // No lease shortcut: the leader does not know the time now, and the follower's reads must be confirmed after they arrived.
        var read = new PendingRead(request.FollowerId, request.RequestId);
        if (CommittedInTerm)
        {
            _readsUnsent.Add(read);
        }
        else
        {
            _readsAwaitingCommit.Add(read);
        }
    }

    private void OnReadIndexResult(RaftProtocol.ReadIndexResult result)
    {
        if (result.Term != _currentTerm || result.MemberId != _leaderId || !_askedReads.Remove(result.RequestId, out var reads))
        {
            return;
        }

        Emit(result.Granted
            ? new RaftEffect.ReadsReady(reads, result.ReadIndex)
            : new RaftEffect.ReadsFailed(reads, ClientProtocol.ReadFailureReason.LostLeadership, null, $"'{result.MemberId}' no longer leads term {result.Term}"));
    }

    /// <summary>
    /// Role, term or leader changed (from <paramref name="previous"/>): a leader that stopped leading fails its
    /// unconfirmed reads; a follower whose leader changed fails the reads it asked about, whose answer may never come.
    /// </summary>
    private void OnLeadershipChangedForReads((RaftRole Role, long Term, string? Leader) previous)
    {
        if (previous.Role == RaftRole.Leader && (_role != RaftRole.Leader || _currentTerm != previous.Term))
        {
            FailLeaderReads(previous.Term);
        }

        if (previous.Leader is not null && (previous.Term != _currentTerm || previous.Leader != _leaderId) && _askedReads.Count > 0)
        {
            foreach (var reads in _askedReads.Values)
            {
                Emit(new RaftEffect.ReadsFailed(reads, ClientProtocol.ReadFailureReason.LostLeadership, _leaderId, $"member '{MemberId}' lost its leader '{previous.Leader}' of term {previous.Term} before it granted a read index"));
            }

            _askedReads.Clear();
        }
    }

    private void FailLeaderReads(long term)
    {
        var local = new List<long>();
        foreach (var read in _readsAwaitingCommit.Concat(_readsUnsent).Concat(_readRounds.SelectMany(r => r.Reads)))
        {
            if (read.Member is { } follower)
            {
                ReplyWhenDurable(follower, new RaftProtocol.ReadIndexResult(_currentTerm, MemberId, read.Id, Granted: false, 0));
            }
            else
            {
                local.Add(read.Id);
            }
        }

        if (local.Count > 0)
        {
            Emit(new RaftEffect.ReadsFailed([.. local], ClientProtocol.ReadFailureReason.LostLeadership, _leaderId, $"member '{MemberId}' stopped leading term {term} before the read was confirmed"));
        }

        _readsAwaitingCommit.Clear();
        _readsUnsent.Clear();
        _readRounds.Clear();
        _readAcks.Clear();
        _leaseExpiry = TimeSpan.Zero;
        _leaseRenewalDue = false;
    }
}
