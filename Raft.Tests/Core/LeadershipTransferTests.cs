using Raft.Actors.Core;
using Raft.Actors.Protocol;
using static Raft.Actors.Protocol.ClientProtocol;
using static Raft.Actors.Protocol.RaftProtocol;

namespace Raft.Tests.Core;

/// <summary>
/// Leadership transfer (thesis §3.10): the leader stops accepting proposals, brings the target up to date, sends it
/// TimeoutNow; the target stands at once; the transfer ends when the target leads, or fails after an election timeout.
/// </summary>
public sealed class LeadershipTransferTests
{
    [Fact]
    public void A_leader_sends_TimeoutNow_at_once_to_a_target_that_holds_its_whole_log_and_refuses_proposals_meanwhile()
    {
        var (driver, term) = LeaderWithFollowersUpToDate();

        Assert.Null(driver.Node.TransferLeadership("n3"));
        var effects = driver.Flush();

        EffectAssert.Exactly(effects, $"Send n3 TimeoutNow(term {term})");
        Assert.Equal(new ProposeResult(Accepted: false, 0, term, LeaderId: null), driver.Propose("x"));
    }

    [Fact]
    public void A_lagging_target_is_brought_up_to_date_first_and_told_to_stand_only_once_it_acknowledged_the_last_entry()
    {
        var driver = NodeDriver.Recover(term: 1);
        var elected = driver.ElectAsLeader();
        driver.CompleteWrite();
        driver.Accept("n2", NodeDriver.SentTo<AppendEntries>(elected, "n2"));
        driver.Propose("a", "b");
        var sent = driver.Flush();
        driver.CompleteWrite();

        Assert.Null(driver.Node.TransferLeadership("n3"));
        EffectAssert.None(driver.Flush());

        var probeAnswer = driver.Accept("n3", NodeDriver.SentTo<AppendEntries>(elected, "n3"));
        Assert.DoesNotContain(probeAnswer, e => e is RaftEffect.Send { Message: TimeoutNow });
        var catchUp = NodeDriver.SentTo<AppendEntries>(probeAnswer, "n3");
        Assert.Equal(3, catchUp.PrevLogIndex + catchUp.Entries.Length);

        EffectAssert.Only<RaftEffect.Send>(driver.Accept("n3", catchUp), "Send n3 TimeoutNow(term 2)");
        Assert.Contains(sent, e => e is RaftEffect.Send { To: "n2" });
    }

    [Fact]
    public void A_follower_told_TimeoutNow_by_its_leader_stands_at_once_without_a_pre_vote_and_says_the_election_is_a_transfer()
    {
        var driver = NodeDriver.Recover(term: 2, terms: [1, 2]);
        driver.Step(new AppendEntries(2, "n2", 2, 2, [], LeaderCommit: 2));

        var effects = driver.Step(new TimeoutNow(2, "n2"));

        EffectAssert.Exactly(effects,
            "StartElectionTimer",
            "RoleChanged Candidate term 3 leader none",
            "Persist #1: HardState(3, n1)");
        EffectAssert.Exactly(driver.CompleteWrite(),
            "Send n2 RequestVote(term 3, last 2@2, transfer)",
            "Send n3 RequestVote(term 3, last 2@2, transfer)");
    }

    [Fact]
    public void A_TimeoutNow_of_an_older_term_or_to_a_candidate_is_ignored()
    {
        var driver = NodeDriver.Recover(term: 3);

        EffectAssert.None(driver.Step(new TimeoutNow(2, "n2")));
        Assert.Equal((RaftRole.Follower, 3L), (driver.Node.Role, driver.Node.CurrentTerm));
    }

    [Fact]
    public void The_old_leader_votes_for_the_target_steps_down_and_reports_success_when_the_target_leads()
    {
        var (driver, term) = LeaderWithFollowersUpToDate();
        driver.Node.TransferLeadership("n3");
        driver.Flush();

        var stepDown = driver.Step(new RequestVote(term + 1, "n3", driver.Node.Log.LastIndex, term, LeadershipTransfer: true));
        Assert.Contains(stepDown, e => e is RaftEffect.LeadershipLost);
        Assert.Equal(RaftRole.Follower, driver.Node.Role);
        EffectAssert.Only<RaftEffect.Send>(driver.CompleteWrite(), $"Send n3 RequestVoteResult(term {term + 1}, granted)");

        var effects = driver.Step(new AppendEntries(term + 1, "n3", driver.Node.Log.LastIndex, term, [], LeaderCommit: 0));

        var ended = Assert.Single(effects.OfType<RaftEffect.LeadershipTransferEnded>());
        Assert.Equal(new LeadershipTransferResult("n3", LeadershipTransferOutcome.Transferred, "n3", term + 1, $"'n3' leads term {term + 1}"), ended.Result);
    }

