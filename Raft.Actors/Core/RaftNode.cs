using Raft.Actors.Protocol;

namespace Raft.Actors.Core;

/// <summary>
/// One member's Raft decisions, as a deterministic state machine: no actor, clock, thread, lock or I/O. Its host
/// feeds it one input at a time (<see cref="Step"/> for protocol messages and timers, <see cref="Propose"/>,
/// <see cref="Persisted"/>, <see cref="Applied"/>, <see cref="SnapshotTaken"/>) and, when it has no more input at
/// hand, calls <see cref="Flush"/>; then it carries out <see cref="TakeEffects"/> in order. Time comes in as timer
/// inputs and randomness from the <see cref="Random"/> it was given, so a seed replays a run exactly.
/// The role rules are in one file each (<c>RaftNode.Follower.cs</c>, <c>.Candidate.cs</c>, <c>.Leader.cs</c>);
/// this file holds the state and the rules every role shares (Raft paper, Figure 2).
/// </summary>
public sealed partial class RaftNode
{
    private readonly RaftOptions _options;
    private readonly IReadOnlyList<string> _peers;
    private readonly HashSet<string> _peerSet;
    private readonly Random _random;
    private readonly IRaftObserver? _observer;
    private readonly int _majority;
    private List<RaftEffect> _effects = [];
    private List<RaftEffect> _spareEffects = [];

    // Persistent state (Figure 2), durable through the journal.
    private long _currentTerm;
    private string? _votedFor;
    private RaftLog _log;

    // Volatile state on all servers.
    private long _commitIndex;
    private long _appliedSent;
    private long _lastApplied;
    private RaftRole _role;
    private string? _leaderId;
    private (RaftRole Role, long Term, string? Leader) _published = (RaftRole.Follower, -1, null);

    private readonly JournalQueue _journal;

    /// <param name="memberId">This member's stable id; a restarted member keeps it.</param>
    /// <param name="peers">The other members' ids.</param>
    /// <param name="options">Validated here.</param>
    /// <param name="random">Draws the election timeouts: seeded in the simulation.</param>
    /// <param name="recovered">What the journal held at start-up.</param>
    /// <param name="observer">Synchronous hooks (safety checkers); optional.</param>
    public RaftNode(string memberId, IReadOnlyCollection<string> peers, RaftOptions options, Random random, JournalRecovery recovered, IRaftObserver? observer = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(memberId);
        ArgumentNullException.ThrowIfNull(peers);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(recovered);
        _options = options.Validate();
        MemberId = memberId;
        _peers = [.. peers];
        _peerSet = new HashSet<string>(_peers, StringComparer.Ordinal);
        if (_peerSet.Contains(memberId))
        {
            throw new ArgumentException($"Member '{memberId}' must not be listed among its own peers.", nameof(peers));
        }

        if (_peerSet.Count != _peers.Count)
        {
            throw new ArgumentException($"The peers of '{memberId}' list a member twice: {string.Join(", ", _peers)}.", nameof(peers));
        }

        _random = random;
        _observer = observer;
        _majority = ((_peers.Count + 1) / 2) + 1;

        _currentTerm = recovered.HardState.Term;
        _votedFor = recovered.HardState.VotedFor;
        _durableHardState = recovered.HardState;
        var snapshotIndex = recovered.Snapshot?.LastIncludedIndex ?? 0;
        _log = new RaftLog(snapshotIndex, recovered.Snapshot?.LastIncludedTerm ?? 0, recovered.Entries);
        _snapshot = recovered.Snapshot;

        // Only what the snapshot covers is known committed after a restart; the leader tells us the rest.
        _commitIndex = _appliedSent = _lastApplied = snapshotIndex;
        _journal = new JournalQueue(_log.LastIndex);
    }

    public string MemberId { get; }

    public RaftRole Role => _role;

    public long CurrentTerm => _currentTerm;

    public long CommitIndex => _commitIndex;

    public string? LeaderId => _leaderId;

    /// <summary>The log as this member holds it in memory (read-only use: safety checkers, tests).</summary>
    public RaftLog Log => _log;

    public ClientProtocol.PeerStatus Status => new(
        MemberId, _role, _currentTerm, _leaderId, _commitIndex, _lastApplied, _log.LastIndex, _log.LastTerm, _log.SnapshotIndex);

    /// <summary>Begins as follower; a recovered snapshot is handed to the state machine first.</summary>
    public void Start()
    {
        if (_snapshot is not null)
        {
            Emit(new RaftEffect.RestoreSnapshot(_snapshot));
        }

        BecomeFollower(leaderId: null);
    }

    /// <summary>The effects produced since the last call, in order. The list is reused: carry it out before the next input.</summary>
    public IReadOnlyList<RaftEffect> TakeEffects()
    {
        var taken = _effects;
        _effects = _spareEffects;
        _effects.Clear();
        _spareEffects = taken;
        return taken;
    }

    /// <summary>
    /// A protocol message from another member (<see cref="RaftProtocol"/>) or a timer that fired (<see cref="RaftTimer"/>).
    /// Anything else is ignored.
    /// </summary>
    public void Step(object message)
    {
        if (DisregardsVoteRequest(message))
        {
            return;
        }

        // Figure 2, rules for all servers: a higher term is adopted before the message is handled.
        AdoptNewerTerm(message);
        switch (_role)
        {
            case RaftRole.Leader:
                Leader(message);
                break;
            case RaftRole.Candidate:
                Candidate(message);
                break;
            default:
                Follower(message);
                break;
        }
    }

