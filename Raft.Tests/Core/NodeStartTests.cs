using Raft.Actors.Core;
using Raft.Actors.Protocol;

namespace Raft.Tests.Core;

/// <summary>What a member does first, from an empty or a recovered journal, and how it draws its election timeouts.</summary>
public sealed class NodeStartTests
{
    [Fact]
    public void A_fresh_member_starts_as_follower_of_term_0_with_its_election_timer_running()
    {
        var driver = NodeDriver.Start();

        EffectAssert.Exactly(driver.StartEffects,
            "StartElectionTimer",
            "RoleChanged Follower term 0 leader none");
        Assert.Equal(RaftRole.Follower, driver.Node.Role);
    }

    [Fact]
    public void A_member_restores_its_recovered_snapshot_first_and_counts_only_that_as_committed()
    {
        var snapshot = new SnapshotRecord(5, 2, [1, 2, 3]);

        var driver = NodeDriver.Recover(term: 2, votedFor: "n3", terms: [2, 2], snapshot: snapshot);

        EffectAssert.Exactly(driver.StartEffects,
            "RestoreSnapshot 5@2 (3 bytes)",
            "StartElectionTimer",
            "RoleChanged Follower term 2 leader none");
        Assert.Same(snapshot, Assert.IsType<RaftEffect.RestoreSnapshot>(driver.StartEffects[0]).Snapshot);
        Assert.Equal(5, driver.Node.CommitIndex);
        Assert.Equal(7, driver.Node.Log.LastIndex);
    }

    [Fact]
    public void A_recovered_vote_still_binds_the_member_in_that_term()
    {
        var driver = NodeDriver.Recover(term: 4, votedFor: "n2");

        EffectAssert.Exactly(driver.Step(new RaftProtocol.RequestVote(4, "n3", 0, 0)), "Send n3 RequestVoteResult(term 4, refused)");
    }

    [Fact]
    public void Election_timeouts_are_drawn_between_the_minimum_and_the_maximum_and_a_seed_replays_them()
    {
        var options = new RaftOptions { ElectionTimeoutMin = TimeSpan.FromMilliseconds(150), ElectionTimeoutMax = TimeSpan.FromMilliseconds(300), PreVote = false };

        var first = Timeouts(NodeDriver.Start(options: options, seed: 7));
        var replay = Timeouts(NodeDriver.Start(options: options, seed: 7));
        var other = Timeouts(NodeDriver.Start(options: options, seed: 8));

        Assert.All(first, t => Assert.InRange(t, options.ElectionTimeoutMin, options.ElectionTimeoutMax - TimeSpan.FromTicks(1)));
        Assert.Equal(first, replay);
        Assert.NotEqual(first, other);
        Assert.True(first.Distinct().Count() > 1, "every reset draws afresh: " + string.Join(", ", first));
    }

    /// <summary>The timeouts armed at start and at each of ten elections that time out.</summary>
    private static List<TimeSpan> Timeouts(NodeDriver driver)
    {
        var effects = driver.StartEffects.ToList();
        for (var i = 0; i < 10; i++)
        {
            effects.AddRange(driver.Step(RaftTimer.ElectionTimeout));
            effects.AddRange(driver.CompleteWrite());
        }

        return effects.OfType<RaftEffect.StartElectionTimer>().Select(t => t.Timeout).ToList();
    }
}
