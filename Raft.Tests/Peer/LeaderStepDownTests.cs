using Akka.TestKit.Xunit2;
using Raft.Actors.Protocol;
using Raft.Actors.TestKit.Probes;
using Xunit.Abstractions;
using static Raft.Actors.Protocol.RaftProtocol;

namespace Raft.Tests.Peer;

/// <summary>A leader that sees a higher term, in a reply or in a request, adopts it and follows (Figure 2, rules for all servers).</summary>
public sealed class LeaderStepDownTests(ITestOutputHelper output) : TestKit(PeerUnderTest.Config, output)
{
    [Fact]
    public void Leader_steps_down_when_a_reply_carries_a_higher_term()
    {
        var peer = PeerDriver.Start(this);
        var term = peer.ElectAsLeader();
        var append = peer.ExpectAppend("n2");
        peer.ExpectAppend("n3");

        peer.Send("n2", new AppendEntriesResult(term + 1, "n2", false, append.PrevLogIndex, 0, 0, 1, 0));

        var status = peer.Status();
        Assert.Equal((RaftRole.Follower, term + 1, (string?)null), (status.Role, status.Term, status.LeaderId));
        peer.Advance(peer.Options.HeartbeatInterval);
        peer.Advance(peer.Options.HeartbeatInterval);
        peer.AssertHeardNothing("n3", "a follower sends no heartbeats");
    }

    [Fact]
    public void Leader_steps_down_when_a_RequestVote_carries_a_higher_term_and_votes_if_the_candidate_is_up_to_date()
    {
        var peer = PeerDriver.Start(this, options: PeerDriver.Figure2Options());
        var term = peer.ElectAsLeader();
        peer.ExpectAppend("n3");
        var before = peer.Status();

        peer.Send("n3", new RequestVote(term + 1, "n3", before.LastLogIndex, before.LastLogTerm));

        Assert.Equal(new RequestVoteResult(term + 1, "n1", true), peer.Probe("n3").ExpectMsg<RequestVoteResult>());
        var status = peer.Status();
        Assert.Equal((RaftRole.Follower, term + 1), (status.Role, status.Term));
    }

    [Fact]
    public void Leader_steps_down_when_AppendEntries_of_a_higher_term_arrives()
    {
        var peer = PeerDriver.Start(this);
        var term = peer.ElectAsLeader();
        peer.ExpectAppend("n2");

        peer.Send("n2", new AppendEntries(term + 1, "n2", 1, term, [], 0));

        Assert.Equal(new AppendEntriesResult(term + 1, "n1", true, 1, 1, 0, 0, 1), peer.Probe("n2").ExpectMsg<AppendEntriesResult>());
        var status = peer.Status();
        Assert.Equal((RaftRole.Follower, term + 1, "n2"), (status.Role, status.Term, status.LeaderId));
    }
}
