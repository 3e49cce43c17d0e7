using Akka.TestKit.Xunit2;
using Raft.Actors.Protocol;
using Raft.Actors.TestKit.Probes;
using Xunit.Abstractions;
using static Raft.Actors.Protocol.ClientProtocol;
using static Raft.Actors.Protocol.RaftProtocol;

namespace Raft.Tests.Peer;

/// <summary>Leadership transfer (thesis §3.10) on the real actor: TimeoutNow out and in, and the transfer's answer.</summary>
public sealed class LeadershipTransferTests(ITestOutputHelper output) : TestKit(PeerUnderTest.Config, output)
{
    [Fact]
    public void A_follower_told_TimeoutNow_by_its_leader_asks_for_votes_at_once_marked_as_a_transfer()
    {
        var peer = PeerDriver.Start(this, term: 2, terms: [2]);
        peer.Send("n2", new AppendEntries(2, "n2", 1, 2, [], 1));
        peer.Probe("n2").ExpectMsg<AppendEntriesResult>();

        peer.Send("n2", new TimeoutNow(2, "n2"));

        Assert.Equal(new RequestVote(3, "n1", 1, 2, LeadershipTransfer: true), peer.Probe("n3").ExpectMsg<RequestVote>());
        Assert.Equal(RaftRole.Candidate, peer.Status().Role);
    }

    [Fact]
    public void A_leader_hands_over_to_an_up_to_date_member_and_answers_once_it_leads()
    {
        var peer = PeerDriver.Start(this);
        var term = peer.ElectAsLeader();
        peer.Accept("n2", peer.ExpectAppend("n2"));
        peer.Accept("n3", peer.ExpectAppend("n3"));
        var client = CreateTestProbe("client");

        peer.Ref.Tell(new TransferLeadership("n2"), client.Ref);

        Assert.Equal(new TimeoutNow(term, "n1"), peer.Probe("n2").ExpectMsg<TimeoutNow>());
        peer.Ref.Tell(new Propose([1]), client.Ref);
        Assert.Equal(new NotLeader("n1", null), client.ExpectMsg<NotLeader>(hint: "no proposals while handing over"));

        peer.Send("n2", new RequestVote(term + 1, "n2", 1, term, LeadershipTransfer: true));
        Assert.True(peer.Probe("n2").ExpectMsg<RequestVoteResult>().VoteGranted);
        peer.Send("n2", new AppendEntries(term + 1, "n2", 1, term, [], 1));

        var result = client.ExpectMsg<LeadershipTransferResult>();
        Assert.Equal((LeadershipTransferOutcome.Transferred, "n2", term + 1), (result.Outcome, result.LeaderId, result.Term));
    }

    [Fact]
    public void A_follower_refuses_a_transfer_at_once_naming_the_leader()
    {
        var peer = PeerDriver.Start(this, term: 2);
        peer.Send("n2", new AppendEntries(2, "n2", 0, 0, [], 0));
        var client = CreateTestProbe("client");

        peer.Ref.Tell(new TransferLeadership("n3"), client.Ref);

        var result = client.ExpectMsg<LeadershipTransferResult>();
        Assert.Equal((LeadershipTransferOutcome.NotLeader, "n2"), (result.Outcome, result.LeaderId));
    }
}
