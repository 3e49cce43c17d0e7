using Akka.Cluster;
using Akka.Configuration;
using Raft.Actors.Cluster;
using Raft.Actors.Configuration;
using Raft.Actors.KeyValue;
using Raft.Tests.Persistence;
using Xunit.Abstractions;

namespace Raft.Tests.Processes;

/// <summary>
/// Three <c>Raft.Host node</c> processes join an Akka.Cluster (seeded by the members' own addresses), and this test
/// process joins it too as a non-Raft node (an Akka.Cluster needs one actor system name: "raft"). A member's process is killed and restarted on its address before the
/// cluster could down it, then downed by hand while it runs: it must exit non-zero saying why, and once restarted on
/// the same address it must rejoin both the cluster and the Raft group, while the other two processes keep running.
/// </summary>
public sealed class ClusterMembershipTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(ClientConfig, actorSystemName: "raft", output: output), IAsyncLifetime
{
    private static readonly Config ClientConfig = ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp.hostname = 127.0.0.1
        akka.remote.dot-netty.tcp.port = 0
        akka.cluster.retry-unsuccessful-join-after = 1s
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
        var cluster = Akka.Cluster.Cluster.Get(Sys);
        cluster.JoinSeedNodes([.. _nodes.Addresses.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => m.Value)]);
        await AwaitAssertAsync(() => Assert.Equal(4, cluster.State.Members.Count(m => m.Status == MemberStatus.Up)), Limit, TimeSpan.FromMilliseconds(200));
        Assert.All(cluster.State.Members.Where(m => m.Address != cluster.SelfAddress), m => Assert.Contains("raft", m.Roles));
        var client = RaftGroupClient.Connect(Sys, "raft", _nodes.Addresses, TimeSpan.FromSeconds(2));

        // Killed and restarted at once, as a supervisor would: the cluster still lists its old incarnation.
        await _nodes.KillAsync("n3");
        await _nodes.StartAsync("n3");
        await AssertCaughtUpAsync(client, "n3", await WriteAsync(client, "before"), "restarted before it was downed");

        cluster.Down(_nodes.Addresses["n3"]);
        var (exitCode, downedOutput) = await _nodes.WaitForExitAsync("n3", "n3 to exit once downed");
        Assert.True(exitCode != 0, $"n3 exited with code 0 after it was downed.{Environment.NewLine}{downedOutput}");
        Output?.WriteLine($"n3 exited with code {exitCode} once downed");
        Assert.Contains("Node n3 of group raft was removed from the Akka.Cluster (downed", downedOutput);
        Assert.Contains("restart the process to rejoin", downedOutput);

        await _nodes.StartAsync("n3");
        await AssertCaughtUpAsync(client, "n3", await WriteAsync(client, "after"), "restarted after it was downed");
        await AwaitAssertAsync(
            () => Assert.Contains(cluster.State.Members, m => m.Address == _nodes.Addresses["n3"] && m.Status == MemberStatus.Up),
            Limit, TimeSpan.FromMilliseconds(200));
        Assert.Equal(["n1", "n2", "n3"], _nodes.Running.Order(StringComparer.Ordinal));
        Assert.Equal(5, _nodes.ProcessesStarted);
        await client.StopAsync();

        // Leaves while the nodes still run, so this actor system need not wait out its leave timeout at shutdown.
        await cluster.LeaveAsync().WaitAsync(Limit);
    }

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
