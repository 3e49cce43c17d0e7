using Akka.Actor;
using Akka.Cluster;
using Raft.Actors.Cluster;
using Raft.Actors.Protocol;

namespace Raft.Actors.Remote;

/// <summary>
/// Plays the group actor for a <see cref="RaftGroupClient"/> whose members run in other actor systems: it finds each
/// member at its actor path with <see cref="Identify"/>, again every <see cref="IdentifyInterval"/>, and reports each
/// incarnation it finds (<see cref="RaftGroupProtocol.MemberUp"/>) to the watchers, the client's dispatcher. A process
/// restarted on the same address is found by the next round, whatever Akka.Remote's failure detector still thinks of
/// the old one: an <see cref="IActorRef"/> names one incarnation (its uid), so a new one is a new ref. Members are not
/// watched: remote DeathWatch ends every ref at a lost address, a restarted incarnation's too, and comes seconds late.
/// Status requests go to the member's path.
/// In an actor system with <c>akka.actor.provider = cluster</c> it also passes Akka.Cluster's reachability of the
/// members' nodes on to the watchers as <see cref="MemberReachability"/> hints, so the client stops sending to a leader
/// the failure detector lost; without the cluster provider there are no hints.
/// </summary>
internal sealed class RemoteMemberDirectory : UntypedActor, IWithTimers
{
    /// <summary>Short enough that a restarted member gets its client's proposals within about a second of answering.</summary>
    internal static readonly TimeSpan IdentifyInterval = TimeSpan.FromMilliseconds(500);

    private const string IdentifyTimer = "identify";

    private readonly string _clusterId;
    private readonly Dictionary<string, ActorSelection> _paths = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IActorRef> _found = new(StringComparer.Ordinal);
    private readonly HashSet<IActorRef> _watchers = [];
    private readonly Dictionary<Address, string> _byAddress = [];
    private readonly HashSet<string> _unreachable = new(StringComparer.Ordinal);
    private Akka.Cluster.Cluster? _cluster;

    public RemoteMemberDirectory(string clusterId, IReadOnlyDictionary<string, ActorPath> members)
    {
        _clusterId = clusterId;
        foreach (var (id, path) in members)
        {
            _paths[id] = Context.ActorSelection(path);
            _byAddress[path.Address] = id;
        }
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string clusterId, IReadOnlyDictionary<string, ActorPath> members) =>
        Akka.Actor.Props.Create(() => new RemoteMemberDirectory(clusterId, members));

    /// <summary>The directory's name under <c>/user</c>; the '.' keeps it apart from any group's name.</summary>
    internal static string ActorName(string clusterId) => $"raft-{clusterId}.members";

    protected override void PreStart()
    {
        IdentifyAll();
        Timers.StartPeriodicTimer(IdentifyTimer, Poll.Instance, IdentifyInterval);
        if (((ExtendedActorSystem)Context.System).Provider is ClusterActorRefProvider)
        {
            _cluster = Akka.Cluster.Cluster.Get(Context.System);
            _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
                typeof(ClusterEvent.IReachabilityEvent), typeof(ClusterEvent.MemberRemoved));
        }
    }

    protected override void PostStop() => _cluster?.Unsubscribe(Self);

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Poll:
                IdentifyAll();
                break;
            case ActorIdentity { MessageId: string memberId, Subject: { } subject } when _paths.ContainsKey(memberId):
                OnFound(memberId, subject);
                break;
            case ActorIdentity:
                // No actor at that path (yet): the member's process is up but its member is not running.
                break;
            case RaftGroupProtocol.WatchMembers watch:
                _watchers.Add(watch.Watcher);
                Context.Watch(watch.Watcher);
                foreach (var (memberId, peer) in _found)
                {
                    watch.Watcher.Tell(new RaftGroupProtocol.MemberUp(memberId, peer));
                }

                foreach (var memberId in _unreachable)
                {
                    watch.Watcher.Tell(new MemberReachability(memberId, Reachable: false));
                }

                break;
            case ClusterEvent.UnreachableMember unreachable:
                OnReachability(unreachable.Member.Address, reachable: false);
                break;
            case ClusterEvent.ReachableMember reachable:
                OnReachability(reachable.Member.Address, reachable: true);
                break;
            case ClusterEvent.MemberRemoved removed:
                // The removed incarnation is gone for good; a process restarted at its address is found by Identify.
                OnReachability(removed.Member.Address, reachable: true);
                break;
            case RaftGroupProtocol.GetMemberStatus status:
                if (_paths.TryGetValue(status.MemberId, out var selection))
                {
                    selection.Tell(ClientProtocol.GetStatus.Instance, Sender);
                }
                else
                {
                    Sender.Tell(new Status.Failure(new ArgumentException(
                        $"'{status.MemberId}' is not a member of group '{_clusterId}' (members: {string.Join(", ", _paths.Keys)}).")));
                }

                break;
            case RaftGroupProtocol.ForwardToMember forward:
                if (_paths.TryGetValue(forward.MemberId, out var target))
                {
                    target.Tell(forward.Message, Sender);
                }

                break;
            case Terminated terminated:
                _watchers.Remove(terminated.ActorRef);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void IdentifyAll()
    {
        foreach (var (memberId, selection) in _paths)
        {
            selection.Tell(new Identify(memberId), Self);
        }
    }

    private void OnReachability(Address address, bool reachable)
    {
        if (!_byAddress.TryGetValue(address, out var memberId)
            || (reachable ? !_unreachable.Remove(memberId) : !_unreachable.Add(memberId)))
        {
            return;
        }

        foreach (var watcher in _watchers)
        {
            watcher.Tell(new MemberReachability(memberId, reachable));
        }
    }

    private void OnFound(string memberId, IActorRef subject)
    {
        if (_found.TryGetValue(memberId, out var known) && known.Equals(subject))
        {
            return;
        }

        _found[memberId] = subject;
        foreach (var watcher in _watchers)
        {
            watcher.Tell(new RaftGroupProtocol.MemberUp(memberId, subject));
        }
    }

    private sealed class Poll
    {
        public static readonly Poll Instance = new();

        private Poll()
        {
        }
    }
}
