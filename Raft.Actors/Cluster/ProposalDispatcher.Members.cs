using Akka.Actor;
using Raft.Actors.Peer;
using Raft.Actors.Protocol;

namespace Raft.Actors.Cluster;

/// <summary>The dispatcher's view of the members: each incarnation as it comes, leadership of a later term, a member gone.</summary>
internal sealed partial class ProposalDispatcher
{
    private void OnMemberUp(string memberId, IActorRef peer)
    {
        if (_members.TryGetValue(memberId, out var previous))
        {
            if (previous.Peer.Equals(peer))
            {
                return;
            }

            // The group reports the new incarnation before our Terminated for the old one may have arrived.
            OnMemberGone(previous);
        }

        var member = new MemberLink(memberId, peer);
        _members[memberId] = member;
        _byPeer[peer] = member;
        _roles.Started(memberId);
        if (peer.Path.Address.HasLocalScope)
        {
            // A member on another node is not watched: Akka.Remote reports a lost node as AddressTerminated, which
            // ends every watched ref at that address, the incarnation restarted there included. Its directory
            // (RemoteMemberDirectory) reports each new incarnation instead.
            Context.Watch(peer);
        }

        peer.Tell(new PeerMessages.SubscribeTransitions(Self));
    }

    /// <summary>
    /// <paramref name="leaderId"/> announced its leadership of <paramref name="term"/>. A member on another node that
    /// accepted proposals in an earlier term, or was sent batches it has not answered, no longer leads, and if its
    /// process died no answer will ever come (members on other nodes are not watched). What it holds may yet be
    /// committed by the new leader or overwritten, so those proposals fail now with an unknown outcome instead of at
    /// their timeout. Their batches stay queued, so a late answer still pairs with its own batch and finds them done.
    /// A member in this actor system answers for itself, or is reported Terminated.
    /// </summary>
    private void AbandonSupersededRemoteLeaders(string leaderId, long term)
    {
        foreach (var member in _members.Values)
        {
            if (member.Id == leaderId || member.Peer.Path.Address.HasLocalScope)
            {
                continue;
            }

            foreach (var proposal in member.Accepted.Values.Where(p => p.Accepted!.Value.Term < term).ToList())
            {
                var (index, accepted) = proposal.Accepted!.Value;
                Retire(proposal);
                proposal.Fail(new ProposalFailedException(ClientProtocol.ProposalFailureReason.LostLeadership, index, accepted,
                    $"member '{member.Id}' accepted the entry in term {accepted}, and '{leaderId}' has since announced its leadership of term {term}"));
            }

            foreach (var proposal in member.Unanswered.SelectMany(b => b.Proposals).Where(p => !p.IsDone))
            {
                Retire(proposal);
                proposal.Fail(new ProposalFailedException(ClientProtocol.ProposalFailureReason.LostLeadership, 0, 0,
                    $"member '{member.Id}' on {member.Peer.Path.Address} had not answered, and '{leaderId}' has since announced its leadership of term {term}"));
            }
        }
    }

    private void OnMemberGone(MemberLink member)
    {
        _members.Remove(member.Id);
        _byPeer.Remove(member.Peer);
        _roles.Stopped(member.Id);
        Context.Unwatch(member.Peer);
        if (_hint == member.Id)
        {
            _hint = null;
        }

        var unanswered = member.Unanswered.SelectMany(b => b.Proposals).Where(p => !p.IsDone).ToList();
        member.Unanswered.Clear();
        if (member.Peer.Path.Address.HasLocalScope)
        {
            // Never appended there (its answer would have come first): these go to the next leader.
            _queued.InsertRange(0, unanswered);
        }
        else
        {
            // Over the network an answer can be lost with its connection: the member may have appended these, so
            // proposing them again could apply them twice.
            foreach (var proposal in unanswered)
            {
                Retire(proposal);
                proposal.Fail(new ProposalFailedException(
                    ClientProtocol.ProposalFailureReason.Stopped, 0, 0, $"member '{member.Id}' on {member.Peer.Path.Address} stopped before answering"));
            }
        }

        foreach (var proposal in member.Accepted.Values.ToList())
        {
            var (index, term) = proposal.Accepted!.Value;
            Retire(proposal);
            proposal.Fail(new ProposalFailedException(
                ClientProtocol.ProposalFailureReason.Stopped, index, term, $"member '{member.Id}' stopped before it applied the entry"));
        }
    }
}
