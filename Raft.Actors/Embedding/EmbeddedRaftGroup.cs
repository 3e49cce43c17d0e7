using System.Runtime.CompilerServices;
using Raft.Actors.Actors;
using Raft.Actors.Messages;
using Raft.Actors.Peer;
using Raft.Actors.Persistence;
using Raft.Actors.Transport;

namespace Raft.Actors.Embedding;

/// <summary>
/// A Raft group inside one process: one <see cref="RaftPeer"/> per member on a <see cref="ThreadPoolActorSystem"/>,
/// connected by an <see cref="InProcessNetwork"/>. Hosts propose commands and read status through it without
/// touching actors; it follows leadership from the peers' <see cref="ClientProtocol.RoleChanged"/> notifications.
/// Members can be stopped and restarted in place (same journal, fresh state machine) to exercise failover.
/// </summary>
public sealed partial class EmbeddedRaftGroup : IAsyncDisposable
{
    private readonly EmbeddedGroupOptions _options;
    private readonly ThreadPoolActorSystem _system;
    private readonly InProcessNetwork _network = new();
    private readonly RoleBoard _roles = new();
    private readonly Dictionary<string, Member> _members = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private readonly IActorRef _dispatcher;
    private bool _disposed;

    private EmbeddedRaftGroup(EmbeddedGroupOptions options)
    {
        _options = options;
        MemberIds = [.. options.MemberIds];
        _system = new ThreadPoolActorSystem(options.ClusterId);
        _system.ActorFailed += OnActorFailed;
        _dispatcher = _system.ActorOf(
            () => new ProposalDispatcher(MemberIds, () => _roles.Leader, IncarnationOf, _network, options.RaftOptions.ElectionTimeoutMax, options.RaftOptions.HeartbeatInterval),
            "proposals");
    }

    public string ClusterId => _options.ClusterId;

    public IReadOnlyList<string> MemberIds { get; }

    /// <summary>The running member believed to lead, from the latest notifications; null during an election.</summary>
    public string? Leader => _roles.Leader;

    /// <summary>
    /// An actor of the group threw and was stopped (the argument is its path, e.g. <c>/n1.1/journal</c>). Raised on
    /// that actor's thread. A peer that fails stays down until it is stopped and started again.
    /// </summary>
    public event Action<string, Exception>? ActorFailed;

    /// <summary>Validates <paramref name="options"/>, then starts every member.</summary>
    /// <exception cref="ArgumentException">The group options are invalid; the message names each problem.</exception>
    /// <exception cref="RaftConfigurationException">The Raft options are invalid; the message names each problem.</exception>
    public static EmbeddedRaftGroup Start(EmbeddedGroupOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var group = new EmbeddedRaftGroup(options);
        try
        {
            foreach (var memberId in group.MemberIds)
            {
                var journal = options.JournalFactory?.Invoke(memberId) ?? new InMemoryJournal($"memory:{options.ClusterId}/{memberId}");
                group._members[memberId] = new Member(memberId, journal);
            }

            lock (group._gate)
            {
                foreach (var member in group._members.Values)
                {
                    group.StartIncarnation(member);
                }
            }
        }
        catch
        {
            group.Shutdown();
            throw;
        }

        return group;
    }

    public bool IsRunning(string memberId)
    {
        lock (_gate)
        {
            return MemberOf(memberId).Peer is not null;
        }
    }

