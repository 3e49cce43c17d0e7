using Raft.Actors.Protocol;
using Raft.Actors.TestKit.Scenarios;
using Raft.Actors.TestKit.Simulation;

namespace Raft.Tests.Scenarios;

/// <summary>
/// Crashes and restarts (Figure 2's persistent state): a crashed peer keeps what its journal synced and loses
/// everything else, then restarts from its journal with a fresh state machine. Each scenario across many seeds.
/// </summary>
public sealed class CrashScenarios
{
    private static readonly TimeSpan ElectionTimeout = TimeSpan.FromMilliseconds(300);

    [Fact]
    public void Everything_committed_survives_a_crash_of_every_peer() => Seeds.Run(100, seed =>
    {
        var cluster = new SimulatedCluster(seed, 3);
        cluster.ExpectOneLeader();
        var before = cluster.Commit(Commands.Make("p", 1), 3);
        var terms = cluster.Members.ToDictionary(m => m, m => cluster.Status(m).Term);

        foreach (var member in cluster.Members)
        {
            cluster.Crash(member);
        }

        cluster.RunFor(ElectionTimeout);
        foreach (var member in cluster.Members)
        {
            cluster.Restart(member);
            Assert.True(cluster.Status(member).Term >= terms[member], $"{member} forgot its term");
            Assert.True(cluster.Status(member).LastLogIndex >= before, $"{member} lost committed entry {before}");
        }

        // The state machines replay the committed entries, then the group carries on.
        var after = cluster.Commit(Commands.Make("p", 2), 3);
        Assert.True(after > before);
        Assert.Equal(3, cluster.Safety.CountApplied(before, cluster.Members));
        cluster.CheckSafety();
    });

    [Fact]
    public void Leader_and_followers_crash_repeatedly_while_commands_are_proposed() => Seeds.Run(100, seed =>
    {
        var cluster = new SimulatedCluster(seed, 5);
        cluster.ExpectOneLeader();
        for (var round = 0; round < 8; round++)
        {
            cluster.Commit(Commands.Make("r", round), 3, TimeSpan.FromSeconds(10));
            var leader = cluster.ExpectOneLeader();
            var victim = round % 2 == 0 ? leader : cluster.Running.First(m => m != leader);
            cluster.Propose(leader, Commands.Make("in-flight", round));
            cluster.RunFor(TimeSpan.FromMilliseconds(cluster.Random.Next(0, 5)));
            cluster.Crash(victim);
            cluster.Commit(Commands.Make("r-after", round), 3, TimeSpan.FromSeconds(10));
            cluster.Restart(victim);
        }

        cluster.Commit(Commands.Make("final", 0), 5, TimeSpan.FromSeconds(10));
        cluster.CheckSafety();
    });

