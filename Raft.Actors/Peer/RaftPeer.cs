using Raft.Actors.Actors;
using Raft.Actors.Log;
using Raft.Actors.Messages;
using Raft.Actors.Persistence;
using Raft.Actors.StateMachine;

namespace Raft.Actors.Peer;

/// <summary>
/// One Raft peer: an actor whose behaviour is <see cref="Follower"/>, <see cref="Candidate"/> or <see cref="Leader"/>
/// (one file each). This file holds its state and the rules every role shares (Raft paper, Figure 2).
/// All side effects are batched per mailbox drain: journal writes go out as one batch, replies that need
/// durability wait for it, and committed entries go to the applier.
/// </summary>
public sealed partial class RaftPeer : ActorBase
{
    private const string ElectionTimer = "election";
    private const string HeartbeatTimer = "heartbeat";

    private readonly PeerSetup _setup;
    private readonly RaftOptions _options;
    private readonly string _id;
    private readonly int _majority;
    private readonly List<IActorRef> _subscribers = [];

    // Persistent state (Figure 2), durable through the journal.
    private long _currentTerm;
    private string? _votedFor;
    private RaftLog _log = new();

    // Volatile state on all servers.
    private long _commitIndex;
    private long _appliedSent;
    private long _lastApplied;
    private RaftRole _role;
    private string? _leaderId;
    private (RaftRole Role, long Term, string? Leader) _published = (RaftRole.Follower, -1, null);

    private JournalQueue _journal = new(0);
    private IActorRef _journalActor = null!;
    private IActorRef _applier = null!;

    public RaftPeer(PeerSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        _setup = setup;
        _options = setup.Options.Validate();
        _id = setup.MemberId;
        if (setup.Peers.ContainsKey(_id))
        {
            throw new ArgumentException($"Peer '{_id}' must not be listed among its own peers.", nameof(setup));
        }

        _majority = ((setup.Peers.Count + 1) / 2) + 1;
    }

    public string MemberId => _id;

    /// <summary>Read-only views for the simulated cluster's safety checkers (same thread in the simulation).</summary>
    internal RaftLog Log => _log;

    internal long CurrentTerm => _currentTerm;

    internal RaftRole Role => _role;

    internal long CommitIndex => _commitIndex;

    internal ClientProtocol.PeerStatus Status => new(
        _id, _role, _currentTerm, _leaderId, _commitIndex, _lastApplied, _log.LastIndex, _log.LastTerm, _log.SnapshotIndex);

    protected override void Receive(object message) => Follower(message);

    protected override void PreStart()
    {
        var recovered = _setup.Journal.Load();
        _currentTerm = recovered.HardState.Term;
        _votedFor = recovered.HardState.VotedFor;
        var snapshotIndex = recovered.Snapshot?.LastIncludedIndex ?? 0;
        _log = new RaftLog(snapshotIndex, recovered.Snapshot?.LastIncludedTerm ?? 0, recovered.Entries);
        _snapshot = recovered.Snapshot;

        // Only what the snapshot covers is known committed after a restart; the leader tells us the rest.
        _commitIndex = _appliedSent = _lastApplied = snapshotIndex;
        _journal = new JournalQueue(_log.LastIndex);
        _journalActor = Context.ActorOf(() => new JournalActor(_setup.Journal, _options.JournalBatchDelay), "journal");
        var observer = _setup.Observer;
        _applier = Context.ActorOf(
            () => new StateMachineApplier(_setup.StateMachine, _options.Snapshots, observer is null ? null : new AppliedForwarder(_id, observer)),
            "applier");
        if (_snapshot is not null)
        {
            _applier.Tell(new ApplierProtocol.RestoreSnapshot(_snapshot.LastIncludedIndex, _snapshot.LastIncludedTerm, _snapshot.Data), Self);
        }

        BecomeFollower(leaderId: null);
    }

    protected override void PostStop()
    {
        FailWaiters(ClientProtocol.ProposalFailureReason.Stopped, "the peer stopped");
    }

    protected override void OnMailboxDrained()
    {
        if (_journal.TakeBatch(_log.LastIndex) is { } write)
        {
            _journalActor.Tell(write, Self);
        }

        if (_role == RaftRole.Leader)
        {
            ReplicateToAll();
        }

        DispatchCommitted();
    }

    /// <summary>Messages every role handles the same way, after its own.</summary>
    private void HandleCommon(object message)
    {
        switch (message)
        {
            case RaftProtocol.RequestVote request:
                OnRequestVote(request);
                break;
            case RaftProtocol.AppendEntries append:
                OnAppendEntries(append);
                break;
            case RaftProtocol.InstallSnapshot install:
                OnInstallSnapshot(install);
                break;
            case JournalProtocol.Written written:
                OnWritten(written);
                break;
            case JournalProtocol.WriteFailed failed:
                throw new InvalidOperationException($"Peer '{_id}' cannot continue: its journal failed to write ({failed.Error.Message}).", failed.Error);
            case ApplierProtocol.ApplyFailed failed:
                throw new InvalidOperationException($"Peer '{_id}' cannot continue: its state machine threw at index {failed.Index} ({failed.Error.Message}).", failed.Error);
            case ApplierProtocol.Applied applied:
                _lastApplied = Math.Max(_lastApplied, applied.Index);
                break;
            case ApplierProtocol.SnapshotTaken taken:
                OnSnapshotTaken(taken);
                break;
            case ClientProtocol.Propose or ClientProtocol.ProposeBatch:
                Sender?.Tell(new ClientProtocol.NotLeader(_id, _leaderId), Self);
                break;
            case ClientProtocol.GetStatus:
                Sender?.Tell(Status, Self);
                break;
            case PeerMessages.SubscribeTransitions subscribe:
                _subscribers.Add(subscribe.Subscriber);
                subscribe.Subscriber.Tell(new ClientProtocol.RoleChanged(_id, _role, _currentTerm, _leaderId), Self);
                break;
            case PeerMessages.TakeSnapshot:
                RequestSnapshot();
                break;
            default:
                // Replies meant for another role (a vote arriving after the election was decided, an
                // AppendEntries result after stepping down, a stale timer) are dropped here.
                NotHandled(message);
                break;
        }
    }

