using Akka.Actor;

namespace Raft.Actors.Peer;

/// <summary>Local control messages a host sends a peer actor.</summary>
public static class PeerMessages
{
    /// <summary>
    /// Subscribe to <see cref="Protocol.ClientProtocol.RoleChanged"/> notifications; the current state is sent at once.
    /// The peer watches a subscriber in its own actor system and forgets it when it stops. A subscriber on another
    /// node is kept for the peer's lifetime and not watched: remote DeathWatch lets Akka.Remote's failure detector
    /// quarantine the subscriber's whole actor system, which on a loaded machine cut a live client off for good.
    /// </summary>
    public sealed record SubscribeTransitions(IActorRef Subscriber);

    /// <summary>Asks the peer to snapshot its state machine now, whatever the snapshot policy says.</summary>
    public sealed class TakeSnapshot
    {
        public static readonly TakeSnapshot Instance = new();

        private TakeSnapshot()
        {
        }
    }

    /// <summary>The peer sends this to itself once it has input to flush (journal batch, replication, commits).</summary>
    internal sealed class Flush
    {
        public static readonly Flush Instance = new();

        private Flush()
        {
        }
    }
}
