using Raft.Actors.Protocol;
using Raft.Actors.Core;
using Raft.Actors.TestKit;
using Raft.Actors.TestKit.Scenarios;
using Raft.Actors.TestKit.Simulation;

namespace Raft.Tests.Scenarios;

/// <summary>Snapshots, log compaction and InstallSnapshot (§7) on the simulated cluster, each across many seeds.</summary>
public sealed class SnapshotScenarios
{
    private const int Threshold = 20;

    // Entries that may sit in a log beyond the policy threshold: those applied since the last snapshot was
    // requested but not yet durable, plus those committed and not yet applied.
    private const int Margin = 12;

    private static readonly TimeSpan ElectionTimeout = TimeSpan.FromMilliseconds(300);

    [Fact]
    public void Logs_stay_bounded_by_the_snapshot_policy_in_memory_and_in_the_journal() => Seeds.Run(100, seed =>
    {
        var cluster = new SimulatedCluster(seed, 3, Settings());
        cluster.ExpectOneLeader();
        for (var i = 0; i < 120; i++)
        {
            cluster.Commit(Commands.Make("s", i), 3);
            foreach (var member in cluster.Running)
            {
                Assert.True(cluster.LogOf(member)!.Count <= Threshold + Margin, $"{member} holds {cluster.LogOf(member)!.Count} entries in memory after command {i}");
                Assert.True(cluster.JournalOf(member).EntryCount <= Threshold + Margin, $"{member}'s journal holds {cluster.JournalOf(member).EntryCount} entries after command {i}");
            }
        }

        Assert.All(cluster.Members, m => Assert.True(cluster.LogOf(m)!.SnapshotIndex > 100, $"{m} never compacted"));
        AssertSameState(cluster);
        cluster.CheckSafety();
    });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_follower_cut_off_long_enough_catches_up_through_a_snapshot(bool unreliable) => Seeds.Run(100, seed =>
    {
        var cluster = new SimulatedCluster(seed, 3, Settings());
        cluster.Unreliable = unreliable;
        var leader = cluster.ExpectOneLeader(within: TimeSpan.FromSeconds(10));
        var follower = cluster.Members.First(m => m != leader);
        cluster.Disconnect(follower);
        Clients.ProposeUntilApplied(cluster, Enumerable.Range(0, 80).Select(i => Commands.Make("lag", i)).ToList(), TimeSpan.FromSeconds(60));

        // Followers learn the commit index from the next AppendEntries, then snapshot and compact.
        var others = cluster.Members.Where(m => m != follower).ToList();
        Assert.True(
            cluster.RunUntil(() => others.All(m => cluster.LogOf(m)!.SnapshotIndex > cluster.LogOf(follower)!.LastIndex), TimeSpan.FromSeconds(5)),
            $"{string.Join(",", others)} did not compact past {follower}'s log (snapshots at {string.Join(",", others.Select(m => cluster.LogOf(m)!.SnapshotIndex))}, its last index {cluster.LogOf(follower)!.LastIndex})");

        cluster.Connect(follower);
        cluster.Unreliable = false;
        var last = cluster.Commit(Commands.Make("lag", 80), 3, TimeSpan.FromSeconds(10));
        Assert.True(cluster.RunUntil(() => cluster.Safety.LastAppliedBy(follower) >= last, ElectionTimeout), $"{follower} did not catch up");
        Assert.True(cluster.LogOf(follower)!.SnapshotIndex > 0, $"{follower} caught up without installing a snapshot");
        AssertSameState(cluster);
        cluster.CheckSafety();
    });

    [Fact]
    public void A_crashed_follower_catches_up_through_a_snapshot_after_restarting() => Seeds.Run(100, seed =>
    {
        var cluster = new SimulatedCluster(seed, 3, Settings());
        var leader = cluster.ExpectOneLeader();
        var follower = cluster.Members.First(m => m != leader);
        cluster.Commit(Commands.Make("c", 0), 3);
        cluster.Crash(follower);
        for (var i = 1; i < 60; i++)
        {
            cluster.Commit(Commands.Make("c", i), 2);
        }

        cluster.Restart(follower);
        var last = cluster.Commit(Commands.Make("c", 60), 3);
        Assert.True(cluster.RunUntil(() => cluster.Safety.LastAppliedBy(follower) >= last, ElectionTimeout), $"{follower} did not catch up");
        AssertSameState(cluster);
        cluster.CheckSafety();
    });

