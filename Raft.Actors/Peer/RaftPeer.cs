using System.Security.Cryptography;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Raft.Actors.Core;
using Raft.Actors.Persistence;
using Raft.Actors.Protocol;
using Raft.Actors.StateMachine;

namespace Raft.Actors.Peer;

/// <summary>
/// One member of a Raft group as an Akka.NET persistent actor. Its behaviour is <see cref="Follower"/>,
/// <see cref="Candidate"/> or <see cref="Leader"/>, mirroring the role of the <see cref="RaftNode"/> it feeds: every
/// Raft decision is the node's; this actor only carries out the node's effects with Akka's machinery: named timers
/// (<see cref="IWithTimers"/>), <c>Tell</c>s to the other members, Akka.Persistence for the journal (group commit:
/// one write outstanding, everything produced meanwhile goes out as the next), and a child actor that applies
/// committed entries to the state machine. It journals <see cref="JournalOperation"/>s as events; after a snapshot it
/// saves <see cref="JournalRecovery"/> as its Akka snapshot and deletes the events before it.
/// A failure of its journal, its state machine or a Raft invariant stops it with an error naming the member; it is
/// never silently restarted, and its group notices through DeathWatch.
/// </summary>
public sealed partial class RaftPeer : UntypedPersistentActor, IWithTimers
{
    private readonly RaftPeerSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly JournalReplay _replay;
    private readonly ProposalWaiters<IActorRef> _waiters = new();
    private readonly HashSet<IActorRef> _subscribers = [];
    private readonly MemberTable _members;
    private RaftNode _node = null!;
    private IActorRef _applier = ActorRefs.Nobody;
    private bool _flushScheduled;
    private ClientProtocol.RoleChanged? _lastRoleChange;

    /// <summary>Public only because Akka creates actors through <see cref="Activator"/>: start a peer with <see cref="Props(RaftPeerSettings)"/>, which validates the settings.</summary>
    public RaftPeer(RaftPeerSettings settings)
    {
        _settings = settings;
        _replay = new JournalReplay(settings.PersistenceId);
        _members = new MemberTable(Context, settings.Peers);
        JournalPluginId = settings.JournalPluginId;
        SnapshotPluginId = settings.SnapshotPluginId;
    }

    /// <summary>The props of a member's peer actor; the settings are validated here.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    /// <exception cref="RaftConfigurationException">The Raft options are invalid; the message names each problem.</exception>
    public static Props Props(RaftPeerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        MemberIds.Validate(settings.ClusterId, "cluster id");
        MemberIds.Validate(settings.MemberId, "member id");
        foreach (var id in settings.Peers.Keys)
        {
            MemberIds.Validate(id, "member id");
        }

        if (settings.Peers.ContainsKey(settings.MemberId))
        {
            throw new ArgumentException($"Member '{settings.MemberId}' must not be listed among its own peers.", nameof(settings));
        }

        settings.Options.Validate();
        return Akka.Actor.Props.Create(() => new RaftPeer(settings));
    }

    public override string PersistenceId => _settings.PersistenceId;

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void OnRecover(object message)
    {
        if (message is RecoveryCompleted)
        {
            Start();
            return;
        }

        _replay.Recover(message, LastSequenceNr);
    }

