using Raft.Actors.Actors;
using Raft.Actors.Messages;
using Raft.Actors.Persistence;

namespace Raft.Actors.Peer;

public sealed partial class RaftPeer
{
    private readonly Dictionary<string, FollowerProgress> _progress = new(StringComparer.Ordinal);

    // Proposers waiting for their entry to be applied, by log index. All hold entries of the current term.
    private readonly Dictionary<long, IActorRef> _waiters = [];

    /// <summary>
    /// A new leader starts every follower in Probe at its own log's end (Figure 2: nextIndex = last log index + 1,
    /// matchIndex = 0), appends a no-op of its term so that earlier terms' entries can commit (§8), and
    /// sends AppendEntries to everyone at once.
    /// </summary>
    private void BecomeLeader()
    {
        _role = RaftRole.Leader;
        _leaderId = _id;
        _votes.Clear();
        Timers.Cancel(ElectionTimer);
        _progress.Clear();
        foreach (var memberId in _setup.Peers.Keys)
        {
            _progress[memberId] = new FollowerProgress(memberId, _log.LastIndex + 1);
        }

        AppendOwn(LogEntry.NoOp(_log.LastIndex + 1, _currentTerm));
        Timers.StartPeriodicTimer(HeartbeatTimer, PeerMessages.HeartbeatTick.Instance, _options.HeartbeatInterval);
        Become(Leader);
        Publish();
        ReplicateToAll();
    }

    private void Leader(object message)
    {
        if (AdoptNewerTerm(message))
        {
            Follower(message);
            return;
        }

        switch (message)
        {
            case ClientProtocol.Propose propose:
                OnPropose(propose);
                break;
            case ClientProtocol.ProposeBatch batch:
                OnProposeBatch(batch);
                break;
            case RaftProtocol.AppendEntriesResult result:
                if (result.Term == _currentTerm && _progress.TryGetValue(result.FollowerId, out var progress))
                {
                    OnAppendEntriesResult(progress, result);
                }

                break;
            case RaftProtocol.InstallSnapshotResult result:
                if (result.Term == _currentTerm && _progress.TryGetValue(result.FollowerId, out var snapshotProgress))
                {
                    OnInstallSnapshotResult(snapshotProgress, result);
                }

                break;
            case PeerMessages.HeartbeatTick:
                OnHeartbeatTick();
                break;
            default:
                HandleCommon(message);
                break;
        }
    }

    /// <summary>Appends the command and answers at once with the index and term it will have if committed.</summary>
    private void OnPropose(ClientProtocol.Propose propose)
    {
        var entry = AppendCommand(propose.Command, Sender);
        _journal.Add(new JournalOperation.Append([entry]));
        Sender?.Tell(new ClientProtocol.ProposalAccepted(entry.Index, entry.Term), Self);
    }

    /// <summary>Appends the commands at consecutive indexes and answers once for all of them.</summary>
    private void OnProposeBatch(ClientProtocol.ProposeBatch batch)
    {
        var entries = new LogEntry[batch.Commands.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = AppendCommand(batch.Commands[i], Sender);
        }

        if (entries.Length > 0)
        {
            _journal.Add(new JournalOperation.Append(entries));
        }

        Sender?.Tell(new ClientProtocol.BatchAccepted(_log.LastIndex + 1 - entries.Length, _currentTerm, entries.Length), Self);
    }

    /// <summary>A client's command into the log, its proposer (if any) waiting for the result; the caller journals it.</summary>
    private LogEntry AppendCommand(byte[] command, IActorRef? proposer)
    {
        var entry = new LogEntry(_log.LastIndex + 1, _currentTerm, EntryKind.Command, command);
        _log.Append(entry);
        if (proposer is not null)
        {
            _waiters[entry.Index] = proposer;
        }

        return entry;
    }

    /// <summary>The leader's own append: into the log now, onto its journal in parallel with replication (counted toward commit once durable).</summary>
    private void AppendOwn(LogEntry entry)
    {
        _log.Append(entry);
        _journal.Add(new JournalOperation.Append([entry]));
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

    /// <summary>The proposers of entries (fromIndex, throughIndex], removed from the waiting set.</summary>
    private Dictionary<long, IActorRef> TakeWaiters(long fromIndex, long throughIndex)
    {
        if (_waiters.Count == 0)
        {
            return Empty;
        }

        var taken = new Dictionary<long, IActorRef>();
        for (var index = fromIndex + 1; index <= throughIndex; index++)
        {
            if (_waiters.Remove(index, out var waiter))
            {
                taken[index] = waiter;
            }
        }

        return taken;
    }

    private void FailWaiters(ClientProtocol.ProposalFailureReason reason, string detail)
    {
        foreach (var (index, waiter) in _waiters)
        {
            waiter.Tell(new ClientProtocol.ProposalFailed(index, _log.TermAt(index) ?? 0, reason, detail), Self);
        }

        _waiters.Clear();
    }

    private static readonly Dictionary<long, IActorRef> Empty = [];
}
