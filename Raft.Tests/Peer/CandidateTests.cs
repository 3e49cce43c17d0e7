using Raft.Actors.Messages;
using Raft.Actors.Persistence;
using static Raft.Actors.Messages.RaftProtocol;

namespace Raft.Tests.Peer;

/// <summary>The candidate (§5.2): counts each voter once, retries in a new term, and yields to a leader of its term or a newer one.</summary>
public sealed class CandidateTests
{
    [Fact]
    public void Candidate_counts_each_voter_once()
    {
        using var harness = PeerDriver.Start(members: 5);
        var term = harness.ProbeIds.Select(m => harness.Probe(m).ExpectMsg<RequestVote>().Term).Distinct().Single();

        // n1 and n2 are two of five: however often n2's vote arrives, there is no majority.
        for (var i = 0; i < 5; i++)
        {
            harness.Send("n2", new RequestVoteResult(term, "n2", true));
        }

        harness.RunFor(PeerDriver.Hop * 10);
        Assert.Equal(RaftRole.Candidate, harness.Status.Role);
        Assert.All(harness.ProbeIds, m => Assert.True(harness.Probe(m).QueuedCount == 0, $"{m} should hear nothing from a candidate without a majority"));

        harness.Send("n3", new RequestVoteResult(term, "n3", true));
        Assert.All(harness.ProbeIds, m => harness.ExpectAppend(m, hint: "the third voter makes n1 leader"));
        Assert.Equal(RaftRole.Leader, harness.Status.Role);
    }

    [Fact]
    public void Candidate_ignores_refusals_and_votes_of_an_earlier_candidacy()
    {
        using var harness = PeerDriver.Start(options: PeerDriver.FixedTimeoutOptions());
        Assert.Equal(1, harness.Probe("n2").ExpectMsg<RequestVote>().Term);
        Assert.Equal(2, harness.Probe("n2").ExpectMsg<RequestVote>(hint: "the retry in term 2").Term);

        harness.Send("n2", new RequestVoteResult(1, "n2", true));
        harness.Send("n3", new RequestVoteResult(2, "n3", false));
        harness.RunFor(PeerDriver.Hop * 10);

        Assert.Equal(RaftRole.Candidate, harness.Status.Role);
        Assert.Equal(2, harness.Status.Term);
    }

    [Fact]
    public void Candidate_whose_election_times_out_starts_a_new_election_in_the_next_term()
    {
        using var harness = PeerDriver.Start(options: PeerDriver.FixedTimeoutOptions());
        var first = harness.Probe("n2").ExpectMsg<RequestVote>();
        var firstAt = harness.Now;
        Assert.Equal(new RequestVote(1, "n1", 0, 0), first);

        var second = harness.Probe("n2").ExpectMsg<RequestVote>(hint: "a new election once the first times out");

        Assert.Equal(new RequestVote(2, "n1", 0, 0), second);
        Assert.Equal(firstAt + PeerDriver.FixedElectionTimeout, harness.Now);
        Assert.Equal(new HardState(2, "n1"), harness.Journal.Load().HardState);
    }

    [Fact]
    public void Candidate_that_hears_AppendEntries_of_its_own_term_becomes_follower_of_that_leader()
    {
        using var harness = PeerDriver.Start();
        var term = harness.Probe("n2").ExpectMsg<RequestVote>().Term;
        harness.Probe("n3").ExpectMsg<RequestVote>();

        harness.Send("n3", new AppendEntries(term, "n3", 0, 0, [], 0));

        Assert.Equal(new AppendEntriesResult(term, "n1", true, 0, 0, 0, 0, 0), harness.Probe("n3").ExpectMsg<AppendEntriesResult>());
        Assert.Equal((RaftRole.Follower, term, "n3"), (harness.Status.Role, harness.Status.Term, harness.Status.LeaderId));
    }

    [Fact]
    public void Candidate_that_hears_AppendEntries_of_a_higher_term_becomes_follower_in_that_term()
    {
        using var harness = PeerDriver.Start();
        var term = harness.Probe("n2").ExpectMsg<RequestVote>().Term;
        harness.Probe("n3").ExpectMsg<RequestVote>();

        harness.Send("n3", new AppendEntries(term + 3, "n3", 0, 0, [], 0));

        Assert.Equal(new AppendEntriesResult(term + 3, "n1", true, 0, 0, 0, 0, 0), harness.Probe("n3").ExpectMsg<AppendEntriesResult>());
        Assert.Equal((RaftRole.Follower, term + 3, "n3"), (harness.Status.Role, harness.Status.Term, harness.Status.LeaderId));
        Assert.Equal(new HardState(term + 3, null), harness.Journal.Load().HardState);
    }
}