    protected override void OnCommand(object message) => Follower(message);

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        // The journal replays in order, so what failed is the snapshot or the event after the last one recovered.
        _log.Error(reason, "Raft member '{0}' of group '{1}' stops: its journal {2} could not be recovered past sequence number {3} ({4}).", _settings.MemberId, _settings.ClusterId, PersistenceId, LastSequenceNr, reason.Message);
        base.OnRecoveryFailure(reason, message);
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _log.Error(cause, "Raft member '{0}' of group '{1}' stops: its journal failed to write event {2} ({3}).", _settings.MemberId, _settings.ClusterId, sequenceNr, cause.Message);
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        // A rejected write did not happen: going on would answer others on state that is not durable.
        _log.Error(cause, "Raft member '{0}' of group '{1}' stops: its journal rejected event {2} ({3}).", _settings.MemberId, _settings.ClusterId, sequenceNr, cause.Message);
        Context.Stop(Self);
    }

    protected override void PostStop()
    {
        foreach (var (index, waiter) in _waiters.TakeAll())
        {
            waiter.Tell(new ClientProtocol.ProposalFailed(index, 0, ClientProtocol.ProposalFailureReason.Stopped, $"member '{_settings.MemberId}' stopped before the outcome was known"));
        }

        FailPendingReads();
        base.PostStop();
    }

    private void Start()
    {
        var random = new Random(_settings.RandomSeed ?? RandomNumberGenerator.GetInt32(int.MaxValue));
        _node = new RaftNode(_settings.MemberId, [.. _settings.Peers.Keys], _settings.Options, random, _replay.ToRecovery(), _settings.Observer);
        var driver = new StateMachineDriver(_settings.MemberId, _settings.StateMachine(), _settings.Options.Snapshots, _settings.Observer);
        _applier = Context.ActorOf(StateMachineApplier.Props(driver), "applier");
        _node.Start();
        Carry();
    }

    /// <summary>Behaviour while the node follows: client proposals are answered with the leader it knows.</summary>
    private void Follower(object message) => Guarded(message, static (peer, m) => peer.HandleAsNonLeader(m));

    /// <summary>Behaviour while the node stands for election: as a follower, to the actor.</summary>
    private void Candidate(object message) => Guarded(message, static (peer, m) => peer.HandleAsNonLeader(m));

    /// <summary>Behaviour while the node leads: client proposals go into the log.</summary>
    private void Leader(object message) => Guarded(message, static (peer, m) => peer.HandleAsLeader(m));

    private void HandleAsNonLeader(object message)
    {
        switch (message)
        {
            case ClientProtocol.Propose or ClientProtocol.ProposeBatch:
                Sender.Tell(new ClientProtocol.NotLeader(_settings.MemberId, _node.LeaderId));
                break;
            default:
                HandleCommon(message);
                break;
        }
    }

    private void HandleAsLeader(object message)
    {
        switch (message)
        {
            case ClientProtocol.Propose propose:
                Propose([propose.Command], batch: false);
                break;
            case ClientProtocol.ProposeBatch batch:
                Propose(batch.Commands, batch: true);
                break;
            default:
                HandleCommon(message);
                break;
        }
    }

    private void Propose(byte[][] commands, bool batch)
    {
        var result = _node.Propose(commands);
        if (result.TooLarge)
        {
            var position = result.TooLargeAt;
            Sender.Tell(new ClientProtocol.CommandTooLarge(_settings.MemberId, position, commands[position].Length, _settings.Options.MaxCommandBytes));
            return;
        }

        if (!result.Accepted)
        {
            Sender.Tell(new ClientProtocol.NotLeader(_settings.MemberId, result.LeaderId));
            return;
        }

        _waiters.Add(result.FirstIndex, commands.Length, Sender);
        Sender.Tell(batch
            ? new ClientProtocol.BatchAccepted(result.FirstIndex, result.Term, commands.Length)
            : new ClientProtocol.ProposalAccepted(result.FirstIndex, result.Term));
    }

    private void HandleCommon(object message)
    {
        switch (message)
        {
            case PeerMessages.Flush:
                _flushScheduled = false;
                _node.Flush();
                break;
            case IRaftMessage or RaftTimer:
                _node.Step(message);
                break;
            case ApplierProtocol.Applied applied:
                _node.Applied(applied.Index);
                break;
            case ApplierProtocol.SnapshotTaken taken:
                _node.SnapshotTaken(taken.Snapshot.LastIncludedIndex, taken.Snapshot.LastIncludedTerm, taken.Snapshot.Data);
                break;
            case ApplierProtocol.ApplyFailed failed:
                throw new RaftMemberFailedException(_settings.MemberId, failed.Error.Message, failed.Error);
            case ClientProtocol.GetStatus:
                Sender.Tell(_node.Status);
                break;
            case ClientProtocol.Read read:
                OnRead(read);
                break;
            case PeerMessages.SubscribeTransitions subscribe:
                _subscribers.Add(subscribe.Subscriber);
                if (subscribe.Subscriber.Path.Address.HasLocalScope)
                {
                    Context.Watch(subscribe.Subscriber);
                }
                subscribe.Subscriber.Tell(_lastRoleChange ?? new ClientProtocol.RoleChanged(_settings.MemberId, _node.Role, _node.CurrentTerm, _node.LeaderId));
                break;
            case ClientProtocol.TransferLeadership transfer:
                OnTransferLeadership(transfer);
                break;
            case PeerMessages.TakeSnapshot:
                _applier.Tell(ApplierProtocol.TakeSnapshotNow.Instance);
                break;
            case ActorIdentity identity:
                _members.OnIdentity(identity);
                break;
            case Terminated terminated:
                if (!_members.OnTerminated(terminated.ActorRef))
                {
                    _subscribers.Remove(terminated.ActorRef);
                }

                break;
            case SaveSnapshotSuccess or SaveSnapshotFailure or DeleteMessagesSuccess or DeleteMessagesFailure
                or DeleteSnapshotsSuccess or DeleteSnapshotsFailure:
                OnCompactionResult(message);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>
    /// Every input goes through here: the node's effects are carried out after it, and anything that throws (a Raft
    /// invariant, the state machine) stops this member with one error naming it, rather than a restart.
    /// </summary>
    private void Guarded(object message, Action<RaftPeer, object> handle)
    {
        try
        {
            handle(this, message);
            Carry();
        }
        catch (Exception ex)
        {
            _log.Error(ex, "Raft member '{0}' of group '{1}' stops: {2}", _settings.MemberId, _settings.ClusterId, ex.Message);
            Context.Stop(Self);
        }
    }
}
