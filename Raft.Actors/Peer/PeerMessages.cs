using Raft.Actors.Actors;

namespace Raft.Actors.Peer;

/// <summary>Messages a peer sends itself through its timers, and local control messages.</summary>
public static class PeerMessages
{
    /// <summary>Subscribe to <see cref="Messages.ClientProtocol.RoleChanged"/> notifications.</summary>
    public sealed record SubscribeTransitions(IActorRef Subscriber);

    /// <summary>Asks the peer to snapshot its state machine now, whatever the snapshot policy says.</summary>
    public sealed class TakeSnapshot
    {
        public static readonly TakeSnapshot Instance = new();

        private TakeSnapshot()
        {
        }
    }

    internal sealed class ElectionTimeout
    {
        public static readonly ElectionTimeout Instance = new();

        public override string ToString() => "ElectionTimeout";
    }

    internal sealed class HeartbeatTick
    {
        public static readonly HeartbeatTick Instance = new();

        public override string ToString() => "HeartbeatTick";
    }
}
