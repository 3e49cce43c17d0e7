using Raft.Actors.Core;
using Raft.Actors.Protocol;

namespace Raft.Tests.Core;

/// <summary>Figure 2, rules for followers (§5.2): an election timeout with no word from a leader starts an election.</summary>
public sealed class FollowerTests
{
    [Fact]
    public void A_follower_whose_election_timer_fires_becomes_candidate_of_the_next_term_voting_for_itself()
    {
        var driver = NodeDriver.Recover(term: 4, votedFor: "n2", options: NodeDriver.Figure2);

        var effects = driver.Step(RaftTimer.ElectionTimeout);

        EffectAssert.Exactly(effects,
            "StartElectionTimer",
            "RoleChanged Candidate term 5 leader none",
            "Persist #1: HardState(5, n1)");
        Assert.Equal(RaftRole.Candidate, driver.Node.Role);
    }

    [Fact]
    public void A_follower_ignores_a_heartbeat_tick_left_over_from_when_it_led()
    {
        var driver = NodeDriver.Recover(term: 1);

        EffectAssert.None(driver.Step(RaftTimer.HeartbeatTick));
    }

    [Fact]
    public void A_follower_ignores_replies_meant_for_a_candidate_or_a_leader()
    {
        var driver = NodeDriver.Recover(term: 1);

        EffectAssert.None(driver.Step(new RaftProtocol.RequestVoteResult(1, "n2", VoteGranted: true)));
        EffectAssert.None(driver.Step(new RaftProtocol.AppendEntriesResult(1, "n2", Success: true, 0, 0, 0, 0, 0)));
        EffectAssert.None(driver.Step(new RaftProtocol.InstallSnapshotResult(1, "n2", 0, 0, Installed: true)));
        Assert.Equal(RaftRole.Follower, driver.Node.Role);
    }

    [Fact]
    public void Anything_that_is_not_a_raft_message_or_timer_is_ignored()
    {
        var driver = NodeDriver.Recover(term: 1);

        EffectAssert.None(driver.Step("hello"));
    }
}
