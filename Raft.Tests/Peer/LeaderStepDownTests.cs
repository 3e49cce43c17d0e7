using Raft.Actors.Messages;
using static Raft.Actors.Messages.RaftProtocol;

namespace Raft.Tests.Peer;

/// <summary>A leader that sees a higher term, in a reply or in a request, adopts it and follows (Figure 2, rules for all servers).</summary>
public sealed class LeaderStepDownTests
{
    [Fact]
    public void Leader_steps_down_when_a_reply_carries_a_higher_term()
    {
        using var harness = PeerDriver.Start();
        var term = harness.ElectAsLeader();
        var append = harness.ExpectAppend("n2");
        harness.ExpectAppend("n3");

        harness.Send("n2", new AppendEntriesResult(term + 1, "n2", false, append.PrevLogIndex, 0, 0, 1, 0));
        harness.RunFor(PeerDriver.Hop * 2);

        Assert.Equal((RaftRole.Follower, term + 1, (string?)null), (harness.Status.Role, harness.Status.Term, harness.Status.LeaderId));
        harness.Probe("n3").ExpectNoMsg(harness.Options.HeartbeatInterval * 2);
    }

    [Fact]
    public void Leader_steps_down_when_a_RequestVote_carries_a_higher_term_and_votes_if_the_candidate_is_up_to_date()
    {
        using var harness = PeerDriver.Start();
        var term = harness.ElectAsLeader();
        harness.ExpectAppend("n3");

        harness.Send("n3", new RequestVote(term + 1, "n3", harness.Status.LastLogIndex, harness.Status.LastLogTerm));

        Assert.Equal(new RequestVoteResult(term + 1, "n1", true), harness.Probe("n3").ExpectMsg<RequestVoteResult>());
        Assert.Equal((RaftRole.Follower, term + 1), (harness.Status.Role, harness.Status.Term));
    }

    [Fact]
    public void Leader_steps_down_when_AppendEntries_of_a_higher_term_arrives()
    {
        using var harness = PeerDriver.Start();
        var term = harness.ElectAsLeader();
        harness.ExpectAppend("n2");

        harness.Send("n2", new AppendEntries(term + 1, "n2", 1, term, [], 0));

        Assert.Equal(new AppendEntriesResult(term + 1, "n1", true, 1, 1, 0, 0, 1), harness.Probe("n2").ExpectMsg<AppendEntriesResult>());
        Assert.Equal((RaftRole.Follower, term + 1, "n2"), (harness.Status.Role, harness.Status.Term, harness.Status.LeaderId));
    }
}
