using Raft.Actors.Protocol;

namespace Raft.Actors.Core;

public sealed partial class RaftNode
{
    private readonly Dictionary<string, FollowerProgress> _progress = new(StringComparer.Ordinal);

    // New entries were appended since the last Flush: followers in Replicate have something to be sent.
    private bool _replicationDue;

    /// <summary>
    /// Appends commands at consecutive indexes if this member leads; otherwise names the leader it knows.
    /// The commands are journaled with the next batch and replicated at the next <see cref="Flush"/>. A proposal
    /// holding a command larger than <see cref="RaftOptions.MaxCommandBytes"/> is refused whole, nothing appended, so
    /// its commands keep consecutive indexes or none.
    /// </summary>
    public ProposeResult Propose(IReadOnlyList<byte[]> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        if (_role != RaftRole.Leader)
        {
            return new ProposeResult(Accepted: false, 0, _currentTerm, _leaderId);
        }

        if (_transfer is not null)
        {
            // Thesis §3.10: a leader handing over stops accepting proposals; who leads next is not known yet.
            return new ProposeResult(Accepted: false, 0, _currentTerm, LeaderId: null);
        }

        for (var i = 0; i < commands.Count; i++)
        {
            if (commands[i].Length > _options.MaxCommandBytes)
            {
                // An entry that no AppendEntries frame can carry would stall replication behind it for good.
                return new ProposeResult(Accepted: false, 0, _currentTerm, MemberId, TooLargeAt: i);
            }
        }

        var first = _log.LastIndex + 1;
        if (commands.Count > 0)
        {
            var entries = new LogEntry[commands.Count];
            for (var i = 0; i < entries.Length; i++)
            {
                entries[i] = new LogEntry(first + i, _currentTerm, EntryKind.Command, commands[i]);
            }

            AppendOwn(entries);
        }

        return new ProposeResult(Accepted: true, first, _currentTerm, MemberId);
    }

    /// <summary>
    /// A new leader starts every follower in Probe at its own log's end (Figure 2: nextIndex = last log index + 1,
    /// matchIndex = 0), appends a no-op of its term so that earlier terms' entries can commit (§8), and
    /// sends AppendEntries to everyone at once.
    /// </summary>
    private void BecomeLeader()
    {
        _role = RaftRole.Leader;
        _leaderId = MemberId;
        _votes.Clear();
        Emit(new RaftEffect.CancelTimer(RaftTimer.ElectionTimeout));
        _progress.Clear();
        foreach (var memberId in _peers)
        {
            _progress[memberId] = new FollowerProgress(memberId, _log.LastIndex + 1);
        }

        StartQuorumWatch();
        AppendOwn([LogEntry.NoOp(_log.LastIndex + 1, _currentTerm)]);
        Emit(new RaftEffect.StartHeartbeatTimer(_options.HeartbeatInterval));
        Publish();
        ReplicateToAll();
    }

    private void Leader(object message)
    {
        switch (message)
        {
            case RaftProtocol.AppendEntriesResult result:
                if (result.Term == _currentTerm && _progress.TryGetValue(result.FollowerId, out var progress))
                {
                    HeardFrom(progress);
                    OnAppendEntriesResult(progress, result);
                    ContinueTransfer(progress);
                }

                break;
            case RaftProtocol.InstallSnapshotResult result:
                if (result.Term == _currentTerm && _progress.TryGetValue(result.FollowerId, out var snapshotProgress))
                {
                    HeardFrom(snapshotProgress);
                    OnInstallSnapshotResult(snapshotProgress, result);
                    ContinueTransfer(snapshotProgress);
                }

                break;
            case RaftTimer when message == RaftTimer.HeartbeatTick:
                if (LostQuorum())
                {
                    BecomeFollower(leaderId: null);
                    break;
                }

                OnHeartbeatTick();
                TransferTick();
                ResendReadRound();
                break;
            default:
                HandleCommon(message);
                break;
        }
    }

    /// <summary>The leader's own append: into the log now, onto its journal in parallel with replication (counted toward commit once durable).</summary>
    private void AppendOwn(LogEntry[] entries)
    {
        foreach (var entry in entries)
        {
            _log.Append(entry);
        }

        _journal.Add(new JournalOperation.Append(entries));
        _replicationDue = true;
    }

    /// <summary>
    /// Figure 2, last leader rule: the highest N that a majority holds (the leader counting only what is durable
    /// in its own journal) with log[N].term == currentTerm. Entries of earlier terms are never committed by
    /// counting replicas (§5.4.2, Figure 8); they commit with the first entry of this term.
    /// </summary>
    private void AdvanceLeaderCommit()
    {
        Span<long> matched = stackalloc long[_progress.Count + 1];
        matched[0] = _journal.DurableIndex;
        var i = 1;
        foreach (var progress in _progress.Values)
        {
            matched[i++] = progress.MatchIndex;
        }

        matched.Sort();
        var majorityMatch = matched[matched.Length - _majority];
        if (majorityMatch > _commitIndex && _log.TermAt(majorityMatch) == _currentTerm)
        {
            SetCommitIndex(majorityMatch);
        }
    }
}
