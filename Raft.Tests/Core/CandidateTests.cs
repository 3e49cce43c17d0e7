using Raft.Actors.Core;
using Raft.Actors.Protocol;
using static Raft.Actors.Protocol.RaftProtocol;

namespace Raft.Tests.Core;

/// <summary>
/// Figure 2, rules for candidates (§5.2): the term and self-vote are durable before RequestVote goes out and before
/// the own vote counts; votes from a majority make a leader; the leader of the term makes a follower; a timeout
/// starts a new election.
/// </summary>
public sealed class CandidateTests
{
    [Fact]
    public void A_candidate_asks_for_votes_only_once_its_term_and_vote_are_durable()
    {
        var driver = NodeDriver.Recover(term: 4, terms: [1, 2, 4], options: NodeDriver.Figure2);

        EffectAssert.Only<RaftEffect.Send>(driver.Step(RaftTimer.ElectionTimeout));

        EffectAssert.Exactly(driver.CompleteWrite(),
            "Send n2 RequestVote(term 5, last 3@4)",
            "Send n3 RequestVote(term 5, last 3@4)");
    }

    [Fact]
    public void A_candidate_counts_its_own_vote_only_once_it_is_durable()
    {
        var driver = NodeDriver.Start(options: NodeDriver.Figure2);
        driver.Step(RaftTimer.ElectionTimeout);

        EffectAssert.None(driver.Step(new RequestVoteResult(1, "n2", VoteGranted: true)));
        Assert.Equal(RaftRole.Candidate, driver.Node.Role);

        EffectAssert.Exactly(driver.CompleteWrite(),
            "Send n2 RequestVote(term 1, last 0@0)",
            "Send n3 RequestVote(term 1, last 0@0)",
            "CancelTimer election",
            "StartHeartbeatTimer 50ms",
            "RoleChanged Leader term 1 leader n1",
            "Send n2 AppendEntries(term 1, prev 0@0, [1@1 noop], commit 0)",
            "Send n3 AppendEntries(term 1, prev 0@0, [1@1 noop], commit 0)",
            "Persist #2: Append [1@1 noop]");
    }

    [Fact]
    public void A_candidate_becomes_leader_with_votes_from_a_majority_counting_each_voter_once()
    {
        var driver = NodeDriver.Start(members: 5, options: NodeDriver.Figure2);
        driver.Step(RaftTimer.ElectionTimeout);
        driver.CompleteWrite();

        EffectAssert.None(driver.Step(new RequestVoteResult(1, "n2", VoteGranted: true)));
        EffectAssert.None(driver.Step(new RequestVoteResult(1, "n2", VoteGranted: true)));
        EffectAssert.None(driver.Step(new RequestVoteResult(1, "n3", VoteGranted: false)));
        EffectAssert.None(driver.Step(new RequestVoteResult(1, "n9", VoteGranted: true)));
        Assert.Equal(RaftRole.Candidate, driver.Node.Role);

        var effects = driver.Step(new RequestVoteResult(1, "n4", VoteGranted: true));

        Assert.Equal(RaftRole.Leader, driver.Node.Role);
        Assert.Contains("RoleChanged Leader term 1 leader n1", effects.Lines());
    }

    [Fact]
    public void A_vote_granted_to_an_earlier_candidacy_does_not_count()
    {
        var driver = NodeDriver.Start(options: NodeDriver.Figure2);
        driver.Step(RaftTimer.ElectionTimeout);
        driver.CompleteWrite();
        driver.Step(RaftTimer.ElectionTimeout);
        driver.CompleteWrite();

        EffectAssert.None(driver.Step(new RequestVoteResult(1, "n2", VoteGranted: true)));
        Assert.Equal(RaftRole.Candidate, driver.Node.Role);
    }

    [Fact]
    public void A_candidate_that_hears_from_the_leader_of_its_term_becomes_its_follower()
    {
        var driver = NodeDriver.Start(options: NodeDriver.Figure2);
        driver.Step(RaftTimer.ElectionTimeout);
        driver.CompleteWrite();

        var effects = driver.Step(new AppendEntries(1, "n2", 0, 0, [], LeaderCommit: 0));

        EffectAssert.Exactly(effects,
            "StartElectionTimer",
            "RoleChanged Follower term 1 leader n2",
            "Send n2 AppendEntriesResult(term 1, ok, prev 0, match 0, last 0)");
    }

    [Fact]
    public void A_candidate_that_hears_from_the_leader_of_an_older_term_stays_candidate()
    {
        var driver = NodeDriver.Recover(term: 2, options: NodeDriver.Figure2);
        driver.Step(RaftTimer.ElectionTimeout);
        driver.CompleteWrite();

        var effects = driver.Step(new AppendEntries(2, "n2", 0, 0, [], LeaderCommit: 0));

        EffectAssert.Exactly(effects, "Send n2 AppendEntriesResult(term 3, rejected, prev 0, conflict term 0 from 0, last 0)");
        Assert.Equal(RaftRole.Candidate, driver.Node.Role);
    }

    [Fact]
    public void A_candidate_refuses_its_vote_to_another_candidate_of_its_term()
    {
        var driver = NodeDriver.Start(options: NodeDriver.Figure2);
        driver.Step(RaftTimer.ElectionTimeout);
        driver.CompleteWrite();

        EffectAssert.Exactly(driver.Step(new RequestVote(1, "n2", 0, 0)), "Send n2 RequestVoteResult(term 1, refused)");
    }

    [Fact]
    public void A_candidate_whose_election_times_out_starts_a_new_one_in_the_next_term()
    {
        var driver = NodeDriver.Start(options: NodeDriver.Figure2);
        driver.Step(RaftTimer.ElectionTimeout);
        driver.CompleteWrite();

        var effects = driver.Step(RaftTimer.ElectionTimeout);

        EffectAssert.Exactly(effects,
            "StartElectionTimer",
            "RoleChanged Candidate term 2 leader none",
            "Persist #2: HardState(2, n1)");
        EffectAssert.Exactly(driver.CompleteWrite(),
            "Send n2 RequestVote(term 2, last 0@0)",
            "Send n3 RequestVote(term 2, last 0@0)");
    }

    [Fact]
    public void A_candidacy_overtaken_by_the_next_before_its_vote_was_durable_never_asks_for_votes()
    {
        var driver = NodeDriver.Start(options: NodeDriver.Figure2);
        driver.Step(RaftTimer.ElectionTimeout);

        EffectAssert.Exactly(driver.Step(RaftTimer.ElectionTimeout),
            "StartElectionTimer",
            "RoleChanged Candidate term 2 leader none");
        EffectAssert.Exactly(driver.CompleteWrite(), "Persist #2: HardState(2, n1)");
        EffectAssert.Exactly(driver.CompleteWrite(),
            "Send n2 RequestVote(term 2, last 0@0)",
            "Send n3 RequestVote(term 2, last 0@0)");
    }
}
