namespace Raft.Actors.Core;

/// <summary>How a leader makes sure it still leads before it answers a read without writing to the log.</summary>
public enum ReadMode
{
    /// <summary>
    /// Thesis §6.4: a heartbeat round acknowledged by a majority after the read arrived. Costs one round trip to a
    /// majority per batch of reads; depends on nothing but the protocol.
    /// </summary>
    ReadIndex,

    /// <summary>
    /// Thesis §6.4.1: while a majority acknowledged a round sent less than ElectionTimeoutMin minus
    /// <see cref="RaftOptions.LeaseDriftMargin"/> ago, no other member can have been elected, so reads need no round.
    /// Safe only if clocks drift by less than the margin over one lease, and only with members that refuse to vote
    /// while they hear from a leader (CheckQuorum / leader stickiness).
    /// </summary>
    Lease,
}
