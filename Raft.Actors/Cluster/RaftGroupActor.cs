using Akka.Actor;
using Akka.Event;
using Raft.Actors.Peer;
using Raft.Actors.Protocol;

namespace Raft.Actors.Cluster;

/// <summary>
/// The parent of a group's members in one <see cref="ActorSystem"/>: <c>/user/raft-{clusterId}</c>, whose children are
/// the members' <see cref="RaftPeer"/>s named by member id, so a member's path is the same in every incarnation and
/// the peers find each other by it. A member that fails is stopped, never silently restarted: a restart from the
/// journal is a decision (<see cref="RaftGroupProtocol.StartMember"/>), and until then the rest of the group goes on
/// without it. Also the key of the group in Akka.Hosting's <c>ActorRegistry</c>.
/// </summary>
public sealed class RaftGroupActor : UntypedActor
{
    private readonly RaftGroupSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, IActorRef> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<IActorRef>> _stopping = new(StringComparer.Ordinal);
    private readonly HashSet<IActorRef> _watchers = [];

    // Public because Akka's Props activator needs it; use Props(settings), which validates them.
    public RaftGroupActor(RaftGroupSettings settings) => _settings = settings;

    /// <summary>The group actor's name under <c>/user</c>.</summary>
    public static string ActorName(string clusterId) => $"raft-{clusterId}";

    /// <summary>The props of a group actor; the settings are validated here.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    /// <exception cref="Core.RaftConfigurationException">The Raft options are invalid; the message names each problem.</exception>
    public static Props Props(RaftGroupSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        return Akka.Actor.Props.Create(() => new RaftGroupActor(settings));
    }

    // A member whose constructor or recovery throws is stopped like one that failed at run time.
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    protected override void PreStart()
    {
        foreach (var memberId in _settings.MemberIds)
        {
            StartPeer(memberId);
        }
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case RaftGroupProtocol.StopMember stop:
                StopMember(stop.MemberId);
                break;
            case RaftGroupProtocol.StartMember start:
                StartMember(start.MemberId);
                break;
            case RaftGroupProtocol.WatchMembers watch:
                _watchers.Add(watch.Watcher);
                Context.Watch(watch.Watcher);
                foreach (var (memberId, peer) in _running)
                {
                    watch.Watcher.Tell(new RaftGroupProtocol.MemberUp(memberId, peer));
                }

                break;
            case RaftGroupProtocol.GetMemberStatus status:
                if (Refusal(status.MemberId) is { } unknown)
                {
                    Sender.Tell(unknown);
                }
                else if (_running.TryGetValue(status.MemberId, out var member))
                {
                    member.Forward(ClientProtocol.GetStatus.Instance);
                }
                else
                {
                    Sender.Tell(Failure(new InvalidOperationException($"Member '{status.MemberId}' of group '{_settings.ClusterId}' is stopped.")));
                }

                break;
            case RaftGroupProtocol.ForwardToMember forward:
                if (_running.TryGetValue(forward.MemberId, out var running))
                {
                    running.Forward(forward.Message);
                }

                break;
            case Terminated terminated:
                OnTerminated(terminated.ActorRef);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void StopMember(string memberId)
    {
        if (Refusal(memberId) is { } unknown)
        {
            Sender.Tell(unknown);
        }
        else if (!_running.TryGetValue(memberId, out var peer))
        {
            Sender.Tell(new RaftGroupProtocol.MemberStopped(memberId));
        }
        else
        {
            // Answered once the peer has terminated: only then may a new incarnation take its name and journal.
            if (!_stopping.TryGetValue(memberId, out var waiters))
            {
                _stopping[memberId] = waiters = [];
                Context.Stop(peer);
            }

            waiters.Add(Sender);
        }
    }

    private void StartMember(string memberId)
    {
        if (Refusal(memberId) is { } unknown)
        {
            Sender.Tell(unknown);
        }
        else if (_running.ContainsKey(memberId))
        {
            var state = _stopping.ContainsKey(memberId) ? "still stopping" : "running; stop it first";
            Sender.Tell(Failure(new InvalidOperationException($"Member '{memberId}' of group '{_settings.ClusterId}' is {state}.")));
        }
        else
        {
            Sender.Tell(new RaftGroupProtocol.MemberUp(memberId, StartPeer(memberId)));
        }
    }

    private IActorRef StartPeer(string memberId)
    {
        var peer = Context.ActorOf(RaftPeer.Props(new RaftPeerSettings
        {
            ClusterId = _settings.ClusterId,
            MemberId = memberId,
            Peers = _settings.MemberIds
                .Where(id => id != memberId)
                .ToDictionary(id => id, id => Self.Path / id, StringComparer.Ordinal),
            StateMachine = () => _settings.StateMachineFactory(memberId),
            Options = _settings.Options,
            JournalPluginId = _settings.JournalPluginIdOf(memberId),
            SnapshotPluginId = _settings.SnapshotPluginIdOf(memberId),
            Observer = _settings.Observer,
        }), memberId);
        Context.Watch(peer);
        _running[memberId] = peer;
        foreach (var watcher in _watchers)
        {
            watcher.Tell(new RaftGroupProtocol.MemberUp(memberId, peer));
        }

        return peer;
    }

    private void OnTerminated(IActorRef actor)
    {
        var memberId = _running.FirstOrDefault(m => m.Value.Equals(actor)).Key;
        if (memberId is null)
        {
            _watchers.Remove(actor);
            return;
        }

        _running.Remove(memberId);
        if (_stopping.Remove(memberId, out var waiters))
        {
            foreach (var waiter in waiters)
            {
                waiter.Tell(new RaftGroupProtocol.MemberStopped(memberId));
            }
        }
        else
        {
            // The member logged why it stopped; the group goes on without it until it is started again.
            _log.Warning("Raft member '{0}' of group '{1}' stopped; it stays down until it is started again.", memberId, _settings.ClusterId);
        }
    }

    private Status.Failure? Refusal(string memberId) =>
        _settings.MemberIds.Contains(memberId, StringComparer.Ordinal)
            ? null
            : Failure(new ArgumentException($"'{memberId}' is not a member of group '{_settings.ClusterId}' (members: {string.Join(", ", _settings.MemberIds)})."));

    private static Status.Failure Failure(Exception error) => new(error);
}