    [Fact]
    public void A_follower_that_crashes_after_persisting_but_before_replying_keeps_the_entries() => Seeds.Run(100, seed =>
    {
        var cluster = new SimulatedCluster(seed, 3);
        var leader = cluster.ExpectOneLeader();
        cluster.Commit(Commands.Make("x", 0), 3);
        var follower = cluster.Members.First(m => m != leader);
        var journal = cluster.JournalOf(follower);
        var held = journal.EntryCount;

        // Stop the follower in the very event in which its journal synced the new entry: the reply that
        // would follow is never sent.
        var tracker = cluster.Propose(leader, Commands.Make("x", 1));
        Assert.True(cluster.RunUntil(() => journal.EntryCount > held, ElectionTimeout), "the follower never persisted the entry");
        cluster.Crash(follower);
        var persisted = journal.Load().Entries[^1];

        cluster.Restart(follower);
        Assert.Equal(persisted.Term, cluster.LogOf(follower)!.TermAt(persisted.Index));
        Assert.True(cluster.RunUntil(() => tracker.Settled, ElectionTimeout * 4), "the proposal never settled");
        cluster.Commit(Commands.Make("x", 2), 3);
        cluster.CheckSafety();
    });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Figure_8_with_crashes_never_breaks_safety(bool unreliable) => Seeds.Run(100, seed =>
    {
        var cluster = new SimulatedCluster(seed, 5);
        cluster.Unreliable = unreliable;
        var up = cluster.Members.Count;
        for (var round = 0; round < 60; round++)
        {
            var leader = cluster.Running.FirstOrDefault(m => cluster.Status(m).Role == RaftRole.Leader);
            if (leader is not null)
            {
                cluster.Propose(leader, Commands.Make("fig8c", round));
            }

            var pause = cluster.Random.Next(100) < 10 ? cluster.Random.Next(150, 600) : cluster.Random.Next(1, 15);
            cluster.RunFor(TimeSpan.FromMilliseconds(pause));
            if (leader is not null && cluster.IsRunning(leader) && cluster.Random.Next(2) == 0)
            {
                cluster.Crash(leader);
                up--;
            }

            if (up < 3)
            {
                var back = cluster.Members.Where(m => !cluster.IsRunning(m)).OrderBy(_ => cluster.Random.Next()).First();
                cluster.Restart(back);
                up++;
            }
        }

        foreach (var member in cluster.Members.Where(m => !cluster.IsRunning(m)).ToList())
        {
            cluster.Restart(member);
        }

        cluster.Unreliable = false;
        cluster.Commit(Commands.Make("fig8c", 1000), 5, TimeSpan.FromSeconds(10));
        cluster.CheckSafety();
    });

    /// <summary>
    /// 30 simulated seconds of random crashes, restarts, disconnections and concurrent proposals; afterwards every
    /// command whose proposer was told it was applied is applied, at that index, by every peer.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Churn_never_loses_an_acknowledged_command(bool unreliable) => Seeds.Run(100, seed =>
    {
        var cluster = new SimulatedCluster(seed, 5);
        cluster.Unreliable = unreliable;
        var trackers = new List<ProposalTracker>();
        var number = 0;
        while (cluster.Now < TimeSpan.FromSeconds(30))
        {
            foreach (var member in cluster.Running.Where(m => cluster.Status(m).Role == RaftRole.Leader).ToList())
            {
                for (var i = 0; i < cluster.Random.Next(1, 4); i++)
                {
                    trackers.Add(cluster.Propose(member, Commands.Make("churn", number++)));
                }
            }

            var victim = cluster.Members[cluster.Random.Next(cluster.Members.Count)];
            switch (cluster.Random.Next(10))
            {
                case 0 when cluster.Running.Count() > 3:
                    cluster.Crash(victim);
                    break;
                case 1 when !cluster.IsRunning(victim):
                    cluster.Restart(victim);
                    break;
                case 2:
                    cluster.Disconnect(victim);
                    break;
                case 3:
                case 4:
                    cluster.Connect(victim);
                    break;
            }

            cluster.RunFor(TimeSpan.FromMilliseconds(cluster.Random.Next(5, 120)));
        }

        foreach (var member in cluster.Members)
        {
            cluster.Connect(member);
            if (!cluster.IsRunning(member))
            {
                cluster.Restart(member);
            }
        }

        cluster.Unreliable = false;
        var last = cluster.Commit(Commands.Make("churn", -1), 5, TimeSpan.FromSeconds(20));
        Assert.True(cluster.RunUntil(() => cluster.Safety.CountApplied(last, cluster.Members) == 5, ElectionTimeout), "not every peer applied the final command");
        var acknowledged = trackers.Where(t => t.Applied is not null).ToList();
        Assert.NotEmpty(acknowledged);
        foreach (var tracker in acknowledged)
        {
            var entry = cluster.Safety.AppliedAt(tracker.Applied!.Index);
            Assert.True(entry is not null && entry.Command.AsSpan().SequenceEqual(tracker.Command), $"acknowledged command at {tracker.Applied.Index} was lost or replaced");
        }

        cluster.CheckSafety();
    });
}
