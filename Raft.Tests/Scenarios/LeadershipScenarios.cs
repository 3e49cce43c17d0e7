using Raft.Actors.Protocol;
using Raft.Actors.TestKit.Scenarios;
using Raft.Actors.TestKit.Simulation;

namespace Raft.Tests.Scenarios;

/// <summary>
/// What the thesis adds to the paper's elections, on the simulated cluster with the default options (PreVote and
/// CheckQuorum on), each across many seeds with the safety checker on: PreVote (§9.6), CheckQuorum (§6.2) and
/// leadership transfer (§3.10).
/// </summary>
public sealed class LeadershipScenarios
{
    private static readonly TimeSpan ElectionTimeout = TimeSpan.FromMilliseconds(300);

    [Fact]
    public void A_member_cut_off_for_many_election_timeouts_rejoins_without_changing_the_leader_or_the_term() => Seeds.Run(100, seed =>
    {
        var cluster = new SimulatedCluster(seed, 3);
        var leader = cluster.ExpectOneLeader();
        cluster.Commit(Commands.Make("before", 0), 3);
        var term = cluster.Status(leader).Term;
        var cut = cluster.Members.First(m => m != leader);

        cluster.Disconnect(cut);
        cluster.RunFor(ElectionTimeout * 20);
        Assert.Equal(term, cluster.Status(cut).Term);
        cluster.Connect(cut);
        var last = cluster.Commit(Commands.Make("after", 0), 3);
        cluster.RunFor(ElectionTimeout * 3);

        Assert.Equal(leader, cluster.ExpectOneLeader());
        Assert.All(cluster.Members, m => Assert.Equal((term, leader), (cluster.Status(m).Term, cluster.Status(m).LeaderId)));
        Assert.True(cluster.Safety.LastAppliedBy(cut) >= last, $"{cut} did not catch up to {last}");
        cluster.CheckSafety();
    });

    [Fact]
    public void A_leader_cut_off_from_its_majority_steps_down_within_an_election_timeout_and_acknowledges_no_write_after() => Seeds.Run(100, seed =>
    {
        var cluster = new SimulatedCluster(seed, 5);
        var leader = cluster.ExpectOneLeader();
        cluster.Commit(Commands.Make("before", 0), 5);

        cluster.Disconnect(leader);
        var cutAt = cluster.Now;
        // A client keeps writing to it while it believes it leads.
        var proposals = new List<ProposalTracker>();
        while (cluster.Status(leader).Role == RaftRole.Leader && cluster.Now < cutAt + ElectionTimeout)
        {
            proposals.Add(cluster.Propose(leader, Commands.Make("isolated", proposals.Count)));
            cluster.RunFor(TimeSpan.FromMilliseconds(10));
        }

        Assert.True(cluster.Status(leader).Role != RaftRole.Leader, $"{leader} still leads {ElectionTimeout.TotalMilliseconds} ms after it was cut off at {cutAt.TotalMilliseconds:F1} ms");

        var afterStepDown = cluster.Propose(leader, Commands.Make("late", 0));
        var others = cluster.Members.Where(m => m != leader).ToList();
        cluster.ExpectOneLeader(among: others);
        cluster.Connect(leader);
        cluster.Commit(Commands.Make("healed", 0), 5);

        Assert.NotNull(afterStepDown.NotLeader);
        Assert.All(proposals, p => Assert.Null(p.Applied));
        Assert.All(proposals.Where(p => p.Accepted is not null), p => Assert.NotNull(p.Failed));
        cluster.CheckSafety();
    });

    [Fact]
    public void Leadership_moves_to_a_lagging_follower_once_it_is_brought_up_to_date() => Seeds.Run(100, seed =>
    {
        var cluster = new SimulatedCluster(seed, 3);
        var leader = cluster.ExpectOneLeader();
        var target = cluster.Members.First(m => m != leader);
        cluster.Disconnect(target);
        for (var i = 0; i < 30; i++)
        {
            cluster.Commit(Commands.Make("lag", i), 2);
        }

        cluster.Connect(target);
        var term = cluster.Status(leader).Term;
        var transfer = cluster.TransferLeadership(leader, target);
        Assert.True(cluster.RunUntil(() => transfer.Result is not null, ElectionTimeout * 2), $"the transfer from {leader} to {target} never ended");

        Assert.True(transfer.Result!.Succeeded, transfer.Result.Detail);
        Assert.Equal(target, cluster.ExpectOneLeader());
        Assert.True(cluster.Status(target).Term > term, $"{target} leads term {cluster.Status(target).Term}, not a later term than {term}");
        cluster.Commit(Commands.Make("after", 0), 3);
        cluster.CheckSafety();
    });
}