    [Fact]
    public void A_transfer_whose_target_never_catches_up_fails_after_an_election_timeout_and_the_leader_accepts_proposals_again()
    {
        var driver = NodeDriver.Recover(term: 1);
        var elected = driver.ElectAsLeader();
        driver.CompleteWrite();
        driver.Accept("n2", NodeDriver.SentTo<AppendEntries>(elected, "n2"));
        driver.Node.TransferLeadership("n3");

        // 300 ms maximum election timeout, 50 ms heartbeat: six ticks.
        var ticks = new List<RaftEffect>();
        for (var tick = 0; tick < 5; tick++)
        {
            driver.Accept("n2", new AppendEntries(2, "n1", 1, 2, [], 1));
            ticks.AddRange(driver.Step(RaftTimer.HeartbeatTick));
        }

        Assert.Empty(ticks.OfType<RaftEffect.LeadershipTransferEnded>());
        var ended = Assert.Single(driver.Step(RaftTimer.HeartbeatTick).OfType<RaftEffect.LeadershipTransferEnded>());
        Assert.Equal(LeadershipTransferOutcome.TimedOut, ended.Result.Outcome);
        Assert.Equal(RaftRole.Leader, driver.Node.Role);
        Assert.True(driver.Propose("x").Accepted);
    }

    [Fact]
    public void A_transfer_that_ends_with_another_leader_fails_naming_it()
    {
        var (driver, term) = LeaderWithFollowersUpToDate();
        driver.Node.TransferLeadership("n3");
        driver.Flush();
        driver.Step(new AppendEntriesResult(term + 1, "n2", Success: false, 0, 0, 0, 0, 0));

        var effects = driver.Step(new AppendEntries(term + 1, "n2", 0, 0, [], LeaderCommit: 0));

        var ended = Assert.Single(effects.OfType<RaftEffect.LeadershipTransferEnded>());
        Assert.Equal((LeadershipTransferOutcome.AnotherLeaderElected, "n2"), (ended.Result.Outcome, ended.Result.LeaderId));
    }

    [Fact]
    public void A_request_that_cannot_be_carried_out_is_answered_at_once_with_the_reason()
    {
        var follower = NodeDriver.Recover(term: 2);
        follower.Step(new AppendEntries(2, "n2", 0, 0, [], LeaderCommit: 0));
        var notLeader = follower.Node.TransferLeadership("n3");
        Assert.Equal((LeadershipTransferOutcome.NotLeader, "n2"), (notLeader?.Outcome, notLeader?.LeaderId));

        var (driver, _) = LeaderWithFollowersUpToDate();
        Assert.Equal(LeadershipTransferOutcome.InvalidTarget, driver.Node.TransferLeadership("n1")?.Outcome);
        var stranger = driver.Node.TransferLeadership("n9");
        Assert.Equal(LeadershipTransferOutcome.InvalidTarget, stranger?.Outcome);
        Assert.Contains("'n9' is not a member", stranger?.Detail);

        Assert.Null(driver.Node.TransferLeadership("n3"));
        Assert.Null(driver.Node.TransferLeadership("n3"));
        Assert.Equal(LeadershipTransferOutcome.AnotherTransferInProgress, driver.Node.TransferLeadership("n2")?.Outcome);
    }

    /// <summary>n1 leads; n2 and n3 acknowledged its no-op, which is committed.</summary>
    private static (NodeDriver Driver, long Term) LeaderWithFollowersUpToDate()
    {
        var driver = NodeDriver.Recover(term: 1);
        var elected = driver.ElectAsLeader();
        driver.CompleteWrite();
        driver.Accept("n2", NodeDriver.SentTo<AppendEntries>(elected, "n2"));
        driver.Accept("n3", NodeDriver.SentTo<AppendEntries>(elected, "n3"));
        return (driver, driver.Node.CurrentTerm);
    }
}
