using Raft.Actors.Core;
using Raft.Actors.Protocol;
using static Raft.Actors.Protocol.RaftProtocol;

namespace Raft.Tests.Core;

/// <summary>
/// PreVote (thesis §9.6): a member whose election timer fires asks whether it could win before it raises its term;
/// a pre-vote changes no one's term or vote and waits for no write.
/// </summary>
public sealed class PreVoteTests
{
    [Fact]
    public void A_follower_whose_election_timer_fires_asks_for_pre_votes_of_the_next_term_without_changing_its_term_or_vote()
    {
        var driver = NodeDriver.Recover(term: 4, votedFor: "n2", terms: [3, 4]);

        var effects = driver.Step(RaftTimer.ElectionTimeout);

        EffectAssert.Exactly(effects,
            "StartElectionTimer",
            "Send n2 PreVote(term 5, last 2@4)",
            "Send n3 PreVote(term 5, last 2@4)");
        Assert.Equal((RaftRole.Follower, 4L), (driver.Node.Role, driver.Node.CurrentTerm));
        Assert.Null(driver.Outstanding);
    }

    [Fact]
    public void A_majority_of_pre_votes_starts_a_real_election_in_the_next_term()
    {
        var driver = NodeDriver.Recover(term: 4);
        driver.Step(RaftTimer.ElectionTimeout);

        var effects = driver.Step(new PreVoteResult(5, "n3", VoteGranted: true, VoterTerm: 4));

        EffectAssert.Exactly(effects,
            "StartElectionTimer",
            "RoleChanged Candidate term 5 leader none",
            "Persist #1: HardState(5, n1)");
        EffectAssert.Exactly(driver.CompleteWrite(),
            "Send n2 RequestVote(term 5, last 0@0)",
            "Send n3 RequestVote(term 5, last 0@0)");
    }

    [Fact]
    public void Refusals_repeats_and_pre_votes_of_another_round_do_not_count()
    {
        var driver = NodeDriver.Recover(term: 4, members: 5);
        driver.Step(RaftTimer.ElectionTimeout);

        EffectAssert.None(driver.Step(new PreVoteResult(5, "n2", VoteGranted: false, VoterTerm: 4)));
        EffectAssert.None(driver.Step(new PreVoteResult(4, "n3", VoteGranted: true, VoterTerm: 4)));
        EffectAssert.None(driver.Step(new PreVoteResult(5, "n4", VoteGranted: true, VoterTerm: 4)));
        EffectAssert.None(driver.Step(new PreVoteResult(5, "n4", VoteGranted: true, VoterTerm: 4)));
        EffectAssert.None(driver.Step(new PreVoteResult(5, "n9", VoteGranted: true, VoterTerm: 4)));

        Assert.Equal((RaftRole.Follower, 4L), (driver.Node.Role, driver.Node.CurrentTerm));
        Assert.Equal(RaftRole.Candidate, Role(driver.Step(new PreVoteResult(5, "n5", VoteGranted: true, VoterTerm: 4))));
    }

    [Fact]
    public void A_member_grants_a_pre_vote_at_once_without_changing_its_term_vote_or_timer()
    {
        var driver = NodeDriver.Recover(term: 4, votedFor: "n3", terms: [3, 4]);

        var effects = driver.Step(new PreVote(5, "n2", LastLogIndex: 2, LastLogTerm: 4));

        EffectAssert.Exactly(effects, "Send n2 PreVoteResult(term 5, granted, voter term 4)");
        Assert.Equal(4, driver.Node.CurrentTerm);
        Assert.Null(driver.Outstanding);
    }

    [Fact]
    public void A_pre_vote_is_refused_to_a_candidate_whose_log_is_behind_or_for_a_term_it_could_not_win()
    {
        var driver = NodeDriver.Recover(term: 4, votedFor: "n3", terms: [3, 4]);

        EffectAssert.Exactly(driver.Step(new PreVote(5, "n2", LastLogIndex: 5, LastLogTerm: 3)), "Send n2 PreVoteResult(term 5, refused, voter term 4)");
        EffectAssert.Exactly(driver.Step(new PreVote(4, "n2", LastLogIndex: 2, LastLogTerm: 4)), "Send n2 PreVoteResult(term 4, refused, voter term 4)");
        EffectAssert.Exactly(driver.Step(new PreVote(3, "n2", LastLogIndex: 2, LastLogTerm: 4)), "Send n2 PreVoteResult(term 3, refused, voter term 4)");
        EffectAssert.Exactly(driver.Step(new PreVote(4, "n3", LastLogIndex: 2, LastLogTerm: 4)), "Send n3 PreVoteResult(term 4, granted, voter term 4)");
    }