    /// <summary>
    /// Stops a member as if its process crashed: messages to it are dropped, proposals waiting on it fail with
    /// <see cref="ClientProtocol.ProposalFailureReason.Stopped"/>, and once this returns its journal and state
    /// machine are no longer called. What its journal wrote survives for <see cref="Start(string)"/>. Stopping a stopped member does nothing.
    /// </summary>
    public void Stop(string memberId)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            StopIncarnation(MemberOf(memberId));
        }
    }

    /// <summary>Starts a new incarnation of a stopped member from its journal, with a fresh state machine from the factory.</summary>
    /// <exception cref="InvalidOperationException">The member is running.</exception>
    public void Start(string memberId)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            var member = MemberOf(memberId);
            if (member.Peer is not null)
            {
                throw new InvalidOperationException($"Member '{memberId}' of group '{ClusterId}' is running; stop it first.");
            }

            StartIncarnation(member);
        }
    }

    /// <summary>Asks a running member for its status.</summary>
    /// <exception cref="InvalidOperationException">The member is stopped.</exception>
    /// <exception cref="TimeoutException">It did not answer within <paramref name="timeout"/> (default: the proposal timeout).</exception>
    public Task<ClientProtocol.PeerStatus> StatusAsync(string memberId, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        IActorRef peer;
        lock (_gate)
        {
            ThrowIfDisposed();
            peer = MemberOf(memberId).Peer ?? throw new InvalidOperationException($"Member '{memberId}' of group '{ClusterId}' is stopped.");
        }

        return peer.Ask<ClientProtocol.PeerStatus>(ClientProtocol.GetStatus.Instance, timeout ?? _options.ProposalTimeout, cancellationToken);
    }

    /// <summary>
    /// The members' <see cref="ClientProtocol.RoleChanged"/> notifications as they happen, starting with the latest
    /// one of each running member (so a watcher that starts late still learns the current leader). Ends when the
    /// group is disposed or <paramref name="cancellationToken"/> is cancelled (then it throws <see cref="OperationCanceledException"/>).
    /// </summary>
    public async IAsyncEnumerable<ClientProtocol.RoleChanged> WatchRoleChanges([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var reader = _roles.Watch();
        try
        {
            await foreach (var change in reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return change;
            }
        }
        finally
        {
            _roles.Unwatch(reader);
        }
    }

    /// <summary>
    /// Stops every member and closes their journals. Proposals in progress end with <see cref="ObjectDisposedException"/>;
    /// role watchers' streams end. Once this returns, no journal or state machine of the group is called again.
    /// </summary>
    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return ValueTask.CompletedTask;
            }

            _disposed = true;
        }

        Shutdown();
        return ValueTask.CompletedTask;
    }

    private void Shutdown()
    {
        lock (_gate)
        {
            foreach (var member in _members.Values)
            {
                StopIncarnation(member);
            }
        }

        _roles.Complete();
        _system.ActorFailed -= OnActorFailed;
        _system.Dispose();
        foreach (var member in _members.Values)
        {
            member.Journal.Dispose();
        }
    }

    private void StartIncarnation(Member member)
    {
        var incarnation = ++member.Incarnation;
        var journal = new FencedJournal(member.Journal, member.Id, incarnation);
        var stateMachine = new FencedStateMachine(_options.StateMachineFactory(member.Id), member.Id, incarnation);
        var others = MemberIds.Where(id => id != member.Id).ToDictionary(id => id, _network.RefFor, StringComparer.Ordinal);
        var peer = new RaftPeer(new PeerSetup(member.Id, others, journal, stateMachine, _options.RaftOptions, _options.Observer));
        var reference = _system.ActorOf(() => peer, $"{member.Id}.{incarnation}");
        _roles.Started(member.Id, incarnation);
        reference.Tell(new PeerMessages.SubscribeTransitions(new TransitionListener(_roles, member.Id, incarnation)));
        _network.Register(member.Id, reference);
        member.Peer = reference;
        member.JournalView = journal;
        member.StateMachine = stateMachine;
    }

    private void StopIncarnation(Member member)
    {
        if (member.Peer is not { } peer)
        {
            return;
        }

        _network.Register(member.Id, null);
        _system.Stop(peer);
        _roles.Stopped(member.Id);

        // The peer's actors stop asynchronously; closing the views waits out a write or apply in progress.
        member.JournalView?.Close();
        member.StateMachine?.Close();
        member.Peer = null;
        member.JournalView = null;
        member.StateMachine = null;
    }

    /// <summary>The running incarnation of a member, or null when it is stopped.</summary>
    private int? IncarnationOf(string memberId)
    {
        lock (_gate)
        {
            return _members.TryGetValue(memberId, out var member) && member.Peer is not null ? member.Incarnation : null;
        }
    }

    private Member MemberOf(string memberId) =>
        _members.TryGetValue(memberId, out var member)
            ? member
            : throw new ArgumentException($"'{memberId}' is not a member of group '{ClusterId}' (members: {string.Join(", ", MemberIds)}).", nameof(memberId));

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private void OnActorFailed(string path, Exception exception)
    {
        // A stopped incarnation's actors meeting its closed journal or state machine is how stopping works, not a failure.
        if (exception is not IncarnationStoppedException)
        {
            ActorFailed?.Invoke(path, exception);
        }
    }

    private sealed class Member(string id, IRaftJournal journal)
    {
        public string Id { get; } = id;

        /// <summary>Opened once; every incarnation reads and writes it through its own <see cref="FencedJournal"/>.</summary>
        public IRaftJournal Journal { get; } = journal;

        public int Incarnation { get; set; }

        public IActorRef? Peer { get; set; }

        public FencedJournal? JournalView { get; set; }

        public FencedStateMachine? StateMachine { get; set; }
    }
}
