using Raft.Actors.Core;
using Raft.Actors.Protocol;
using static Raft.Actors.Protocol.RaftProtocol;

namespace Raft.Tests.Core;

/// <summary>
/// Figure 2, rules for leaders: on election a no-op of the new term goes to everyone (§8); on each heartbeat tick an
/// idle follower gets an empty AppendEntries (§5.2); what went unanswered for two ticks is sent again.
/// </summary>
public sealed class LeaderTests
{
    [Fact]
    public void A_new_leader_appends_a_no_op_of_its_term_and_sends_it_to_every_follower_at_once()
    {
        var driver = NodeDriver.Recover(term: 1, terms: [1, 1]);

        var effects = driver.ElectAsLeader();

        EffectAssert.Exactly(effects,
            "CancelTimer election",
            "StartHeartbeatTimer 50ms",
            "RoleChanged Leader term 2 leader n1",
            "Send n2 AppendEntries(term 2, prev 2@1, [3@2 noop], commit 0)",
            "Send n3 AppendEntries(term 2, prev 2@1, [3@2 noop], commit 0)",
            "Persist #2: Append [3@2 noop]");
    }

    [Fact]
    public void A_leader_heartbeats_on_a_tick_each_follower_it_sent_nothing_since_the_last_tick()
    {
        var driver = NodeDriver.Start();
        var elected = driver.ElectAsLeader();
        driver.CompleteWrite();
        driver.Accept("n2", NodeDriver.SentTo<AppendEntries>(elected, "n2"));
        driver.Accept("n3", NodeDriver.SentTo<AppendEntries>(elected, "n3"));

        EffectAssert.None(driver.Step(RaftTimer.HeartbeatTick));
        EffectAssert.Exactly(driver.Step(RaftTimer.HeartbeatTick),
            "Send n2 AppendEntries(term 1, prev 1@1, [], commit 1)",
            "Send n3 AppendEntries(term 1, prev 1@1, [], commit 1)");
        EffectAssert.Exactly(driver.Step(RaftTimer.HeartbeatTick),
            "Send n2 AppendEntries(term 1, prev 1@1, [], commit 1)",
            "Send n3 AppendEntries(term 1, prev 1@1, [], commit 1)");
    }

    [Fact]
    public void A_follower_that_was_sent_entries_since_the_last_tick_gets_no_heartbeat()
    {
        var driver = NodeDriver.Start();
        var elected = driver.ElectAsLeader();
        driver.CompleteWrite();
        driver.Accept("n2", NodeDriver.SentTo<AppendEntries>(elected, "n2"));
        driver.Accept("n3", NodeDriver.SentTo<AppendEntries>(elected, "n3"));
        driver.Step(RaftTimer.HeartbeatTick);

        driver.Propose("x");
        var sent = driver.Flush();
        driver.Accept("n2", NodeDriver.SentTo<AppendEntries>(sent, "n2"));
        driver.Accept("n3", NodeDriver.SentTo<AppendEntries>(sent, "n3"));

        EffectAssert.None(driver.Step(RaftTimer.HeartbeatTick));
    }

    [Fact]
    public void A_probe_unanswered_for_two_ticks_is_sent_again_as_it_was()
    {
        var driver = NodeDriver.Start();
        driver.ElectAsLeader();
        driver.CompleteWrite();

        EffectAssert.None(driver.Step(RaftTimer.HeartbeatTick));
        EffectAssert.Exactly(driver.Step(RaftTimer.HeartbeatTick),
            "Send n2 AppendEntries(term 1, prev 0@0, [1@1 noop], commit 0)",
            "Send n3 AppendEntries(term 1, prev 0@0, [1@1 noop], commit 0)");
    }

    [Fact]
    public void Entries_unanswered_for_two_ticks_are_sent_again_from_after_the_match_index()
    {
        var driver = NodeDriver.Start(options: new RaftOptions { MaxEntriesPerAppend = 1 });
        var elected = driver.ElectAsLeader();
        driver.CompleteWrite();
        driver.Accept("n2", NodeDriver.SentTo<AppendEntries>(elected, "n2"));
        driver.Accept("n3", NodeDriver.SentTo<AppendEntries>(elected, "n3"));
        driver.Propose("a", "b");
        var sent = driver.Flush();
        driver.Accept("n3", sent.OfType<RaftEffect.Send>().Where(s => s.To == "n3").Select(s => (AppendEntries)s.Message).Last());

        EffectAssert.None(driver.Step(RaftTimer.HeartbeatTick));
        EffectAssert.Exactly(driver.Step(RaftTimer.HeartbeatTick),
            "Send n2 AppendEntries(term 1, prev 1@1, [2@1], commit 1)",
            "Send n3 AppendEntries(term 1, prev 3@1, [], commit 1)");
    }

    [Fact]
    public void A_leader_refuses_its_vote_to_another_candidate_of_its_term()
    {
        var driver = NodeDriver.Start();
        driver.ElectAsLeader();
        driver.CompleteWrite();

        EffectAssert.Exactly(driver.Step(new RequestVote(1, "n2", 5, 1)), "Send n2 RequestVoteResult(term 1, refused)");
        Assert.Equal(RaftRole.Leader, driver.Node.Role);
    }

    [Fact]
    public void A_second_leader_in_the_same_term_is_reported_as_an_election_safety_violation()
    {
        var driver = NodeDriver.Start();
        driver.ElectAsLeader();

        var error = Assert.Throws<InvalidOperationException>(() => driver.Step(new AppendEntries(1, "n2", 0, 0, [], 0)));

        Assert.Equal("Election safety violated: 'n1' and 'n2' both lead term 1.", error.Message);
    }

    [Fact]
    public void A_leader_ignores_replies_of_an_older_term_and_from_members_outside_the_group()
    {
        var driver = NodeDriver.Recover(term: 1);
        driver.ElectAsLeader();
        driver.CompleteWrite();

        EffectAssert.None(driver.Step(new AppendEntriesResult(1, "n2", Success: true, 0, 1, 0, 0, 1)));
        EffectAssert.None(driver.Step(new AppendEntriesResult(2, "n9", Success: true, 0, 1, 0, 0, 1)));
        Assert.Equal(0, driver.Node.CommitIndex);
    }

    [Fact]
    public void A_higher_term_from_a_member_outside_the_group_does_not_depose_the_leader()
    {
        var driver = NodeDriver.Start();
        driver.ElectAsLeader();
        driver.CompleteWrite();

        EffectAssert.None(driver.Step(new AppendEntriesResult(7, "n9", Success: false, 0, 0, 0, 0, 0)));
        Assert.Equal(RaftRole.Leader, driver.Node.Role);
        Assert.Equal(1, driver.Node.CurrentTerm);
    }
}