    [Fact]
    public void A_follower_that_heard_from_the_leader_within_the_minimum_election_timeout_refuses_pre_votes_until_it_has_passed()
    {
        var driver = NodeDriver.Recover(term: 4);
        driver.Step(new AppendEntries(4, "n2", 0, 0, [], LeaderCommit: 0));

        EffectAssert.Exactly(driver.Step(new PreVote(5, "n3", 0, 0)), "Send n3 PreVoteResult(term 5, refused, voter term 4)");

        // The first part of the timer (the minimum election timeout) runs out: the leader no longer counts as current.
        EffectAssert.Exactly(driver.Step(RaftTimer.ElectionTimeout), "StartElectionTimer");
        EffectAssert.Exactly(driver.Step(new PreVote(5, "n3", 0, 0)), "Send n3 PreVoteResult(term 5, granted, voter term 4)");
        Assert.Equal("n2", driver.Node.LeaderId);
    }

    [Fact]
    public void A_leader_refuses_pre_votes_and_keeps_its_term_whatever_term_they_propose()
    {
        var driver = NodeDriver.Recover(term: 1);
        driver.ElectAsLeader();

        var effects = driver.Step(new PreVote(9, "n3", 10, 8));

        EffectAssert.Exactly(effects, "Send n3 PreVoteResult(term 9, refused, voter term 2)");
        Assert.Equal((RaftRole.Leader, 2L), (driver.Node.Role, driver.Node.CurrentTerm));
    }

    [Fact]
    public void A_pre_vote_answer_adopts_the_voters_own_higher_term_but_never_the_proposed_one()
    {
        var driver = NodeDriver.Recover(term: 4);
        driver.Step(RaftTimer.ElectionTimeout);

        driver.Step(new PreVoteResult(9, "n2", VoteGranted: true, VoterTerm: 4));
        Assert.Equal(4, driver.Node.CurrentTerm);

        driver.Step(new PreVoteResult(5, "n3", VoteGranted: false, VoterTerm: 7));
        Assert.Equal((RaftRole.Follower, 7L), (driver.Node.Role, driver.Node.CurrentTerm));
        Assert.Equal(RaftRole.Follower, Role(driver.Step(new PreVoteResult(5, "n2", VoteGranted: true, VoterTerm: 4))));
    }

    [Fact]
    public void A_candidate_whose_election_times_out_asks_for_pre_votes_again_instead_of_raising_its_term()
    {
        var driver = NodeDriver.Recover(term: 4);
        driver.Step(RaftTimer.ElectionTimeout);
        driver.Step(new PreVoteResult(5, "n2", VoteGranted: true, VoterTerm: 4));
        driver.CompleteWrite();

        var effects = driver.Step(RaftTimer.ElectionTimeout);

        EffectAssert.Exactly(effects,
            "StartElectionTimer",
            "RoleChanged Follower term 5 leader none",
            "Send n2 PreVote(term 6, last 0@0)",
            "Send n3 PreVote(term 6, last 0@0)");
        Assert.Equal(5, driver.Node.CurrentTerm);
    }

    [Fact]
    public void A_pre_candidate_that_hears_from_a_leader_stops_counting_pre_votes()
    {
        var driver = NodeDriver.Recover(term: 4);
        driver.Step(RaftTimer.ElectionTimeout);
        driver.Step(new AppendEntries(4, "n3", 0, 0, [], LeaderCommit: 0));

        EffectAssert.None(driver.Step(new PreVoteResult(5, "n2", VoteGranted: true, VoterTerm: 4)));
        Assert.Equal(("n3", RaftRole.Follower), (driver.Node.LeaderId, driver.Node.Role));
    }

    [Fact]
    public void A_single_member_group_wins_its_own_pre_vote_and_leads()
    {
        var driver = NodeDriver.Start(members: 1);

        driver.Step(RaftTimer.ElectionTimeout);
        driver.CompleteWrite();

        Assert.Equal((RaftRole.Leader, 1L), (driver.Node.Role, driver.Node.CurrentTerm));
    }

    private static RaftRole? Role(IEnumerable<RaftEffect> effects) =>
        effects.OfType<RaftEffect.RoleChanged>().Select(r => (RaftRole?)r.Role).LastOrDefault() ?? RaftRole.Follower;
}
