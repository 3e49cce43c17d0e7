using Akka.TestKit.Xunit2;
using Raft.Actors.Core;
using Raft.Actors.TestKit.Probes;
using Xunit.Abstractions;
using static Raft.Actors.Protocol.RaftProtocol;

namespace Raft.Tests.Peer;

/// <summary>RequestVote receiver (Figure 2, §5.2, §5.4.1): one durable vote per term, for an up-to-date candidate only.</summary>
public sealed class VoteTests(ITestOutputHelper output) : TestKit(PeerUnderTest.Config, output)
{
    [Fact]
    public void Follower_grants_one_vote_per_term_and_refuses_a_second_candidate_even_when_it_asks_again()
    {
        var peer = PeerDriver.Start(this);

        peer.Send("n2", new RequestVote(1, "n2", 0, 0));
        Assert.Equal(new RequestVoteResult(1, "n1", true), peer.Probe("n2").ExpectMsg<RequestVoteResult>());

        peer.Send("n3", new RequestVote(1, "n3", 0, 0));
        Assert.Equal(new RequestVoteResult(1, "n1", false), peer.Probe("n3").ExpectMsg<RequestVoteResult>());
        peer.Send("n3", new RequestVote(1, "n3", 0, 0));
        Assert.Equal(new RequestVoteResult(1, "n1", false), peer.Probe("n3").ExpectMsg<RequestVoteResult>(hint: "the re-sent request refused too"));
        Assert.Equal(new HardState(1, "n2"), peer.Journal.Read().HardState);
    }

    [Fact]
    public void Follower_grants_again_the_duplicate_request_of_the_candidate_it_voted_for()
    {
        var peer = PeerDriver.Start(this);

        peer.Send("n2", new RequestVote(1, "n2", 0, 0));
        Assert.Equal(new RequestVoteResult(1, "n1", true), peer.Probe("n2").ExpectMsg<RequestVoteResult>());
        peer.Send("n2", new RequestVote(1, "n2", 0, 0));
        Assert.Equal(new RequestVoteResult(1, "n1", true), peer.Probe("n2").ExpectMsg<RequestVoteResult>(hint: "the duplicate granted again"));
    }

    [Fact]
    public void A_peer_that_recovers_a_vote_refuses_another_candidate_in_that_term()
    {
        var peer = PeerDriver.Start(this, term: 5, votedFor: "n2");

        peer.Send("n3", new RequestVote(5, "n3", 0, 0));
        Assert.Equal(new RequestVoteResult(5, "n1", false), peer.Probe("n3").ExpectMsg<RequestVoteResult>());

        peer.Send("n2", new RequestVote(5, "n2", 0, 0));
        Assert.Equal(new RequestVoteResult(5, "n1", true), peer.Probe("n2").ExpectMsg<RequestVoteResult>(hint: "the candidate it had voted for"));
    }

    [Fact]
    public void Follower_refuses_a_candidate_whose_last_term_is_older_however_long_its_log()
    {
        var peer = PeerDriver.Start(this, term: 2, terms: [1, 1, 2]);

        peer.Send("n2", new RequestVote(3, "n2", LastLogIndex: 10, LastLogTerm: 1));

        Assert.Equal(new RequestVoteResult(3, "n1", false), peer.Probe("n2").ExpectMsg<RequestVoteResult>());
    }

    [Fact]
    public void Follower_refuses_a_candidate_with_the_same_last_term_and_a_shorter_log()
    {
        var peer = PeerDriver.Start(this, term: 2, terms: [1, 1, 2]);

        peer.Send("n2", new RequestVote(3, "n2", LastLogIndex: 2, LastLogTerm: 2));

        Assert.Equal(new RequestVoteResult(3, "n1", false), peer.Probe("n2").ExpectMsg<RequestVoteResult>());
    }

    [Fact]
    public void A_refused_candidate_does_not_use_up_the_vote_of_the_term()
    {
        var peer = PeerDriver.Start(this, term: 2, terms: [1, 1, 2]);

        peer.Send("n2", new RequestVote(3, "n2", LastLogIndex: 2, LastLogTerm: 2));
        Assert.Equal(new RequestVoteResult(3, "n1", false), peer.Probe("n2").ExpectMsg<RequestVoteResult>());

        peer.Send("n3", new RequestVote(3, "n3", LastLogIndex: 3, LastLogTerm: 2));
        Assert.Equal(new RequestVoteResult(3, "n1", true), peer.Probe("n3").ExpectMsg<RequestVoteResult>(hint: "a candidate as up to date, same length"));
        Assert.Equal(new HardState(3, "n3"), peer.Journal.Read().HardState);
    }

    [Fact]
    public void Follower_grants_a_candidate_with_a_higher_last_term_and_a_shorter_log()
    {
        var peer = PeerDriver.Start(this, term: 2, terms: [1, 1, 2]);

        peer.Send("n2", new RequestVote(4, "n2", LastLogIndex: 1, LastLogTerm: 3));

        Assert.Equal(new RequestVoteResult(4, "n1", true), peer.Probe("n2").ExpectMsg<RequestVoteResult>());
    }
}
