using Akka.Actor;
using Raft.Actors.Core;
using Raft.Actors.Protocol;

namespace Raft.Actors.Peer;

/// <summary>Leadership transfer requests (<see cref="ClientProtocol.TransferLeadership"/>): the node decides, the peer answers who asked.</summary>
public sealed partial class RaftPeer
{
    private readonly List<IActorRef> _transferWaiters = [];

    private void OnTransferLeadership(ClientProtocol.TransferLeadership request)
    {
        if (_node.TransferLeadership(request.TargetMemberId) is { } answer)
        {
            Sender.Tell(answer);
            return;
        }

        _transferWaiters.Add(Sender);
    }

    private void OnTransferEnded(RaftEffect.LeadershipTransferEnded ended)
    {
        foreach (var waiter in _transferWaiters)
        {
            waiter.Tell(ended.Result);
        }

        _transferWaiters.Clear();
        if (!ended.Result.Succeeded && _node.Role == RaftRole.Leader && _lastRoleChange is { } leading)
        {
            // Proposals refused during the transfer named no leader: clients waiting for one learn that we lead again.
            foreach (var subscriber in _subscribers)
            {
                subscriber.Tell(leading);
            }
        }
    }
}