    [Fact]
    public void Every_peer_restarts_from_its_snapshot_and_replays_only_what_follows() => Seeds.Run(100, seed =>
    {
        var cluster = new SimulatedCluster(seed, 3, Settings());
        cluster.ExpectOneLeader();
        for (var i = 0; i < 50; i++)
        {
            cluster.Commit(Commands.Make("all", i), 3);
        }

        foreach (var member in cluster.Members)
        {
            cluster.Crash(member);
        }

        foreach (var member in cluster.Members)
        {
            var snapshot = cluster.JournalOf(member).Load().Snapshot;
            Assert.NotNull(snapshot);
            cluster.Restart(member);
            Assert.Equal(snapshot.LastIncludedIndex, cluster.LogOf(member)!.SnapshotIndex);
        }

        cluster.Commit(Commands.Make("all", 50), 3);
        AssertSameState(cluster);
        cluster.CheckSafety();
    });

    [Fact]
    public void A_peer_that_crashes_right_after_installing_a_snapshot_recovers_it() => Seeds.Run(100, seed =>
    {
        var cluster = new SimulatedCluster(seed, 3, Settings());
        var leader = cluster.ExpectOneLeader();
        var follower = cluster.Members.First(m => m != leader);
        cluster.Disconnect(follower);
        for (var i = 0; i < 60; i++)
        {
            cluster.Commit(Commands.Make("i", i), 2);
        }

        cluster.Connect(follower);
        var journal = cluster.JournalOf(follower);
        Assert.True(cluster.RunUntil(() => journal.Load().Snapshot is not null, ElectionTimeout * 2), $"{follower} never received the snapshot");
        cluster.Crash(follower);
        var installed = journal.Load().Snapshot!;

        cluster.Restart(follower);
        Assert.Equal(installed.LastIncludedIndex, cluster.LogOf(follower)!.SnapshotIndex);
        Assert.True(cluster.Status(follower).CommitIndex >= installed.LastIncludedIndex);
        var last = cluster.Commit(Commands.Make("i", 60), 3);
        Assert.True(cluster.RunUntil(() => cluster.Safety.LastAppliedBy(follower) >= last, ElectionTimeout), $"{follower} did not catch up");
        AssertSameState(cluster);
        cluster.CheckSafety();
    });

    [Fact]
    public void A_snapshot_of_several_chunks_crosses_an_unreliable_network() => Seeds.Run(100, seed =>
    {
        var settings = Settings(snapshotBallast: 3 << 20);
        settings.Options.SnapshotChunkBytes = 1 << 20;
        settings.Options.Snapshots.EveryEntries = 40;
        var cluster = new SimulatedCluster(seed, 3, settings);
        var leader = cluster.ExpectOneLeader();
        var follower = cluster.Members.First(m => m != leader);
        cluster.Disconnect(follower);
        for (var i = 0; i < 45; i++)
        {
            cluster.Commit(Commands.Make("big", i), 2);
        }

        long chunks = 0;
        cluster.Network.Tap = m => { if (m is RaftProtocol.InstallSnapshot) { chunks++; } };
        cluster.Unreliable = true;
        cluster.Connect(follower);
        Assert.True(cluster.RunUntil(() => cluster.LogOf(follower)!.SnapshotIndex > 0, TimeSpan.FromSeconds(20)), $"{follower} never installed the snapshot");
        Assert.True(chunks >= 4, $"a snapshot of over 3 MiB in 1 MiB chunks took only {chunks} InstallSnapshot messages");

        cluster.Unreliable = false;
        var last = cluster.Commit(Commands.Make("big", 45), 3, TimeSpan.FromSeconds(10));
        Assert.True(cluster.RunUntil(() => cluster.Safety.LastAppliedBy(follower) >= last, ElectionTimeout), $"{follower} did not catch up");
        AssertSameState(cluster);
        cluster.CheckSafety();
    });

    private static ClusterSettings Settings(int snapshotBallast = 0) => new()
    {
        Options = new RaftOptions
        {
            Snapshots = new SnapshotPolicy { EveryEntries = Threshold, EveryBytes = 0 },
        },
        StateMachineFactory = _ => new ChecksumStateMachine(snapshotBallast),
    };

    /// <summary>Peers that applied the same index hold the same state, whether they got there by applying or by restoring.</summary>
    private static void AssertSameState(SimulatedCluster cluster)
    {
        cluster.RunFor(TimeSpan.FromMilliseconds(100));
        var states = cluster.Running
            .Select(m => (Member: m, Machine: (ChecksumStateMachine)cluster.StateMachineOf(m)!))
            .GroupBy(x => x.Machine.LastIndex);
        foreach (var group in states)
        {
            var checksums = group.Select(x => x.Machine.Checksum).Distinct().ToList();
            Assert.True(checksums.Count == 1, $"peers {string.Join(",", group.Select(x => x.Member))} applied through {group.Key} but hold different state");
        }
    }
}
