using System.Text;
using Raft.Actors.Protocol;
using Raft.Actors.TestKit.Scenarios;
using Raft.Actors.TestKit.Simulation;

namespace Raft.Tests.Simulation;

/// <summary>How a simulated member carries out its node's effects: the journal's sync, crashes, proposers, snapshots.</summary>
public sealed class SimulatedMemberTests
{
    private static readonly TimeSpan SyncDelay = TimeSpan.FromMilliseconds(20);

    [Fact]
    public void A_write_becomes_durable_only_after_the_sync_delay() => Seeds.Run(20, seed =>
    {
        var cluster = new SimulatedCluster(seed, 3, new ClusterSettings { SyncDelay = SyncDelay });
        var leader = cluster.ExpectOneLeader();
        cluster.Commit(Encoding.UTF8.GetBytes("warm"), 3);
        var journal = cluster.JournalOf(leader);
        var durable = journal.LastIndex;

        var tracker = cluster.Propose(leader, Encoding.UTF8.GetBytes("slow"));
        Assert.True(cluster.RunUntil(() => cluster.LogOf(leader)!.LastIndex > durable, TimeSpan.FromMilliseconds(1)), "the leader did not append the proposal");
        var appendedAt = cluster.Now;
        Assert.True(cluster.RunUntil(() => journal.LastIndex > durable, SyncDelay * 2), "the write never became durable");

        Assert.Equal(appendedAt + SyncDelay, cluster.Now);
        Assert.Equal(tracker.Accepted?.Index, journal.LastIndex);
    });

    [Fact]
    public void A_crash_loses_the_outstanding_write_and_a_restart_recovers_what_was_durable() => Seeds.Run(20, seed =>
    {
        var cluster = new SimulatedCluster(seed, 3, new ClusterSettings { SyncDelay = SyncDelay });
        var leader = cluster.ExpectOneLeader();
        var committed = cluster.Commit(Encoding.UTF8.GetBytes("kept"), 3);
        var journal = cluster.JournalOf(leader);

        var lost = cluster.Propose(leader, Encoding.UTF8.GetBytes("lost"));
        Assert.True(cluster.RunUntil(() => lost.Accepted is not null, TimeSpan.FromMilliseconds(1)), "the proposal was not accepted");
        cluster.Crash(leader);
        cluster.RunFor(SyncDelay * 2);

        Assert.Equal(committed, journal.LastIndex);
        cluster.Restart(leader);
        Assert.Equal(committed, cluster.LogOf(leader)!.LastIndex);
        Assert.Equal(cluster.Status(leader).Term, journal.Load().HardState.Term);
        cluster.CheckSafety();
    });

    [Fact]
    public void A_crash_tells_waiting_proposers_that_the_member_stopped() => Seeds.Run(20, seed =>
    {
        var cluster = new SimulatedCluster(seed, 3);
        var leader = cluster.ExpectOneLeader();
        cluster.Partition([leader], cluster.Members.Where(m => m != leader).ToList());
        var tracker = cluster.Propose(leader, Encoding.UTF8.GetBytes("orphan"));
        cluster.RunFor(TimeSpan.FromMilliseconds(10));
        Assert.NotNull(tracker.Accepted);

        cluster.Crash(leader);

        Assert.Equal(ClientProtocol.ProposalFailureReason.Stopped, tracker.Failed?.Reason);
        Assert.Equal(tracker.Accepted.Index, tracker.Failed?.Index);
    });

    [Fact]
    public void A_follower_answers_a_proposal_with_the_leader_it_knows() => Seeds.Run(20, seed =>
    {
        var cluster = new SimulatedCluster(seed, 3);
        var leader = cluster.ExpectOneLeader();
        var follower = cluster.Members.First(m => m != leader);
        Assert.True(cluster.RunUntil(() => cluster.Status(follower).LeaderId == leader, TimeSpan.FromMilliseconds(100)), $"{follower} never heard from {leader}");

        var tracker = cluster.Propose(follower, Encoding.UTF8.GetBytes("misdirected"));
        cluster.RunFor(TimeSpan.Zero);

        Assert.Equal(new ClientProtocol.NotLeader(follower, leader), tracker.NotLeader);
        Assert.Null(tracker.Accepted);
    });

    [Fact]
    public void A_leader_answers_CommandTooLarge_to_a_command_over_the_limit_and_replicates_nothing_of_it() => Seeds.Run(20, seed =>
    {
        var cluster = new SimulatedCluster(seed, 3, new ClusterSettings { Options = new Raft.Actors.Core.RaftOptions { MaxCommandBytes = 8 } });
        var leader = cluster.ExpectOneLeader();
        cluster.Commit(Encoding.UTF8.GetBytes("fits"), 3);

        var tracker = cluster.Propose(leader, new byte[9]);
        cluster.RunFor(TimeSpan.FromMilliseconds(200));

        Assert.Equal(new ClientProtocol.CommandTooLarge(leader, 0, 9, 8), tracker.TooLarge);
        Assert.Null(tracker.Accepted);
        Assert.All(cluster.Members, m => Assert.DoesNotContain(cluster.LogOf(m)!.Range(1, cluster.LogOf(m)!.LastIndex), e => e.Command.Length > 8));
    });

    [Fact]
    public void A_snapshot_on_request_compacts_the_log_and_the_journal() => Seeds.Run(20, seed =>
    {
        var cluster = new SimulatedCluster(seed, 3);
        var leader = cluster.ExpectOneLeader();
        long last = 0;
        for (var i = 0; i < 5; i++)
        {
            last = cluster.Commit(Encoding.UTF8.GetBytes($"c{i}"), 3);
        }

        cluster.TakeSnapshot(leader);
        Assert.True(cluster.RunUntil(() => cluster.LogOf(leader)!.SnapshotIndex >= last, TimeSpan.FromMilliseconds(50)), $"{leader} did not compact through {last}");

        var journal = cluster.JournalOf(leader);
        Assert.Equal(cluster.LogOf(leader)!.SnapshotIndex, journal.SnapshotIndex);
        Assert.Equal(cluster.LogOf(leader)!.Count, journal.EntryCount);
        Assert.True(journal.Compactions > 0, "the journal was never compacted to the node's durable state");
        cluster.CheckSafety();
    });
}
