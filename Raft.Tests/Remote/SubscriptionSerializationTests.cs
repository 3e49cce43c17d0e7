using Raft.Actors.Configuration;
using Raft.Actors.Peer;
using Raft.Actors.Serialization;

namespace Raft.Tests.Remote;

/// <summary>A client on another node subscribes to a peer's role changes: the subscription crosses in our serializer, the subscriber as its path.</summary>
public sealed class SubscriptionSerializationTests() : Akka.TestKit.Xunit2.TestKit(RaftConfig.Default)
{
    [Fact]
    public void A_role_change_subscription_round_trips_to_the_same_subscriber_through_the_raft_serializer()
    {
        var subscriber = CreateTestProbe().Ref;
        var serializer = Sys.Serialization.FindSerializerFor(new PeerMessages.SubscribeTransitions(subscriber));

        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, new PeerMessages.SubscribeTransitions(subscriber));
        var bytes = serializer.ToBinary(new PeerMessages.SubscribeTransitions(subscriber));
        var read = Assert.IsType<PeerMessages.SubscribeTransitions>(Sys.Serialization.Deserialize(bytes, serializer.Identifier, manifest));

        Assert.IsType<RaftSerializer>(serializer);
        Assert.Equal(subscriber, read.Subscriber);
    }
}
