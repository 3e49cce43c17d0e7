using Raft.Actors.Testing;
using static Raft.Actors.Messages.RaftProtocol;

namespace Raft.Tests.Peer;

/// <summary>
/// The leader's half of fast backtracking: after a rejection with conflict hints, its next AppendEntries to that
/// follower skips a whole term; a rejection that answers an older request changes nothing.
/// n1 recovers log 1@1 2@1 3@1 4@3 5@3 in term 3, is elected in term 4 and appends its no-op 6@4, so its first
/// AppendEntries to n2 checks prev 5@3.
/// </summary>
public sealed class LeaderBacktrackingTests
{
    [Fact]
    public void After_a_too_short_rejection_the_leader_resumes_at_the_end_of_the_followers_log()
    {
        using var harness = StartLeader(out var first);

        // n2 holds two entries: nothing at 5.
        harness.Send("n2", new AppendEntriesResult(4, "n2", false, first.PrevLogIndex, 0, ConflictTerm: 0, ConflictIndex: 3, LastLogIndex: 2));

        Assert.Equal(PeerDriver.Append(4, 2, 1, "3@1 4@3 5@3 6@4", 0), PeerDriver.Describe(harness.ExpectAppend("n2")));
    }

    [Fact]
    public void After_a_rejection_naming_a_term_the_leader_holds_it_resumes_after_its_last_entry_of_that_term()
    {
        using var harness = StartLeader(out var first);

        // n2 holds term 1 from index 1 through 5; n1's last entry of term 1 is 3.
        harness.Send("n2", new AppendEntriesResult(4, "n2", false, first.PrevLogIndex, 0, ConflictTerm: 1, ConflictIndex: 1, LastLogIndex: 5));

        Assert.Equal(PeerDriver.Append(4, 3, 1, "4@3 5@3 6@4", 0), PeerDriver.Describe(harness.ExpectAppend("n2")));
    }

    [Fact]
    public void After_a_rejection_naming_a_term_the_leader_lacks_it_skips_the_followers_whole_term()
    {
        using var harness = StartLeader(out var first);

        // n2 holds term 2 from index 3 through 5; n1 never had term 2.
        harness.Send("n2", new AppendEntriesResult(4, "n2", false, first.PrevLogIndex, 0, ConflictTerm: 2, ConflictIndex: 3, LastLogIndex: 5));

        Assert.Equal(PeerDriver.Append(4, 2, 1, "3@1 4@3 5@3 6@4", 0), PeerDriver.Describe(harness.ExpectAppend("n2")));
    }

    [Fact]
    public void A_rejection_answering_an_older_request_is_ignored()
    {
        using var harness = StartLeader(out var first);
        var n2 = harness.Probe("n2");
        var rejection = new AppendEntriesResult(4, "n2", false, first.PrevLogIndex, 0, ConflictTerm: 0, ConflictIndex: 3, LastLogIndex: 2);
        harness.Send("n2", rejection);
        var probe = harness.ExpectAppend("n2");
        Assert.Equal(2, probe.PrevLogIndex);

        // The same rejection again, and an older one that would send the leader back to the start.
        harness.Send("n2", rejection);
        harness.Send("n2", rejection with { ConflictIndex = 1, LastLogIndex = 0 });
        n2.ExpectNoMsg(PeerDriver.Hop * 10);

        // The answer to the current probe is what moves the leader on.
        harness.Accept("n2", probe);
        harness.Send("n2", rejection);
        var next = harness.ExpectAppend("n2", hint: "the next heartbeat");
        Assert.Equal(PeerDriver.Append(4, 6, 4, "", 6), PeerDriver.Describe(next));
    }

    private static PeerProbeHarness StartLeader(out AppendEntries first)
    {
        var harness = PeerDriver.Start(term: 3, terms: [1, 1, 1, 3, 3]);
        Assert.Equal(4, harness.ElectAsLeader());
        first = harness.ExpectAppend("n2");
        Assert.Equal(PeerDriver.Append(4, 5, 3, "6@4", 0), PeerDriver.Describe(first));
        return harness;
    }
}
