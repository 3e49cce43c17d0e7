using Raft.Actors.Core;
using Raft.Actors.Protocol;
using static Raft.Actors.Protocol.RaftProtocol;

namespace Raft.Tests.Core;

/// <summary>
/// Figure 2, rules for all servers: a message of a higher term makes a member adopt it, forget its vote and follow,
/// before the message itself is handled; entries past lastApplied that are committed go to the state machine.
/// </summary>
public sealed class AllServersRuleTests
{
    [Fact]
    public void A_follower_that_sees_a_higher_term_adopts_it_and_forgets_its_vote()
    {
        var driver = NodeDriver.Recover(term: 3, votedFor: "n2");

        var effects = driver.Step(new RequestVoteResult(5, "n3", VoteGranted: false));

        EffectAssert.Exactly(effects,
            "RoleChanged Follower term 5 leader none",
            "Persist #1: HardState(5, none)");
        Assert.Equal(5, driver.Node.CurrentTerm);

        driver.CompleteWrite();
        driver.Step(new RequestVote(5, "n3", 0, 0));
        EffectAssert.Exactly(driver.CompleteWrite(), "Send n3 RequestVoteResult(term 5, granted)");
    }

    [Fact]
    public void A_follower_that_sees_a_higher_term_forgets_the_leader_of_the_old_one()
    {
        var driver = NodeDriver.Recover(term: 1, options: NodeDriver.Figure2);
        driver.Step(new AppendEntries(1, "n2", 0, 0, [], 0));
        Assert.Equal("n2", driver.Node.LeaderId);

        var effects = driver.Step(new RequestVote(2, "n3", 0, 0));

        Assert.Contains("RoleChanged Follower term 2 leader none", effects.Lines());
        Assert.Null(driver.Node.LeaderId);
        Assert.Null(driver.Node.Propose([[1]]).LeaderId);
    }

    [Fact]
    public void A_candidate_that_sees_a_higher_term_steps_down_to_follower()
    {
        var driver = NodeDriver.Start(options: NodeDriver.Figure2);
        driver.Step(RaftTimer.ElectionTimeout);
        driver.CompleteWrite();

        var effects = driver.Step(new AppendEntriesResult(2, "n2", Success: false, 0, 0, 0, 0, 0));

        EffectAssert.Exactly(effects,
            "StartElectionTimer",
            "RoleChanged Follower term 2 leader none",
            "Persist #2: HardState(2, none)");
        Assert.Equal(RaftRole.Follower, driver.Node.Role);
    }

    [Fact]
    public void A_leader_that_sees_a_higher_term_stops_its_heartbeats_reports_lost_leadership_and_follows()
    {
        var driver = NodeDriver.Start();
        driver.ElectAsLeader();
        driver.CompleteWrite();

        var effects = driver.Step(new RequestVoteResult(2, "n3", VoteGranted: false));

        EffectAssert.Exactly(effects,
            "CancelTimer heartbeat",
            "LeadershipLost term 1",
            "StartElectionTimer",
            "RoleChanged Follower term 2 leader none",
            "Persist #3: HardState(2, none)");
        EffectAssert.None(driver.Step(RaftTimer.HeartbeatTick));
    }

    [Fact]
    public void A_higher_term_and_the_vote_granted_in_it_are_journaled_in_one_write()
    {
        var driver = NodeDriver.Recover(term: 1, votedFor: "n1");

        var effects = driver.Step(new RequestVote(2, "n2", 0, 0));

        EffectAssert.Exactly(effects,
            "RoleChanged Follower term 2 leader none",
            "StartElectionTimer",
            "Persist #1: HardState(2, none); HardState(2, n2)");
    }

    [Fact]
    public void A_message_of_the_current_or_an_older_term_leaves_the_term_alone()
    {
        var driver = NodeDriver.Recover(term: 3, votedFor: "n2");

        EffectAssert.None(driver.Step(new RequestVoteResult(3, "n3", VoteGranted: true)));
        EffectAssert.None(driver.Step(new AppendEntriesResult(2, "n3", Success: true, 0, 0, 0, 0, 0)));
        Assert.Equal(3, driver.Node.CurrentTerm);
    }

    [Fact]
    public void Committed_entries_are_handed_to_the_state_machine_in_order_and_once()
    {
        var driver = NodeDriver.Recover(term: 1);

        var first = driver.Step(new AppendEntries(1, "n2", 0, 0, Logs.Entries(1, 1, 1, 1), LeaderCommit: 2));
        EffectAssert.Exactly(first,
            "StartElectionTimer",
            "RoleChanged Follower term 1 leader n2",
            "Persist #1: Append [1@1, 2@1, 3@1]",
            "Apply [1@1, 2@1]");
        driver.CompleteWrite();

        var second = driver.Step(new AppendEntries(1, "n2", 3, 1, [], LeaderCommit: 3));
        EffectAssert.Exactly(second,
            "StartElectionTimer",
            "Send n2 AppendEntriesResult(term 1, ok, prev 3, match 3, last 3)",
            "Apply [3@1]");

        var again = driver.Step(new AppendEntries(1, "n2", 3, 1, [], LeaderCommit: 3));
        EffectAssert.Exactly(again,
            "StartElectionTimer",
            "Send n2 AppendEntriesResult(term 1, ok, prev 3, match 3, last 3)");
    }
}
