using Akka.TestKit.Xunit2;
using Raft.Actors.TestKit.Probes;
using Xunit.Abstractions;
using static Raft.Actors.Protocol.RaftProtocol;

namespace Raft.Tests.Peer;

/// <summary>
/// The leader's commit rule (Figure 2, §5.4.2): the highest index a majority holds, and only if that entry is of the
/// current term; older entries commit along with it (Figure 8). That the leader counts its own entries only once
/// durable is in <see cref="PersistBeforeReplyTests"/>.
/// </summary>
public sealed class LeaderCommitTests(ITestOutputHelper output) : TestKit(PeerUnderTest.Config, output)
{
    [Fact]
    public void Leader_never_commits_an_entry_of_an_earlier_term_by_counting_replicas()
    {
        // n1 recovers 1@1 2@2 and leads term 3 with its no-op at 3; one entry per AppendEntries lets the followers
        // acknowledge index 2 without index 3.
        var peer = PeerDriver.Start(this, term: 2, terms: [1, 2], options: new() { MaxEntriesPerAppend = 1 });
        Assert.Equal(3, peer.ElectAsLeader());
        var heldBack = new Dictionary<string, AppendEntries>();
        foreach (var member in peer.ProbeIds)
        {
            var first = peer.ExpectAppend(member);
            peer.Send(member, new AppendEntriesResult(3, member, false, first.PrevLogIndex, 0, ConflictTerm: 0, ConflictIndex: 1, LastLogIndex: 0));
            peer.Accept(member, AssertAppend(peer.ExpectAppend(member), PeerDriver.Append(3, 0, 0, "1@1", 0)));
            peer.Accept(member, AssertAppend(peer.ExpectAppend(member), PeerDriver.Append(3, 1, 1, "2@2", 0)));
            heldBack[member] = AssertAppend(peer.ExpectAppend(member), PeerDriver.Append(3, 2, 2, "3@3", 0));
        }

        // n2 and n3 hold index 2: a majority without n1, whatever n1 has made durable.
        var status = peer.Status();
        Assert.True(status.CommitIndex == 0, $"entry 2 of term 2 is on all three peers, but must not commit by counting; commitIndex is {status.CommitIndex}");

        peer.Accept("n2", heldBack["n2"]);
        peer.AwaitStatus(s => s.CommitIndex == 3, "commit index 3: the no-op of term 3 is on a majority, and entries before it commit with it");
    }

    private static AppendEntries AssertAppend(AppendEntries actual, string expected)
    {
        Assert.Equal(expected, PeerDriver.Describe(actual));
        return actual;
    }
}
