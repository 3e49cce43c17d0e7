using Akka.TestKit.Xunit2;
using Raft.Actors.Core;
using Raft.Actors.Protocol;
using Raft.Actors.TestKit.Probes;
using Xunit.Abstractions;
using static Raft.Actors.Protocol.RaftProtocol;

namespace Raft.Tests.Peer;

/// <summary>PreVote (thesis §9.6) on the real actor: asking and answering change no term, no vote, and write nothing.</summary>
public sealed class PreVoteTests(ITestOutputHelper output) : TestKit(PeerUnderTest.Config, output)
{
    [Fact]
    public void A_follower_whose_timer_fires_asks_every_member_for_a_pre_vote_and_journals_nothing()
    {
        var peer = PeerDriver.Start(this, term: 4, votedFor: "n2", terms: [3, 4]);

        peer.Advance(peer.Options.ElectionTimeoutMax);

        Assert.All(peer.ProbeIds, m => Assert.Equal(new PreVote(5, "n1", 2, 4), peer.Probe(m).ExpectMsg<PreVote>()));
        var status = peer.Status();
        Assert.Equal((RaftRole.Follower, 4L), (status.Role, status.Term));
        Assert.Equal(new HardState(4, "n2"), peer.Journal.Read().HardState);
    }

    [Fact]
    public void A_majority_of_pre_votes_starts_the_real_election()
    {
        var peer = PeerDriver.Start(this, term: 4);
        peer.Advance(peer.Options.ElectionTimeoutMax);
        Assert.All(peer.ProbeIds, m => peer.Probe(m).ExpectMsg<PreVote>());

        peer.Send("n2", new PreVoteResult(5, "n2", VoteGranted: true, VoterTerm: 4));

        Assert.Equal(new RequestVote(5, "n1", 0, 0), peer.Probe("n3").ExpectMsg<RequestVote>());
        Assert.Equal(new HardState(5, "n1"), peer.Journal.Read().HardState);
    }

    [Fact]
    public void A_follower_answers_a_pre_vote_at_once_without_adopting_its_term()
    {
        var peer = PeerDriver.Start(this, term: 4, terms: [4]);

        peer.Send("n2", new PreVote(9, "n2", 1, 4));
        Assert.Equal(new PreVoteResult(9, "n1", true, 4), peer.Probe("n2").ExpectMsg<PreVoteResult>());
        peer.Send("n3", new PreVote(9, "n3", 0, 0));
        Assert.Equal(new PreVoteResult(9, "n1", false, 4), peer.Probe("n3").ExpectMsg<PreVoteResult>(hint: "a candidate whose log is behind"));

        Assert.Equal(4, peer.Status().Term);
        Assert.Equal(new HardState(4, null), peer.Journal.Read().HardState);
    }

    [Fact]
    public void A_follower_that_hears_from_its_leader_refuses_pre_votes()
    {
        var peer = PeerDriver.Start(this, term: 4);
        peer.Send("n2", new AppendEntries(4, "n2", 0, 0, [], 0));

        peer.Send("n3", new PreVote(5, "n3", 0, 0));

        Assert.Equal(new PreVoteResult(5, "n1", false, 4), peer.Probe("n3").ExpectMsg<PreVoteResult>());
    }
}
