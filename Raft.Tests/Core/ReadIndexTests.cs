using Raft.Actors.Core;
using Raft.Actors.Protocol;
using static Raft.Actors.Protocol.RaftProtocol;

namespace Raft.Tests.Core;

/// <summary>
/// Linearizable reads without a log write (Raft thesis §6.4): the leader's commit index is the read index once it has
/// committed an entry of its term; a heartbeat round that a majority acknowledges after the read arrived confirms it
/// still leads; a follower gets its read index from the leader (§6.4.1).
/// </summary>
public sealed class ReadIndexTests
{
    [Fact]
    public void A_leader_releases_a_read_at_its_commit_index_once_a_majority_acknowledges_a_round_sent_after_it()
    {
        var driver = ReadDriver.CommittedLeader();

        EffectAssert.Exactly(driver.Read(1), "Send n2 ReadHeartbeat(term 1, round 1)", "Send n3 ReadHeartbeat(term 1, round 1)");
        EffectAssert.Exactly(driver.Step(new ReadHeartbeatResult(1, "n3", 1)), "ReadsReady [1] at 1");
    }

    [Fact]
    public void A_read_index_is_the_commit_index_so_a_read_never_waits_for_entries_not_yet_committed()
    {
        var driver = ReadDriver.CommittedLeader();
        driver.Propose("x");
        driver.Flush();

        driver.Read(1);

        EffectAssert.Exactly(driver.Step(new ReadHeartbeatResult(1, "n3", 1)), "ReadsReady [1] at 1");
    }

    [Fact]
    public void A_new_leader_holds_reads_until_it_has_committed_an_entry_of_its_term()
    {
        var driver = NodeDriver.Start();
        var elected = driver.ElectAsLeader();

        EffectAssert.None(driver.Read(1));
        driver.CompleteWrite();
        var committed = driver.Accept("n2", NodeDriver.SentTo<AppendEntries>(elected, "n2"));

        EffectAssert.Exactly(committed, "Send n2 ReadHeartbeat(term 1, round 1)", "Send n3 ReadHeartbeat(term 1, round 1)", "Apply [1@1 noop]");
        EffectAssert.Exactly(driver.Step(new ReadHeartbeatResult(1, "n2", 1)), "ReadsReady [1] at 1");
    }

    [Fact]
    public void Reads_that_arrive_in_one_burst_share_one_round()
    {
        var driver = ReadDriver.CommittedLeader();

        EffectAssert.Exactly(driver.Read(1, 2, 3), "Send n2 ReadHeartbeat(term 1, round 1)", "Send n3 ReadHeartbeat(term 1, round 1)");
        EffectAssert.Exactly(driver.Step(new ReadHeartbeatResult(1, "n2", 1)), "ReadsReady [1,2,3] at 1");
    }

    [Fact]
    public void An_acknowledgement_of_a_round_sent_before_a_read_does_not_confirm_that_read()
    {
        var driver = ReadDriver.CommittedLeader();
        driver.Read(1);
        driver.Read(2);

        EffectAssert.Exactly(driver.Step(new ReadHeartbeatResult(1, "n2", 1)), "ReadsReady [1] at 1");
        EffectAssert.Exactly(driver.Step(new ReadHeartbeatResult(1, "n2", 2)), "ReadsReady [2] at 1");
    }

    [Fact]
    public void An_acknowledgement_of_a_later_round_confirms_the_earlier_rounds_too()
    {
        var driver = ReadDriver.CommittedLeader();
        driver.Read(1);
        driver.Read(2);

        EffectAssert.Exactly(driver.Step(new ReadHeartbeatResult(1, "n3", 2)), "ReadsReady [1] at 1", "ReadsReady [2] at 1");
    }

    [Fact]
    public void Acknowledgements_of_another_term_or_of_a_round_never_sent_confirm_nothing()
    {
        var driver = ReadDriver.CommittedLeader();
        driver.Read(1);

        EffectAssert.None(driver.Step(new ReadHeartbeatResult(0, "n2", 1)));
        EffectAssert.None(driver.Step(new ReadHeartbeatResult(1, "n2", 9)));
        EffectAssert.None(driver.Step(new ReadHeartbeatResult(1, "stranger", 1)));
    }

    [Fact]
    public void A_round_not_acknowledged_by_the_next_heartbeat_tick_is_sent_again_to_those_that_did_not_answer()
    {
        var driver = ReadDriver.CommittedLeader(members: 5);
        driver.Read(1);
        driver.Step(new ReadHeartbeatResult(1, "n2", 1));

        var resent = ReadDriver.ReadHeartbeats(driver.Step(RaftTimer.HeartbeatTick));

        Assert.Equal(["Send n3 ReadHeartbeat(term 1, round 1)", "Send n4 ReadHeartbeat(term 1, round 1)", "Send n5 ReadHeartbeat(term 1, round 1)"], resent);
    }

    [Fact]
    public void A_leader_that_steps_down_fails_the_reads_it_has_not_confirmed()
    {
        var driver = ReadDriver.CommittedLeader();
        driver.Read(1, 2);

        var effects = driver.Step(new AppendEntries(2, "n2", 1, 1, [], 1));

        EffectAssert.Only<RaftEffect.ReadsFailed>(effects, "ReadsFailed [1,2] LostLeadership leader none");
        EffectAssert.None(driver.Step(new ReadHeartbeatResult(1, "n3", 1)).OfType<RaftEffect.ReadsReady>());
    }

