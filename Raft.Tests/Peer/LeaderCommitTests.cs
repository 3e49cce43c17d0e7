using Raft.Actors.Testing;
using static Raft.Actors.Messages.RaftProtocol;

namespace Raft.Tests.Peer;

/// <summary>
/// The leader's commit rule (Figure 2, §5.4.2): the highest index a majority holds, counting its own entries only once
/// durable, and only if that entry is of the current term; older entries commit along with it (Figure 8).
/// </summary>
public sealed class LeaderCommitTests
{
    [Fact]
    public void Leader_never_commits_an_entry_of_an_earlier_term_by_counting_replicas()
    {
        // n1 recovers 1@1 2@2 and leads term 3 with its no-op at 3; one entry per AppendEntries lets the followers
        // acknowledge index 2 without index 3.
        var options = PeerDriver.Options();
        options.MaxEntriesPerAppend = 1;
        using var harness = PeerDriver.Start(term: 2, terms: [1, 2], options: options);
        Assert.Equal(3, harness.ElectAsLeader());
        var heldBack = new Dictionary<string, AppendEntries>();
        foreach (var member in harness.ProbeIds)
        {
            var first = harness.ExpectAppend(member);
            harness.Send(member, new AppendEntriesResult(3, member, false, first.PrevLogIndex, 0, ConflictTerm: 0, ConflictIndex: 1, LastLogIndex: 0));
            harness.Accept(member, AssertAppend(harness.ExpectAppend(member), PeerDriver.Append(3, 0, 0, "1@1", 0)));
            harness.Accept(member, AssertAppend(harness.ExpectAppend(member), PeerDriver.Append(3, 1, 1, "2@2", 0)));
            heldBack[member] = AssertAppend(harness.ExpectAppend(member), PeerDriver.Append(3, 2, 2, "3@3", 0));
        }

        harness.RunFor(PeerDriver.Hop * 10);
        Assert.True(harness.Status.CommitIndex == 0, $"entry 2 of term 2 is on all three peers, but must not commit by counting; commitIndex is {harness.Status.CommitIndex}");

        harness.Accept("n2", heldBack["n2"]);
        Assert.True(harness.RunUntil(() => harness.Status.CommitIndex == 3, PeerDriver.Hop * 5), $"the no-op of term 3 on a majority should commit through 3; commitIndex is {harness.Status.CommitIndex}");
    }

    [Fact]
    public void Leader_counts_itself_toward_a_majority_only_once_its_own_entry_is_durable()
    {
        using var harness = PeerDriver.Start(options: PeerDriver.Options(PeerDriver.SlowSync));
        harness.ElectAsLeader();

        // n2 acknowledges the no-op long before n1's own write of it is synced.
        harness.Accept("n2", harness.ExpectAppend("n2"));

        Assert.True(harness.RunUntil(() => harness.Status.CommitIndex == 1, PeerDriver.SlowSync * 2), "the no-op should commit once n1 has synced it");
        Assert.True(harness.Journal.EntryCount == 1, "n1 committed the no-op on n2's copy alone, before its own was durable");
    }

    private static AppendEntries AssertAppend(AppendEntries actual, string expected)
    {
        Assert.Equal(expected, PeerDriver.Describe(actual));
        return actual;
    }
}
