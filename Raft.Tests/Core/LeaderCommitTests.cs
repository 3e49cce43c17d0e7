using Raft.Actors.Core;
using Raft.Actors.Protocol;
using static Raft.Actors.Protocol.RaftProtocol;

namespace Raft.Tests.Core;

/// <summary>
/// Figure 2, the last leader rule: commitIndex becomes the highest N a majority holds with log[N].term == currentTerm
/// (§5.3, §5.4.2 and Figure 8), the leader counting itself only for what its own journal holds.
/// </summary>
public sealed class LeaderCommitTests
{
    [Fact]
    public void A_leader_commits_an_entry_of_its_term_once_a_majority_holds_it()
    {
        var driver = NodeDriver.Start();
        var elected = driver.ElectAsLeader();
        driver.CompleteWrite();

        var effects = driver.Accept("n2", NodeDriver.SentTo<AppendEntries>(elected, "n2"));

        EffectAssert.Exactly(effects, "Apply [1@1 noop]");
        Assert.Equal(1, driver.Node.CommitIndex);
    }

    [Fact]
    public void A_leader_counts_itself_only_for_entries_durable_in_its_own_journal()
    {
        var driver = NodeDriver.Start();
        var elected = driver.ElectAsLeader();

        EffectAssert.None(driver.Accept("n2", NodeDriver.SentTo<AppendEntries>(elected, "n2")));
        Assert.Equal(0, driver.Node.CommitIndex);

        EffectAssert.Exactly(driver.CompleteWrite(), "Apply [1@1 noop]");
        Assert.Equal(1, driver.Node.CommitIndex);
    }

    [Fact]
    public void Followers_alone_can_make_a_majority_while_the_leader_is_still_writing()
    {
        var driver = NodeDriver.Start();
        var elected = driver.ElectAsLeader();

        driver.Accept("n2", NodeDriver.SentTo<AppendEntries>(elected, "n2"));
        var effects = driver.Accept("n3", NodeDriver.SentTo<AppendEntries>(elected, "n3"));

        EffectAssert.Exactly(effects, "Apply [1@1 noop]");
        Assert.NotNull(driver.Outstanding);
    }

    [Fact]
    public void Figure_8_an_entry_of_an_earlier_term_is_not_committed_by_counting_replicas()
    {
        var driver = NodeDriver.Recover(term: 1, terms: [1, 1], options: new RaftOptions { MaxEntriesPerAppend = 1 });
        driver.ElectAsLeader();
        driver.CompleteWrite();
        var probe = NodeDriver.SentTo<AppendEntries>(
            driver.Step(new AppendEntriesResult(2, "n2", Success: false, 2, 0, ConflictTerm: 0, ConflictIndex: 2, LastLogIndex: 1)), "n2");
        Assert.Equal("AppendEntries(term 2, prev 1@1, [2@1], commit 0)", EffectText.Message(probe));

        var earlierTerm = driver.Accept("n2", probe);

        EffectAssert.Exactly(earlierTerm, "Send n2 AppendEntries(term 2, prev 2@1, [3@2 noop], commit 0)");
        Assert.Equal(0, driver.Node.CommitIndex);

        var ownTerm = driver.Accept("n2", NodeDriver.SentTo<AppendEntries>(earlierTerm, "n2"));

        EffectAssert.Exactly(ownTerm, "Apply [1@1, 2@1, 3@2 noop]");
        Assert.Equal(3, driver.Node.CommitIndex);
    }

    [Fact]
    public void A_leader_commits_the_highest_index_a_majority_holds()
    {
        var driver = NodeDriver.Start(members: 5, options: new RaftOptions { MaxEntriesPerAppend = 1 });
        var elected = driver.ElectAsLeader();
        driver.CompleteWrite();
        driver.Propose("a", "b");
        driver.Flush();
        driver.CompleteWrite();
        var toN2 = driver.Accept("n2", NodeDriver.SentTo<AppendEntries>(elected, "n2"));
        var toN3 = driver.Accept("n3", NodeDriver.SentTo<AppendEntries>(elected, "n3"));
        Assert.Equal(1, driver.Node.CommitIndex);
        foreach (var request in toN2.OfType<RaftEffect.Send>().Select(s => (AppendEntries)s.Message))
        {
            driver.Accept("n2", request);
        }

        Assert.Equal(1, driver.Node.CommitIndex);

        var effects = driver.Accept("n3", toN3.OfType<RaftEffect.Send>().Select(s => (AppendEntries)s.Message).First());

        EffectAssert.Exactly(effects, "Apply [2@1]");
        Assert.Equal(2, driver.Node.CommitIndex);
    }

    [Fact]
    public void A_single_member_commits_as_soon_as_its_own_journal_holds_the_entry()
    {
        var driver = NodeDriver.Start(members: 1);
        driver.Step(RaftTimer.ElectionTimeout);

        EffectAssert.Exactly(driver.CompleteWrite(),
            "CancelTimer election",
            "StartHeartbeatTimer 50ms",
            "RoleChanged Leader term 1 leader n1",
            "Persist #2: Append [1@1 noop]");
        EffectAssert.Exactly(driver.CompleteWrite(), "Apply [1@1 noop]");

        Assert.Equal(2, driver.Propose("a", "b").FirstIndex);
        EffectAssert.Exactly(driver.Flush(), "Persist #3: Append [2@1, 3@1]");
        EffectAssert.Exactly(driver.CompleteWrite(), "Apply [2@1, 3@1]");
        Assert.Equal(RaftRole.Leader, driver.Node.Role);
    }
}