    /// <summary>The host made every batch through <paramref name="sequence"/> durable.</summary>
    public void Persisted(long sequence)
    {
        foreach (var action in _journal.Written(sequence, ref _durableHardState))
        {
            action();
        }

        if (_role == RaftRole.Leader)
        {
            AdvanceLeaderCommit();
        }
    }

    /// <summary>The state machine applied every entry through <paramref name="index"/>.</summary>
    public void Applied(long index) => _lastApplied = Math.Max(_lastApplied, index);

    /// <summary>
    /// The end of a burst of input: journal what accumulated (unless a write is outstanding), send a leader's new
    /// entries, and hand newly committed entries to the state machine.
    /// </summary>
    public void Flush()
    {
        if (_journal.TakeBatch(_log.LastIndex) is { } write)
        {
            Emit(write);
        }

        if (_role == RaftRole.Leader)
        {
            ReplicateToAll();
        }

        FlushReads();
        DispatchCommitted();
    }

    /// <summary>True when <see cref="Flush"/> would have something to do.</summary>
    public bool HasPendingWork =>
        _journal.CanTakeBatch || _commitIndex > _appliedSent || (_role == RaftRole.Leader && _replicationDue) || ReadsDue;

    /// <summary>
    /// Figure 2, rules for all servers: a message with a higher term makes us adopt it, forget our vote and
    /// become follower, before anything else.
    /// </summary>
    private void AdoptNewerTerm(object message)
    {
        // A pre-vote's term is only proposed, never held by anyone yet (thesis §9.6); its answer carries the voter's own.
        var term = message switch
        {
            RaftProtocol.PreVote => 0,
            RaftProtocol.PreVoteResult result => result.VoterTerm,
            IRaftMessage raft => raft.Term,
            _ => 0,
        };

        // A stranger's term is ignored with the rest of its message: it must not depose a leader.
        if (term <= _currentTerm || !IsMember(((IRaftMessage)message).From))
        {
            return;
        }

        _currentTerm = term;
        _votedFor = null;
        PersistHardState();
        if (_role == RaftRole.Follower)
        {
            _leaderId = null;
            Publish();
            return;
        }

        BecomeFollower(leaderId: null);
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
            case RaftProtocol.PreVote preVote:
                OnPreVote(preVote);
                break;
            case RaftProtocol.TimeoutNow timeoutNow:
                OnTimeoutNow(timeoutNow);
                break;
            case RaftProtocol.ReadHeartbeat heartbeat:
                OnReadHeartbeat(heartbeat);
                break;
            case RaftProtocol.ReadHeartbeatResult result:
                OnReadHeartbeatResult(result);
                break;
            case RaftProtocol.ReadIndexRequest request:
                OnReadIndexRequest(request);
                break;
            case RaftProtocol.ReadIndexResult result:
                OnReadIndexResult(result);
                break;

                // Replies meant for another role (a vote arriving after the election was decided, an AppendEntries
                // result after stepping down, a stale timer) are dropped.
        }
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

            EndPreCampaign();
            ResetElectionTimer();
        }

        ReplyWhenDurable(request.CandidateId, new RaftProtocol.RequestVoteResult(_currentTerm, MemberId, granted));
    }

    private void PersistHardState() => _journal.Add(new JournalOperation.SaveHardState(new HardState(_currentTerm, _votedFor)));

    /// <summary>Sends to another member once everything journaled so far is durable (§5.1: persist before replying).</summary>
    private void ReplyWhenDurable(string memberId, object reply) => _journal.WhenDurable(() => SendTo(memberId, reply));

    private void SendTo(string memberId, object message) => Emit(new RaftEffect.Send(memberId, message));

    private void Emit(RaftEffect effect) => _effects.Add(effect);

    private bool IsMember(string memberId) => _peerSet.Contains(memberId);

    /// <summary>Hands newly committed entries to the state machine.</summary>
    private void DispatchCommitted()
    {
        if (_commitIndex <= _appliedSent)
        {
            return;
        }

        var entries = _log.CopyRange(_appliedSent + 1, _commitIndex);
        _appliedSent = _commitIndex;
        Emit(new RaftEffect.Apply(entries));
    }

    private void SetCommitIndex(long commitIndex)
    {
        if (commitIndex <= _commitIndex)
        {
            return;
        }

        _commitIndex = commitIndex;
        _observer?.OnCommitted(MemberId, commitIndex);
    }

    /// <summary>A fresh random timeout at every reset, so members that time out together rarely do so again.</summary>
    private void ResetElectionTimer()
    {
        _leaderContact = false;
        Emit(new RaftEffect.StartElectionTimer(_options.ElectionTimeoutMin + RandomSpread()));
    }

    /// <summary>The random part of an election timeout: up to <see cref="RaftOptions.ElectionTimeoutMax"/> - Min.</summary>
    private TimeSpan RandomSpread()
    {
        var spread = _options.ElectionTimeoutMax - _options.ElectionTimeoutMin;
        return TimeSpan.FromTicks((long)(_random.NextDouble() * spread.Ticks));
    }

    /// <summary>Tells the observer and the host when role, term or known leader changed.</summary>
    private void Publish()
    {
        var state = (_role, _currentTerm, _leaderId);
        if (state == _published)
        {
            return;
        }

        var roleOrTermChanged = state.Item1 != _published.Role || state.Item2 != _published.Term;
        OnLeadershipChangedForReads(_published);
        _published = state;
        if (roleOrTermChanged)
        {
            _observer?.OnRoleChanged(MemberId, _role, _currentTerm);
        }

        Emit(new RaftEffect.RoleChanged(_role, _currentTerm, _leaderId));
    }
}
