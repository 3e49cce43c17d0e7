using Akka.Actor;
using Akka.Event;
using Raft.Actors.Peer;
using Raft.Actors.Protocol;

namespace Raft.Actors.Remote;

/// <summary>
/// The parent of the one member an actor system runs: <c>/user/raft-{clusterId}</c>, whose child is the member's
/// <see cref="RaftPeer"/> named by its id, so the member has the same path as in a <see cref="Cluster.RaftGroup"/> and
/// its peers on other nodes find it there. A member that fails is not restarted: this actor logs it and stops, so
/// whoever watches it (a host that exits, a supervisor that restarts the process) decides. Also the key of the
/// member in Akka.Hosting's <c>ActorRegistry</c>.
/// </summary>
public sealed class RaftMemberActor : UntypedActor
{
    private readonly RaftPeerSettings _peer;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IActorRef _member = ActorRefs.Nobody;

    // Public because Akka's Props activator needs it; RaftMember.Start builds and checks the settings.
    public RaftMemberActor(RaftPeerSettings peer) => _peer = peer;

    internal static Props Props(RaftPeerSettings peer) => Akka.Actor.Props.Create(() => new RaftMemberActor(peer));

    // A member whose constructor or recovery throws is stopped like one that failed at run time.
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    protected override void PreStart()
    {
        _member = Context.ActorOf(RaftPeer.Props(_peer), _peer.MemberId);
        Context.Watch(_member);
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ClientProtocol.GetStatus:
                _member.Forward(message);
                break;
            case Terminated terminated when terminated.ActorRef.Equals(_member):
                // The member logged why it stopped.
                _log.Error("Raft member '{0}' of group '{1}' stopped; this node no longer serves the group until it is started again.", _peer.MemberId, _peer.ClusterId);
                Context.Stop(Self);
                break;
            default:
                Unhandled(message);
                break;
        }
    }
}
