using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Raft.Actors.Cluster;
using Raft.Actors.Configuration;
using Raft.Actors.KeyValue;
using Raft.Tests.Persistence;
using Xunit.Abstractions;

namespace Raft.Tests.Processes;

/// <summary>
/// Three <c>Raft.Host node</c> processes join an Akka.Cluster (seeded by the members' own addresses); the test's
/// client proposes from an actor system outside it. A member's process is killed and restarted on its address before
/// the cluster could down it, then downed while it runs by an operator's actor system that joins the cluster just for
/// that: it must exit non-zero saying why, and once restarted on the same address it must rejoin both the cluster and
/// the Raft group, while the other two processes keep running. The client is not a cluster member so that a loaded
/// machine's split-brain resolver cannot take it down with a slow test process.
/// </summary>
public sealed class ClusterMembershipTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(ClientConfig, output: output), IAsyncLifetime
{
    private static readonly Config ClientConfig = ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp.hostname = 127.0.0.1
        akka.remote.dot-netty.tcp.port = 0
        """).WithFallback(RaftConfig.Default);

    /// <summary>A cluster node of the "raft" actor system (an Akka.Cluster has one system name), with no Raft role.</summary>
    private static readonly Config OperatorConfig = ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp.hostname = 127.0.0.1
        akka.remote.dot-netty.tcp.port = 0
        """).WithFallback(RaftConfig.Default);

    /// <summary>Generous: a loaded 2-core machine starts .NET slowly and delays heartbeats.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private readonly TemporaryDirectory _directory = new();
    private NodeCluster _nodes = null!;

    public Task InitializeAsync()
    {
        _nodes = new NodeCluster(_directory.Path, "n1", "n2", "n3");
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _nodes.Dispose();
        _directory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_member_restarted_on_its_address_before_and_after_the_cluster_downed_it_rejoins_without_restarting_the_others()
    {
        await Task.WhenAll(_nodes.Addresses.Keys.Select(_nodes.StartAsync));
        // Each node forms the cluster ("JOINING itself") or is let in by the one that did ("Welcome from").
        await AwaitAssertAsync(() => Assert.All(_nodes.Running, m => Assert.Matches(@"is JOINING itself|Welcome from \[", _nodes.Output(m))), Limit, TimeSpan.FromMilliseconds(200));
        var client = RaftGroupClient.Connect(Sys, "raft", _nodes.Addresses, TimeSpan.FromSeconds(2));

        // Killed and restarted at once, as a supervisor would: the cluster still lists its old incarnation.
        await _nodes.KillAsync("n3");
        await _nodes.StartAsync("n3");
        await AssertCaughtUpAsync(client, "n3", await WriteAsync(client, "before"), "restarted before it was downed");

        // Raft does not wait for the cluster, but the down must find the new incarnation a member: a down given while
        // the cluster still lists only the old one removes that one, and the new one then joins and lives on.
        await AwaitAssertAsync(() => Assert.Contains("Welcome from [", _nodes.Output("n3")), Limit, TimeSpan.FromMilliseconds(200));
        var exit = _nodes.WaitForExitAsync("n3", "n3 to exit once downed");
        await DownAsync(_nodes.Addresses["n3"], exit);
        var (exitCode, downedOutput) = await exit;
        Assert.True(exitCode != 0, $"n3 exited with code 0 after it was downed.{Environment.NewLine}{downedOutput}");
        Assert.Contains("Node n3 of group raft was removed from the Akka.Cluster (downed", downedOutput);
        Assert.Contains("restart the process to rejoin", downedOutput);
        Output?.WriteLine($"n3 exited with code {exitCode} once downed");

        await _nodes.StartAsync("n3");
        await AssertCaughtUpAsync(client, "n3", await WriteAsync(client, "after"), "restarted after it was downed");

        // Akka.Cluster's "Welcome" is the seed's answer to a join: the new incarnation is a member again.
        await AwaitAssertAsync(() => Assert.Contains("Welcome from [", _nodes.Output("n3")), Limit, TimeSpan.FromMilliseconds(200));
        Assert.Equal(["n1", "n2", "n3"], _nodes.Running.Order(StringComparer.Ordinal));
        Assert.Equal(5, _nodes.ProcessesStarted);
        await client.StopAsync();
    }

    /// <summary>
    /// Joins the cluster from a short-lived actor system and downs <paramref name="address"/> until <paramref name="exit"/>
    /// completes (the downed process is gone), then leaves. <see cref="Akka.Cluster.Cluster.Down"/> takes an address and
    /// downs whichever incarnation the operator's view lists there, and the member that welcomes the operator may not
    /// have heard yet that the old incarnation was replaced: its gossip can list only the old one, already downed. So
    /// the down is given again whenever the view lists a live member at the address.
    /// </summary>
    private async Task DownAsync(Address address, Task exit)
    {
        var system = ActorSystem.Create("raft", OperatorConfig);
        var cluster = Akka.Cluster.Cluster.Get(system);
        try
        {
            cluster.JoinSeedNodes([.. _nodes.Addresses.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => m.Value)]);
            var deadline = DateTime.UtcNow + Limit;
            while (!exit.IsCompleted && DateTime.UtcNow < deadline)
            {
                var state = cluster.State;
                var welcomed = state.Members.Any(m => m.UniqueAddress.Equals(cluster.SelfUniqueAddress));
                if (welcomed && state.Members.Any(m => m.Address == address && m.Status is not (MemberStatus.Down or MemberStatus.Exiting or MemberStatus.Removed)))
                {
                    cluster.Down(address);
                }

                await Task.WhenAny(exit, Task.Delay(TimeSpan.FromMilliseconds(250)));
            }

            Assert.True(exit.IsCompleted, $"{address} is still running after the down; the operator's view: {Describe(cluster.State)}");
        }
        finally
        {
            // Terminating leaves the cluster through CoordinatedShutdown, whose phases have their own time-outs.
            await system.Terminate().WaitAsync(Limit);
        }
    }

    private static string Describe(Akka.Cluster.ClusterEvent.CurrentClusterState state) =>
        $"members [{string.Join(", ", state.Members.Select(m => $"{m.Address} {m.Status}"))}], " +
        $"unreachable [{string.Join(", ", state.Unreachable.Select(m => $"{m.Address} {m.Status}"))}], leader {state.Leader}";

    /// <summary>Writes until a leader acknowledges it; returns the index it committed at.</summary>
    private async Task<long> WriteAsync(RaftGroupClient client, string key)
    {
        var command = KeyValueCommand.Set(key, [1]).Encode();
        long index = 0;
        await AwaitAssertAsync(async () =>
        {
            try
            {
                index = (await client.ProposeAsync(command)).Index;
            }
            catch (Exception ex) when (ex is ProposalFailedException or TimeoutException)
            {
                Assert.Fail($"writing {key}: {ex.Message}");
            }
        }, Limit, TimeSpan.FromMilliseconds(100));
        return index;
    }

    private async Task AssertCaughtUpAsync(RaftGroupClient client, string memberId, long index, string phase) =>
        await AwaitAssertAsync(async () =>
        {
            var status = await client.StatusAsync(memberId, TimeSpan.FromSeconds(5));
            Assert.True(status.CommitIndex >= index, $"{phase}: {memberId} has committed {status.CommitIndex}, the write is at {index}.{Environment.NewLine}{_nodes.Output(memberId)}");
        }, Limit, TimeSpan.FromMilliseconds(200));
}
