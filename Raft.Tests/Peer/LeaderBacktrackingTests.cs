using Akka.TestKit.Xunit2;
using Raft.Actors.TestKit.Probes;
using Xunit.Abstractions;
using static Raft.Actors.Protocol.RaftProtocol;

namespace Raft.Tests.Peer;

/// <summary>
/// The leader's half of fast backtracking: after a rejection with conflict hints, its next AppendEntries to that
/// follower skips a whole term; a rejection that answers an older request changes nothing.
/// n1 recovers log 1@1 2@1 3@1 4@3 5@3 in term 3, is elected in term 4 and appends its no-op 6@4, so its first
/// AppendEntries to n2 checks prev 5@3.
/// </summary>
public sealed class LeaderBacktrackingTests(ITestOutputHelper output) : TestKit(PeerUnderTest.Config, output)
{
    [Fact]
    public void After_a_too_short_rejection_the_leader_resumes_at_the_end_of_the_followers_log()
    {
        var (peer, first) = StartLeader();

        // n2 holds two entries: nothing at 5.
        peer.Send("n2", new AppendEntriesResult(4, "n2", false, first.PrevLogIndex, 0, ConflictTerm: 0, ConflictIndex: 3, LastLogIndex: 2));

        Assert.Equal(PeerDriver.Append(4, 2, 1, "3@1 4@3 5@3 6@4", 0), PeerDriver.Describe(peer.ExpectAppend("n2")));
    }

    [Fact]
    public void After_a_rejection_naming_a_term_the_leader_holds_it_resumes_after_its_last_entry_of_that_term()
    {
        var (peer, first) = StartLeader();

        // n2 holds term 1 from index 1 through 5; n1's last entry of term 1 is 3.
        peer.Send("n2", new AppendEntriesResult(4, "n2", false, first.PrevLogIndex, 0, ConflictTerm: 1, ConflictIndex: 1, LastLogIndex: 5));

        Assert.Equal(PeerDriver.Append(4, 3, 1, "4@3 5@3 6@4", 0), PeerDriver.Describe(peer.ExpectAppend("n2")));
    }

    [Fact]
    public void After_a_rejection_naming_a_term_the_leader_lacks_it_skips_the_followers_whole_term()
    {
        var (peer, first) = StartLeader();

        // n2 holds term 2 from index 3 through 5; n1 never had term 2.
        peer.Send("n2", new AppendEntriesResult(4, "n2", false, first.PrevLogIndex, 0, ConflictTerm: 2, ConflictIndex: 3, LastLogIndex: 5));

        Assert.Equal(PeerDriver.Append(4, 2, 1, "3@1 4@3 5@3 6@4", 0), PeerDriver.Describe(peer.ExpectAppend("n2")));
    }

    [Fact]
    public void A_rejection_answering_an_older_request_is_ignored()
    {
        var (peer, first) = StartLeader();
        var rejection = new AppendEntriesResult(4, "n2", false, first.PrevLogIndex, 0, ConflictTerm: 0, ConflictIndex: 3, LastLogIndex: 2);
        peer.Send("n2", rejection);
        var probe = peer.ExpectAppend("n2");
        Assert.Equal(2, probe.PrevLogIndex);

        // The same rejection again, and an older one that would send the leader back to the start.
        peer.Send("n2", rejection);
        peer.Send("n2", rejection with { ConflictIndex = 1, LastLogIndex = 0 });
        peer.Status();
        peer.AssertHeardNothing("n2", "stale rejections move nothing");

        // The answer to the current probe is what moves the leader on.
        peer.Accept("n2", probe);
        peer.Send("n2", rejection);
        peer.AwaitStatus(s => s.CommitIndex == 6, "commit index 6: n2 and n1 hold the no-op");
        peer.Advance(peer.Options.HeartbeatInterval);
        peer.Advance(peer.Options.HeartbeatInterval);
        var next = peer.ExpectAppend("n2", hint: "a heartbeat within two intervals");
        Assert.Equal(PeerDriver.Append(4, 6, 4, "", 6), PeerDriver.Describe(next));
    }

    private (PeerUnderTest Peer, AppendEntries First) StartLeader()
    {
        var peer = PeerDriver.Start(this, term: 3, terms: [1, 1, 1, 3, 3]);
        Assert.Equal(4, peer.ElectAsLeader());
        var first = peer.ExpectAppend("n2");
        Assert.Equal(PeerDriver.Append(4, 5, 3, "6@4", 0), PeerDriver.Describe(first));
        return (peer, first);
    }
}
