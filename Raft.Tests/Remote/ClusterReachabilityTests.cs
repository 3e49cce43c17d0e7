using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Raft.Actors.Cluster;
using Raft.Actors.Configuration;
using Raft.Actors.Remote;
using Xunit.Abstractions;

namespace Raft.Tests.Remote;

/// <summary>
/// <see cref="RemoteMemberDirectory"/> in an actor system with the cluster provider passes Akka.Cluster's reachability
/// of a member's node on as <see cref="MemberReachability"/> hints: a second actor system on loopback, the member's
/// node, joins the cluster and then vanishes without leaving; after it is downed and removed the hint is withdrawn.
/// </summary>
public sealed class ClusterReachabilityTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(NodeConfig, output: output)
{
    // No downing provider: the test downs the lost node itself. A fast failure detector keeps the test short.
    private static readonly Config NodeConfig = ConfigurationFactory.ParseString("""
        akka.loglevel = INFO
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp.hostname = 127.0.0.1
        akka.remote.dot-netty.tcp.port = 0
        akka.cluster.downing-provider-class = ""
        akka.cluster.failure-detector.heartbeat-interval = 200ms
        akka.cluster.failure-detector.acceptable-heartbeat-pause = 1s
        """).WithFallback(RaftConfig.Default);

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_directory_reports_a_member_whose_node_becomes_unreachable_and_withdraws_it_once_the_node_is_removed()
    {
        var cluster = Akka.Cluster.Cluster.Get(Sys);
        await cluster.JoinAsync(cluster.SelfAddress).WaitAsync(Limit);

        // Terminated without leaving the cluster, as a killed process would vanish.
        var memberNode = ActorSystem.Create(Sys.Name, ConfigurationFactory.ParseString("akka.coordinated-shutdown.run-by-actor-system-terminate = off").WithFallback(NodeConfig));
        var memberAddress = Akka.Cluster.Cluster.Get(memberNode).SelfAddress;
        try
        {
            await Akka.Cluster.Cluster.Get(memberNode).JoinAsync(cluster.SelfAddress).WaitAsync(Limit);
            var directory = Sys.ActorOf(RemoteMemberDirectory.Props("g", new Dictionary<string, ActorPath>
            {
                ["n1"] = RaftMemberSettings.PathOf(cluster.SelfAddress, "g", "n1"),
                ["n2"] = RaftMemberSettings.PathOf(memberAddress, "g", "n2"),
            }));
            var watcher = CreateTestProbe();
            directory.Tell(new RaftGroupProtocol.WatchMembers(watcher.Ref));

            await memberNode.Terminate().WaitAsync(Limit);

            Assert.Equal(new MemberReachability("n2", Reachable: false), watcher.FishForMessage<MemberReachability>(_ => true, Limit));
            cluster.Down(memberAddress);
            Assert.Equal(new MemberReachability("n2", Reachable: true), watcher.FishForMessage<MemberReachability>(_ => true, Limit));
        }
        finally
        {
            await memberNode.Terminate();
        }
    }
}
