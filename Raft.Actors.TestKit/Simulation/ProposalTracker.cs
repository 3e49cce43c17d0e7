using Raft.Actors.Protocol;

namespace Raft.Actors.TestKit.Simulation;

/// <summary>Stands in for a client that proposed one command: records what the member answered.</summary>
public sealed class ProposalTracker(string memberId, byte[] command) : ISimulatedClient
{
    /// <summary>The member the command was proposed to.</summary>
    public string MemberId { get; } = memberId;

    public byte[] Command { get; } = command;

    public ClientProtocol.ProposalAccepted? Accepted { get; private set; }

    public ClientProtocol.NotLeader? NotLeader { get; private set; }

    public ClientProtocol.ProposalApplied? Applied { get; private set; }

    public ClientProtocol.ProposalFailed? Failed { get; private set; }

    /// <summary>The leader refused the command as larger than its <c>MaxCommandBytes</c>; nothing was appended.</summary>
    public ClientProtocol.CommandTooLarge? TooLarge { get; private set; }

    /// <summary>The member answered the proposal: accepted it, or refused it (not leader, too large).</summary>
    public bool Answered => Accepted is not null || NotLeader is not null || TooLarge is not null;

    /// <summary>The outcome is final: applied, failed, or refused.</summary>
    public bool Settled => Applied is not null || Failed is not null || NotLeader is not null || TooLarge is not null;

    public void Receive(object message)
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
            case ClientProtocol.CommandTooLarge tooLarge:
                TooLarge = tooLarge;
                break;
            default:
                throw new InvalidOperationException($"The client of one proposal to '{MemberId}' was sent {message}.");
        }
    }
}
