using Raft.Actors.Core;
using Raft.Actors.Protocol;
using static Raft.Actors.Protocol.RaftProtocol;

namespace Raft.Tests.Core;

/// <summary>
/// CheckQuorum (thesis §6.2): a leader that hears from no majority within the minimum election timeout steps down.
/// Leader stickiness (thesis §4.2.3): a member that heard from a current leader within that time ignores vote requests
/// of a higher term, unless a leadership transfer asked for them. The defaults (150 ms minimum election timeout,
/// 50 ms heartbeat) make the window three heartbeat ticks.
/// </summary>
public sealed class CheckQuorumTests
{
    [Fact]
    public void A_leader_that_hears_from_no_follower_for_the_minimum_election_timeout_steps_down_in_its_term()
    {
        var driver = NodeDriver.Recover(term: 1);
        driver.ElectAsLeader();
        driver.CompleteWrite();

        for (var tick = 1; tick <= 3; tick++)
        {
            Assert.DoesNotContain(driver.Step(RaftTimer.HeartbeatTick), e => e is RaftEffect.RoleChanged);
        }

        EffectAssert.Exactly(driver.Step(RaftTimer.HeartbeatTick),
            "CancelTimer heartbeat",
            "LeadershipLost term 2",
            "StartElectionTimer",
            "RoleChanged Follower term 2 leader none");
        Assert.Equal(2, driver.Node.CurrentTerm);
    }

    [Fact]
    public void A_leader_that_hears_from_a_majority_keeps_leading_however_silent_the_others_are()
    {
        var driver = NodeDriver.Recover(term: 1);
        var elected = driver.ElectAsLeader();
        driver.CompleteWrite();
        var heartbeat = NodeDriver.SentTo<AppendEntries>(elected, "n2");

        for (var tick = 0; tick < 20; tick++)
        {
            driver.Accept("n2", heartbeat);
            driver.Step(RaftTimer.HeartbeatTick);
        }

        Assert.Equal(RaftRole.Leader, driver.Node.Role);
    }

    [Fact]
    public void Refusals_count_as_hearing_from_a_follower_but_answers_of_an_older_term_do_not()
    {
        var driver = NodeDriver.Recover(term: 1);
        driver.ElectAsLeader();
        driver.CompleteWrite();

        for (var tick = 0; tick < 10; tick++)
        {
            driver.Step(new AppendEntriesResult(2, "n2", Success: false, PrevLogIndex: 0, 0, 0, 0, 0));
            driver.Step(new AppendEntriesResult(1, "n3", Success: true, PrevLogIndex: 0, 1, 0, 0, 1));
            driver.Step(RaftTimer.HeartbeatTick);
        }

        Assert.Equal(RaftRole.Leader, driver.Node.Role);

        for (var tick = 0; tick < 4; tick++)
        {
            driver.Step(new AppendEntriesResult(1, "n3", Success: true, PrevLogIndex: 0, 1, 0, 0, 1));
            driver.Step(RaftTimer.HeartbeatTick);
        }

        Assert.Equal(RaftRole.Follower, driver.Node.Role);
    }

    [Fact]
    public void Without_CheckQuorum_a_silent_leader_keeps_leading()
    {
        var driver = NodeDriver.Recover(term: 1, options: new RaftOptions { CheckQuorum = false });
        driver.ElectAsLeader();

        for (var tick = 0; tick < 20; tick++)
        {
            driver.Step(RaftTimer.HeartbeatTick);
        }

        Assert.Equal(RaftRole.Leader, driver.Node.Role);
    }

    [Fact]
    public void A_follower_that_heard_from_the_leader_within_the_minimum_election_timeout_ignores_a_higher_term_vote_request()
    {
        var driver = NodeDriver.Recover(term: 3);
        driver.Step(new AppendEntries(3, "n2", 0, 0, [], LeaderCommit: 0));

        EffectAssert.None(driver.Step(new RequestVote(4, "n3", 5, 3)));

        Assert.Equal((3L, "n2"), (driver.Node.CurrentTerm, driver.Node.LeaderId));
    }

    [Fact]
    public void Once_the_leader_has_been_silent_for_the_minimum_election_timeout_the_vote_is_granted()
    {
        var driver = NodeDriver.Recover(term: 3);
        driver.Step(new AppendEntries(3, "n2", 0, 0, [], LeaderCommit: 0));
        driver.Step(RaftTimer.ElectionTimeout);

        driver.Step(new RequestVote(4, "n3", 5, 3));

        EffectAssert.Exactly(driver.CompleteWrite(), "Send n3 RequestVoteResult(term 4, granted)");
    }

    [Fact]
    public void A_leader_ignores_a_higher_term_vote_request_while_it_leads()
    {
        var driver = NodeDriver.Recover(term: 1);
        driver.ElectAsLeader();

        EffectAssert.None(driver.Step(new RequestVote(3, "n3", 10, 2)));

        Assert.Equal((RaftRole.Leader, 2L), (driver.Node.Role, driver.Node.CurrentTerm));
    }

    [Fact]
    public void A_vote_request_of_a_leadership_transfer_overrides_stickiness()
    {
        var driver = NodeDriver.Recover(term: 3);
        driver.Step(new AppendEntries(3, "n2", 0, 0, [], LeaderCommit: 0));

        driver.Step(new RequestVote(4, "n3", 0, 0, LeadershipTransfer: true));

        EffectAssert.Exactly(driver.CompleteWrite(), "Send n3 RequestVoteResult(term 4, granted)");
    }

    [Fact]
    public void After_the_leaders_last_message_the_election_timer_runs_for_the_minimum_timeout_then_for_the_random_rest()
    {
        var driver = NodeDriver.Recover(term: 3, options: new RaftOptions { ElectionTimeoutMin = TimeSpan.FromMilliseconds(150), ElectionTimeoutMax = TimeSpan.FromMilliseconds(300) });

        var heard = driver.Step(new AppendEntries(3, "n2", 0, 0, [], LeaderCommit: 0)).OfType<RaftEffect.StartElectionTimer>().Single();
        var rest = driver.Step(RaftTimer.ElectionTimeout).OfType<RaftEffect.StartElectionTimer>().Single();

        Assert.Equal(TimeSpan.FromMilliseconds(150), heard.Timeout);
        Assert.InRange(rest.Timeout, TimeSpan.Zero, TimeSpan.FromMilliseconds(150) - TimeSpan.FromTicks(1));
        Assert.Equal(RaftRole.Follower, driver.Node.Role);
        Assert.Contains(driver.Step(RaftTimer.ElectionTimeout), e => e is RaftEffect.Send { Message: PreVote });
    }
}
