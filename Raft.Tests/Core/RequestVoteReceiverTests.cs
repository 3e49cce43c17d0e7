using static Raft.Actors.Protocol.RaftProtocol;

namespace Raft.Tests.Core;

/// <summary>
/// RequestVote receiver (Figure 2, §5.2, §5.4.1): one vote per term, for a candidate whose log is at least as up to
/// date; granting restarts the election timer; the reply leaves only once the vote is durable.
/// </summary>
public sealed class RequestVoteReceiverTests
{
    [Fact]
    public void Rule_1_a_request_of_an_older_term_is_refused_with_the_current_term_and_changes_nothing()
    {
        var driver = NodeDriver.Recover(term: 3);

        var effects = driver.Step(new RequestVote(2, "n2", 0, 0));

        EffectAssert.Exactly(effects, "Send n2 RequestVoteResult(term 3, refused)");
        Assert.Equal(3, driver.Node.CurrentTerm);
    }

    [Fact]
    public void Rule_2_a_member_that_voted_for_another_candidate_in_this_term_refuses_without_restarting_its_timer()
    {
        var driver = NodeDriver.Recover(term: 3, votedFor: "n2");

        var effects = driver.Step(new RequestVote(3, "n3", 0, 0));

        EffectAssert.Exactly(effects, "Send n3 RequestVoteResult(term 3, refused)");
    }

    [Fact]
    public void Rule_2_the_candidate_it_voted_for_is_granted_again_restarting_the_timer_without_another_write()
    {
        var driver = NodeDriver.Recover(term: 3, votedFor: "n2");

        var effects = driver.Step(new RequestVote(3, "n2", 0, 0));

        EffectAssert.Exactly(effects,
            "StartElectionTimer",
            "Send n2 RequestVoteResult(term 3, granted)");
    }

    [Fact]
    public void A_vote_is_sent_only_once_the_term_and_the_vote_are_durable()
    {
        var driver = NodeDriver.Start();

        var granted = driver.Step(new RequestVote(1, "n2", 0, 0));

        EffectAssert.Exactly(granted,
            "RoleChanged Follower term 1 leader none",
            "StartElectionTimer",
            "Persist #1: HardState(1, none); HardState(1, n2)");
        EffectAssert.Exactly(driver.CompleteWrite(), "Send n2 RequestVoteResult(term 1, granted)");
        Assert.Equal(new Raft.Actors.Core.HardState(1, "n2"), driver.Journal.ToRecovery().HardState);
    }

    [Theory]
    [InlineData(10, 1, false)] // an older last term loses however long the log
    [InlineData(2, 2, false)] // the same last term with a shorter log loses
    [InlineData(3, 2, true)] // the same last term and length is as up to date
    [InlineData(4, 2, true)] // the same last term and a longer log wins
    [InlineData(1, 3, true)] // a newer last term wins however short the log
    public void Rule_2_a_vote_goes_only_to_a_candidate_whose_log_is_at_least_as_up_to_date(long lastLogIndex, long lastLogTerm, bool granted)
    {
        var driver = NodeDriver.Recover(term: 2, terms: [1, 1, 2]);

        var effects = driver.Step(new RequestVote(3, "n2", lastLogIndex, lastLogTerm));

        if (granted)
        {
            EffectAssert.Exactly(effects,
                "RoleChanged Follower term 3 leader none",
                "StartElectionTimer",
                "Persist #1: HardState(3, none); HardState(3, n2)");
            EffectAssert.Exactly(driver.CompleteWrite(), "Send n2 RequestVoteResult(term 3, granted)");
        }
        else
        {
            EffectAssert.Exactly(effects,
                "RoleChanged Follower term 3 leader none",
                "Persist #1: HardState(3, none)");
            EffectAssert.Exactly(driver.CompleteWrite(), "Send n2 RequestVoteResult(term 3, refused)");
        }
    }

    [Fact]
    public void A_refused_candidate_does_not_use_up_the_vote_of_the_term()
    {
        var driver = NodeDriver.Recover(term: 2, terms: [1, 1, 2]);
        driver.Step(new RequestVote(3, "n2", LastLogIndex: 2, LastLogTerm: 2));
        EffectAssert.Exactly(driver.CompleteWrite(), "Send n2 RequestVoteResult(term 3, refused)");

        var effects = driver.Step(new RequestVote(3, "n3", LastLogIndex: 3, LastLogTerm: 2));

        EffectAssert.Exactly(effects,
            "StartElectionTimer",
            "Persist #2: HardState(3, n3)");
        EffectAssert.Exactly(driver.CompleteWrite(), "Send n3 RequestVoteResult(term 3, granted)");
    }

    [Fact]
    public void A_request_from_a_member_outside_the_group_is_ignored_whatever_its_term()
    {
        var driver = NodeDriver.Recover(term: 1);

        EffectAssert.None(driver.Step(new RequestVote(1, "n9", 0, 0)));
        EffectAssert.None(driver.Step(new RequestVote(5, "n9", 0, 0)));
        Assert.Equal(1, driver.Node.CurrentTerm);
    }
}
