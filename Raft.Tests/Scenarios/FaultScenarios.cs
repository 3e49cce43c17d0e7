using Raft.Actors.Protocol;
using Raft.Actors.TestKit.Scenarios;
using Raft.Actors.TestKit.Simulation;

namespace Raft.Tests.Scenarios;

/// <summary>Replication under an unreliable network and churning leadership, each across many seeds.</summary>
public sealed class FaultScenarios
{
    [Fact]
    public void Fifty_concurrent_proposals_are_all_applied_over_an_unreliable_network() => Seeds.Run(200, seed =>
    {
        var cluster = new SimulatedCluster(seed, 5);
        cluster.Unreliable = true;
        cluster.ExpectOneLeader(within: TimeSpan.FromSeconds(10));
        var commands = Enumerable.Range(0, 50).Select(i => Commands.Make("u", i)).ToList();
        var applied = Clients.ProposeUntilApplied(cluster, commands, TimeSpan.FromSeconds(30));

        // Back on a reliable network every peer applies everything.
        cluster.Unreliable = false;
        var last = cluster.Commit(Commands.Make("u", 50), 5, TimeSpan.FromSeconds(10));
        Assert.True(applied.Values.Max() < last);
        cluster.CheckSafety();
    });

    /// <summary>
    /// Figure 8 of the paper without crashes: leaders are cut off again and again while they propose, so entries
    /// of old terms sit on some logs; none of them may be committed by counting replicas alone.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Leaders_repeatedly_partitioned_while_proposing_never_break_safety(bool unreliable) => Seeds.Run(200, seed =>
    {
        var cluster = new SimulatedCluster(seed, 5);
        cluster.Unreliable = unreliable;
        var connected = cluster.Members.Count;
        for (var round = 0; round < 60; round++)
        {
            var leader = cluster.Running.FirstOrDefault(m => cluster.Status(m).Role == RaftRole.Leader && cluster.Network.IsConnected(m));
            if (leader is not null)
            {
                cluster.Propose(leader, Commands.Make("fig8", round));
            }

            // Mostly short pauses, sometimes long enough for elections.
            var pause = cluster.Random.Next(100) < 10 ? cluster.Random.Next(150, 600) : cluster.Random.Next(1, 15);
            cluster.RunFor(TimeSpan.FromMilliseconds(pause));
            if (leader is not null && cluster.Random.Next(2) == 0)
            {
                cluster.Disconnect(leader);
                connected--;
            }

            if (connected < 3)
            {
                var back = cluster.Members.Where(m => !cluster.Network.IsConnected(m)).OrderBy(_ => cluster.Random.Next()).First();
                cluster.Connect(back);
                connected++;
            }
        }

        foreach (var member in cluster.Members)
        {
            cluster.Connect(member);
        }

        cluster.Unreliable = false;
        cluster.Commit(Commands.Make("fig8", 1000), 5, TimeSpan.FromSeconds(10));
        cluster.CheckSafety();
    });
}
