using Akka.Actor;

namespace Raft.Actors.Cluster;

/// <summary>
/// The dispatcher's view of one incarnation of a member: the batches sent to it and not yet answered (a peer
/// answers ProposeBatch messages in the order they arrive, so the next answer is for the oldest), and the
/// proposals it accepted and has not yet reported applied or failed, by index.
/// </summary>
internal sealed class MemberLink(string id, IActorRef peer)
{
    public string Id { get; } = id;

    public IActorRef Peer { get; } = peer;

    public Queue<ProposalBatch> Unanswered { get; } = new();

    public Dictionary<long, PendingProposal> Accepted { get; } = [];
}
