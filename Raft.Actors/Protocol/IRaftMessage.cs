namespace Raft.Actors.Protocol;

/// <summary>What every message between members carries: the sender's term and the sender's member id (Figure 2).</summary>
public interface IRaftMessage
{
    long Term { get; }

    /// <summary>The member that sent it (the candidate, voter, leader or follower the message names).</summary>
    string From { get; }
}
