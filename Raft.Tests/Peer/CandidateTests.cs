using Akka.TestKit.Xunit2;
using Raft.Actors.Core;
using Raft.Actors.Protocol;
using Raft.Actors.TestKit.Probes;
using Xunit.Abstractions;
using static Raft.Actors.Protocol.RaftProtocol;

namespace Raft.Tests.Peer;

/// <summary>The candidate (§5.2): counts each voter once, retries in a new term, and yields to a leader of its term or a newer one.</summary>
public sealed class CandidateTests(ITestOutputHelper output) : TestKit(PeerUnderTest.Config, output)
{
    [Fact]
    public void Candidate_counts_each_voter_once()
    {
        var peer = PeerDriver.Start(this, members: 5, options: PeerDriver.Figure2Options());
        peer.Advance(peer.Options.ElectionTimeoutMax);
        var term = peer.ProbeIds.Select(m => peer.Probe(m).ExpectMsg<RequestVote>().Term).Distinct().Single();

        // n1 and n2 are two of five: however often n2's vote arrives, there is no majority.
        for (var i = 0; i < 5; i++)
        {
            peer.Send("n2", new RequestVoteResult(term, "n2", true));
        }

        Assert.Equal(RaftRole.Candidate, peer.Status().Role);
        Assert.All(peer.ProbeIds, m => peer.AssertHeardNothing(m, "a candidate without a majority sends nothing"));

        peer.Send("n3", new RequestVoteResult(term, "n3", true));
        Assert.All(peer.ProbeIds, m => peer.ExpectAppend(m, hint: $"the third voter makes n1 leader, which tells {m}"));
        Assert.Equal(RaftRole.Leader, peer.Status().Role);
    }

    [Fact]
    public void Candidate_ignores_refusals_and_votes_of_an_earlier_candidacy()
    {
        var peer = PeerDriver.Start(this, options: PeerDriver.FixedTimeoutOptions());
        peer.Advance(PeerDriver.FixedElectionTimeout);
        Assert.Equal(1, peer.Probe("n2").ExpectMsg<RequestVote>().Term);
        peer.Advance(PeerDriver.FixedElectionTimeout);
        Assert.Equal(2, peer.Probe("n2").ExpectMsg<RequestVote>(hint: "the retry in term 2").Term);

        peer.Send("n2", new RequestVoteResult(1, "n2", true));
        peer.Send("n3", new RequestVoteResult(2, "n3", false));

        var status = peer.Status();
        Assert.Equal((RaftRole.Candidate, 2L), (status.Role, status.Term));
    }

    [Fact]
    public void Candidate_whose_election_times_out_starts_a_new_election_in_the_next_term()
    {
        var peer = PeerDriver.Start(this, options: PeerDriver.FixedTimeoutOptions());
        peer.Advance(PeerDriver.FixedElectionTimeout);
        Assert.Equal(new RequestVote(1, "n1", 0, 0), peer.Probe("n2").ExpectMsg<RequestVote>());

        peer.Advance(PeerDriver.FixedElectionTimeout - TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, peer.Status().Term);
        peer.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(new RequestVote(2, "n1", 0, 0), peer.Probe("n2").ExpectMsg<RequestVote>(hint: "a new election once the first times out"));
        Assert.Equal(new HardState(2, "n1"), peer.Journal.Read().HardState);
    }

    [Fact]
    public void Candidate_that_hears_AppendEntries_of_its_own_term_becomes_follower_of_that_leader()
    {
        var peer = PeerDriver.Start(this, options: PeerDriver.Figure2Options());
        peer.Advance(peer.Options.ElectionTimeoutMax);
        var term = peer.Probe("n2").ExpectMsg<RequestVote>().Term;
        peer.Probe("n3").ExpectMsg<RequestVote>();

        peer.Send("n3", new AppendEntries(term, "n3", 0, 0, [], 0));

        Assert.Equal(new AppendEntriesResult(term, "n1", true, 0, 0, 0, 0, 0), peer.Probe("n3").ExpectMsg<AppendEntriesResult>());
        var status = peer.Status();
        Assert.Equal((RaftRole.Follower, term, "n3"), (status.Role, status.Term, status.LeaderId));
    }

    [Fact]
    public void Candidate_that_hears_AppendEntries_of_a_higher_term_becomes_follower_in_that_term()
    {
        var peer = PeerDriver.Start(this, options: PeerDriver.Figure2Options());
        peer.Advance(peer.Options.ElectionTimeoutMax);
        var term = peer.Probe("n2").ExpectMsg<RequestVote>().Term;
        peer.Probe("n3").ExpectMsg<RequestVote>();

        peer.Send("n3", new AppendEntries(term + 3, "n3", 0, 0, [], 0));

        Assert.Equal(new AppendEntriesResult(term + 3, "n1", true, 0, 0, 0, 0, 0), peer.Probe("n3").ExpectMsg<AppendEntriesResult>());
        var status = peer.Status();
        Assert.Equal((RaftRole.Follower, term + 3, "n3"), (status.Role, status.Term, status.LeaderId));
        Assert.Equal(new HardState(term + 3, null), peer.Journal.Read().HardState);
    }
}
