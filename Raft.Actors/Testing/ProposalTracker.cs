using Raft.Actors.Actors;
using Raft.Actors.Messages;

namespace Raft.Actors.Testing;

/// <summary>Stands in for a client: records what the peer answered to one proposal.</summary>
public sealed class ProposalTracker(string memberId, byte[] command) : IActorRef
{
    public string Path => $"/client/{MemberId}";

    public string MemberId { get; } = memberId;

    public byte[] Command { get; } = command;

    public ClientProtocol.ProposalAccepted? Accepted { get; private set; }

    public ClientProtocol.NotLeader? NotLeader { get; private set; }

    public ClientProtocol.ProposalApplied? Applied { get; private set; }

    public ClientProtocol.ProposalFailed? Failed { get; private set; }

    /// <summary>The peer answered the proposal (accepted it or refused as not leader).</summary>
    public bool Answered => Accepted is not null || NotLeader is not null;

    /// <summary>The outcome is final: applied or failed.</summary>
    public bool Settled => Applied is not null || Failed is not null || NotLeader is not null;

    public void Tell(object message, IActorRef? sender = null)
    {
        switch (message)
        {
            case ClientProtocol.ProposalAccepted accepted:
                Accepted = accepted;
                break;
            case ClientProtocol.NotLeader notLeader:
                NotLeader = notLeader;
                break;
            case ClientProtocol.ProposalApplied applied:
                Applied = applied;
                break;
            case ClientProtocol.ProposalFailed failed:
                Failed = failed;
                break;
        }
    }
}