    /// <summary>
    /// Figure 2, rules for all servers: a message with a higher term makes us adopt it, forget our vote and
    /// become follower, before anything else. Returns true if we stepped down from leader or candidate.
    /// </summary>
    private bool AdoptNewerTerm(object message)
    {
        var term = message switch
        {
            RaftProtocol.RequestVote m => m.Term,
            RaftProtocol.RequestVoteResult m => m.Term,
            RaftProtocol.AppendEntries m => m.Term,
            RaftProtocol.AppendEntriesResult m => m.Term,
            RaftProtocol.InstallSnapshot m => m.Term,
            RaftProtocol.InstallSnapshotResult m => m.Term,
            _ => 0,
        };
        if (term <= _currentTerm)
        {
            return false;
        }

        _currentTerm = term;
        _votedFor = null;
        PersistHardState();
        if (_role == RaftRole.Follower)
        {
            _leaderId = null;
            Publish();
            return false;
        }

        BecomeFollower(leaderId: null);
        return true;
    }

    /// <summary>RequestVote receiver (Figure 2, §5.2, §5.4.1). The reply waits until the vote is durable.</summary>
    private void OnRequestVote(RaftProtocol.RequestVote request)
    {
        if (!IsMember(request.CandidateId))
        {
            return;
        }

        var granted = false;
        if (request.Term == _currentTerm
            && (_votedFor is null || _votedFor == request.CandidateId)
            && _log.IsAtLeastAsUpToDateAs(request.LastLogTerm, request.LastLogIndex))
        {
            granted = true;
            if (_votedFor is null)
            {
                _votedFor = request.CandidateId;
                PersistHardState();
            }

            ResetElectionTimer();
        }

        ReplyWhenDurable(request.CandidateId, new RaftProtocol.RequestVoteResult(_currentTerm, _id, granted));
    }

    private void PersistHardState() => _journal.Add(new JournalOperation.SaveHardState(new HardState(_currentTerm, _votedFor)));

    private void OnWritten(JournalProtocol.Written written)
    {
        foreach (var action in _journal.Written(written.Sequence))
        {
            action();
        }

        if (_role == RaftRole.Leader)
        {
            AdvanceLeaderCommit();
        }
    }

    /// <summary>Sends to another member once everything journaled so far is durable (§5.1: persist before replying).</summary>
    private void ReplyWhenDurable(string memberId, object reply) => _journal.WhenDurable(() => SendTo(memberId, reply));

    private void SendTo(string memberId, object message)
    {
        if (_setup.Peers.TryGetValue(memberId, out var peer))
        {
            peer.Tell(message, Self);
        }
    }

    private bool IsMember(string memberId) => _setup.Peers.ContainsKey(memberId);

    /// <summary>Hands newly committed entries to the applier, with the proposers waiting on them.</summary>
    private void DispatchCommitted()
    {
        if (_commitIndex <= _appliedSent)
        {
            return;
        }

        var entries = _log.Range(_appliedSent + 1, _commitIndex).ToArray();
        var waiters = TakeWaiters(_appliedSent, _commitIndex);
        _appliedSent = _commitIndex;
        _applier.Tell(new ApplierProtocol.ApplyCommitted(entries, waiters), Self);
    }

    private void SetCommitIndex(long commitIndex)
    {
        if (commitIndex <= _commitIndex)
        {
            return;
        }

        _commitIndex = commitIndex;
        _setup.Observer?.OnCommitted(_id, commitIndex);
    }

    private void ResetElectionTimer()
    {
        var spread = _options.ElectionTimeoutMax - _options.ElectionTimeoutMin;
        var timeout = _options.ElectionTimeoutMin + TimeSpan.FromTicks((long)(Context.Random.NextDouble() * spread.Ticks));
        Timers.StartSingleTimer(ElectionTimer, PeerMessages.ElectionTimeout.Instance, timeout);
    }

    /// <summary>Tells the observer and subscribers when role, term or known leader changed.</summary>
    private void Publish()
    {
        var state = (_role, _currentTerm, _leaderId);
        if (state == _published)
        {
            return;
        }

        var roleOrTermChanged = state.Item1 != _published.Role || state.Item2 != _published.Term;
        _published = state;
        if (roleOrTermChanged)
        {
            _setup.Observer?.OnRoleChanged(_id, _role, _currentTerm);
        }

        var changed = new ClientProtocol.RoleChanged(_id, _role, _currentTerm, _leaderId);
        foreach (var subscriber in _subscribers)
        {
            subscriber.Tell(changed, Self);
        }
    }
}