    [Fact]
    public void A_group_of_one_confirms_a_read_at_once()
    {
        var driver = ReadDriver.CommittedLeader(members: 1);

        EffectAssert.Exactly(driver.Read(1), "ReadsReady [1] at 1");
    }

    [Fact]
    public void A_candidate_fails_a_read_at_once_because_it_knows_no_leader()
    {
        var driver = NodeDriver.Start();
        driver.Step(RaftTimer.ElectionTimeout);

        EffectAssert.Exactly(driver.Read(1), "ReadsFailed [1] NoLeader leader none");
    }

    [Fact]
    public void A_follower_answers_a_read_heartbeat_of_its_leader_as_a_heartbeat()
    {
        var driver = NodeDriver.Recover(term: 1);

        var effects = driver.Step(new ReadHeartbeat(1, "n2", 4));

        EffectAssert.Exactly(effects, "StartElectionTimer", "RoleChanged Follower term 1 leader n2", "Send n2 ReadHeartbeatResult(term 1, round 4)");
    }

    [Fact]
    public void A_read_heartbeat_of_a_stale_leader_is_answered_with_the_newer_term_and_changes_nothing()
    {
        var driver = NodeDriver.Recover(term: 2);

        EffectAssert.Exactly(driver.Step(new ReadHeartbeat(1, "n2", 4)), "Send n2 ReadHeartbeatResult(term 2, round 4)");
    }

    [Fact]
    public void A_leader_answered_with_a_newer_term_steps_down_and_fails_its_reads()
    {
        var driver = ReadDriver.CommittedLeader();
        driver.Read(1);

        var effects = driver.Step(new ReadHeartbeatResult(3, "n3", 1));

        Assert.Equal(RaftRole.Follower, driver.Node.Role);
        EffectAssert.Only<RaftEffect.ReadsFailed>(effects, "ReadsFailed [1] LostLeadership leader none");
    }

    [Fact]
    public void A_follower_asks_its_leader_for_a_read_index_and_releases_its_reads_at_it()
    {
        var driver = NodeDriver.Recover(term: 1);
        driver.Step(new ReadHeartbeat(1, "n2", 1));

        EffectAssert.Exactly(driver.Read(1, 2), "Send n2 ReadIndexRequest(term 1, #1)");
        EffectAssert.Exactly(driver.Step(new ReadIndexResult(1, "n2", 1, Granted: true, 7)), "ReadsReady [1,2] at 7");
    }

    [Fact]
    public void A_follower_ignores_a_read_index_it_did_not_ask_its_current_leader_for()
    {
        var driver = NodeDriver.Recover(term: 1);
        driver.Step(new ReadHeartbeat(1, "n2", 1));
        driver.Read(1);

        EffectAssert.None(driver.Step(new ReadIndexResult(1, "n3", 1, Granted: true, 7)));
        EffectAssert.None(driver.Step(new ReadIndexResult(1, "n2", 2, Granted: true, 7)));
    }

    [Fact]
    public void A_follower_fails_the_reads_it_asked_about_when_its_leader_changes()
    {
        var driver = NodeDriver.Recover(term: 1);
        driver.Step(new ReadHeartbeat(1, "n2", 1));
        driver.Read(1);

        var effects = driver.Step(new AppendEntries(2, "n3", 0, 0, [], 0));

        EffectAssert.Only<RaftEffect.ReadsFailed>(effects, "ReadsFailed [1] LostLeadership leader none");
    }

    [Fact]
    public void A_follower_that_knows_no_leader_fails_a_read_at_once()
    {
        var driver = NodeDriver.Recover(term: 1);

        EffectAssert.Exactly(driver.Read(1), "ReadsFailed [1] NoLeader leader none");
    }

    [Fact]
    public void A_refused_read_index_fails_the_follower_reads()
    {
        var driver = NodeDriver.Recover(term: 1);
        driver.Step(new ReadHeartbeat(1, "n2", 1));
        driver.Read(1);

        EffectAssert.Exactly(driver.Step(new ReadIndexResult(1, "n2", 1, Granted: false, 0)), "ReadsFailed [1] LostLeadership leader none");
    }

    [Fact]
    public void A_leader_grants_a_follower_a_read_index_only_after_a_round_confirms_it_still_leads()
    {
        var driver = ReadDriver.CommittedLeader();

        EffectAssert.Exactly(driver.Step(new ReadIndexRequest(1, "n2", 5)), "Send n2 ReadHeartbeat(term 1, round 1)", "Send n3 ReadHeartbeat(term 1, round 1)");
        EffectAssert.Exactly(driver.Step(new ReadHeartbeatResult(1, "n3", 1)), "Send n2 ReadIndexResult(term 1, #5, granted at 1)");
    }

    [Fact]
    public void A_member_that_does_not_lead_refuses_a_read_index()
    {
        var driver = NodeDriver.Recover(term: 1);

        EffectAssert.Exactly(driver.Step(new ReadIndexRequest(1, "n2", 5)), "Send n2 ReadIndexResult(term 1, #5, refused)");
    }

    [Fact]
    public void A_leader_that_steps_down_refuses_the_read_indexes_it_was_asked_for()
    {
        var driver = ReadDriver.CommittedLeader();
        driver.Step(new ReadIndexRequest(1, "n2", 5));

        var effects = driver.Step(new AppendEntries(2, "n3", 1, 1, [], 1));
        effects.AddRange(driver.CompleteWrite());

        Assert.Contains("Send n2 ReadIndexResult(term 2, #5, refused)", effects.Lines());
    }
}
