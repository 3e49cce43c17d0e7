using Raft.Actors.Protocol;
using Raft.Actors.TestKit.Scenarios;
using Raft.Actors.TestKit.Simulation;

namespace Raft.Tests.Scenarios;

/// <summary>Leader election (§5.2) on the simulated cluster, each scenario across many seeds.</summary>
public sealed class ElectionScenarios
{
    private static readonly TimeSpan ElectionTimeout = TimeSpan.FromMilliseconds(300);

    [Fact]
    public void Three_peers_elect_one_leader_and_keep_it_while_the_network_is_healthy() => Seeds.Run(200, seed =>
    {
        var cluster = new SimulatedCluster(seed, 3);
        var leader = cluster.ExpectOneLeader();
        var term = cluster.Status(leader).Term;
        Assert.All(cluster.Members, m => Assert.Equal(term, WaitForTerm(cluster, m, term)));

        // Several election timeouts of a healthy network: no new election.
        cluster.RunFor(ElectionTimeout * 6);
        Assert.Equal(leader, cluster.ExpectOneLeader());
        Assert.All(cluster.Members, m => Assert.Equal(term, cluster.Status(m).Term));
        Assert.All(cluster.Members, m => Assert.Equal(leader, cluster.Status(m).LeaderId));
        cluster.CheckSafety();
    });

    [Fact]
    public void A_disconnected_leader_is_replaced_and_rejoins_as_follower() => Seeds.Run(200, seed =>
    {
        var cluster = new SimulatedCluster(seed, 3);
        var first = cluster.ExpectOneLeader();
        cluster.Disconnect(first);
        var second = cluster.ExpectOneLeader();
        Assert.NotEqual(first, second);
        Assert.True(cluster.Status(second).Term > cluster.Status(first).Term);

        // The old leader comes back, hears the higher term and follows.
        cluster.Connect(first);
        Assert.True(cluster.RunUntil(() => cluster.Status(first).Role == RaftRole.Follower, ElectionTimeout * 4), $"old leader {first} did not step down");
        var current = cluster.ExpectOneLeader();
        cluster.RunFor(ElectionTimeout * 2);
        Assert.Equal(RaftRole.Follower, cluster.Status(first).Role);
        Assert.Equal(cluster.Status(current).Term, cluster.Status(first).Term);
        cluster.CheckSafety();
    });

    [Fact]
    public void No_leader_without_a_majority_and_one_once_quorum_returns() => Seeds.Run(200, seed =>
    {
        var cluster = new SimulatedCluster(seed, 3);
        var leader = cluster.ExpectOneLeader();
        var others = cluster.Members.Where(m => m != leader).ToList();
        cluster.Disconnect(leader);
        cluster.Disconnect(others[0]);

        // The lone connected peer can never win: it stays candidate, term after term.
        cluster.RunFor(ElectionTimeout * 8);
        Assert.NotEqual(RaftRole.Leader, cluster.Status(others[1]).Role);

        cluster.Connect(others[0]);
        var next = cluster.ExpectOneLeader();
        Assert.Contains(next, others);

        cluster.Connect(leader);
        cluster.ExpectOneLeader();
        cluster.CheckSafety();
    });

    [Fact]
    public void Seven_peers_keep_electing_with_three_random_peers_disconnected() => Seeds.Run(200, seed =>
    {
        var cluster = new SimulatedCluster(seed, 7);
        cluster.ExpectOneLeader();
        for (var round = 0; round < 10; round++)
        {
            var cut = cluster.Members.OrderBy(_ => cluster.Random.Next()).Take(3).ToList();
            foreach (var member in cut)
            {
                cluster.Disconnect(member);
            }

            var leader = cluster.ExpectOneLeader();
            Assert.DoesNotContain(leader, cut);
            foreach (var member in cut)
            {
                cluster.Connect(member);
            }
        }

        cluster.ExpectOneLeader();
        cluster.CheckSafety();
    });

    [Fact]
    public void An_unreliable_network_still_elects_leaders() => Seeds.Run(200, seed =>
    {
        var cluster = new SimulatedCluster(seed, 5);
        cluster.Unreliable = true;
        for (var round = 0; round < 5; round++)
        {
            cluster.ExpectOneLeader(within: TimeSpan.FromSeconds(10));
            cluster.RunFor(TimeSpan.FromMilliseconds(500));
        }

        cluster.CheckSafety();
    });

    private static long WaitForTerm(SimulatedCluster cluster, string member, long term)
    {
        cluster.RunUntil(() => cluster.Status(member).Term == term, ElectionTimeout);
        return cluster.Status(member).Term;
    }
}
