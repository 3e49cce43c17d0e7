using Raft.Actors.Core;
using static Raft.Actors.Protocol.RaftProtocol;

namespace Raft.Tests.Core;

/// <summary>
/// Figure 2, rules for leaders (§5.3): nextIndex backs up on rejection, a whole term per round trip; matchIndex
/// advances on success. A follower is probed one request at a time until its log matches, then entries stream to it.
/// </summary>
public sealed class LeaderReplicationTests
{
    [Fact]
    public void A_rejection_backs_nextIndex_up_past_the_conflicting_term_in_one_round_trip()
    {
        var driver = NodeDriver.Recover(term: 2, terms: [1, 1, 2, 2]);
        driver.ElectAsLeader();

        var effects = driver.Step(new AppendEntriesResult(3, "n2", Success: false, 4, 0, ConflictTerm: 1, ConflictIndex: 1, LastLogIndex: 6));

        EffectAssert.Exactly(effects, "Send n2 AppendEntries(term 3, prev 2@1, [3@2, 4@2, 5@3 noop], commit 0)");
    }

    [Fact]
    public void A_follower_holding_a_term_the_leader_never_had_is_probed_from_where_that_term_begins()
    {
        var driver = NodeDriver.Recover(term: 3, terms: [1, 1, 3, 3]);
        driver.ElectAsLeader();

        var effects = driver.Step(new AppendEntriesResult(4, "n2", Success: false, 4, 0, ConflictTerm: 2, ConflictIndex: 3, LastLogIndex: 5));

        EffectAssert.Exactly(effects, "Send n2 AppendEntries(term 4, prev 2@1, [3@3, 4@3, 5@4 noop], commit 0)");
    }

    [Fact]
    public void A_follower_whose_log_is_too_short_is_probed_from_its_end()
    {
        var driver = NodeDriver.Recover(term: 2, terms: [1, 1, 2, 2]);
        driver.ElectAsLeader();

        var effects = driver.Step(new AppendEntriesResult(3, "n2", Success: false, 4, 0, ConflictTerm: 0, ConflictIndex: 2, LastLogIndex: 1));

        EffectAssert.Exactly(effects, "Send n2 AppendEntries(term 3, prev 1@1, [2@1, 3@2, 4@2, 5@3 noop], commit 0)");
    }

    [Fact]
    public void A_rejection_that_answers_an_earlier_probe_is_ignored()
    {
        var driver = NodeDriver.Recover(term: 2, terms: [1, 1, 2, 2]);
        driver.ElectAsLeader();
        var rejection = new AppendEntriesResult(3, "n2", Success: false, 4, 0, ConflictTerm: 1, ConflictIndex: 1, LastLogIndex: 6);
        driver.Step(rejection);

        EffectAssert.None(driver.Step(rejection));
    }

    [Fact]
    public void Success_advances_matchIndex_and_streams_entries_up_to_the_in_flight_limit()
    {
        var driver = NodeDriver.Start(options: new RaftOptions { MaxEntriesPerAppend = 1, MaxInflightAppends = 2 });
        var elected = driver.ElectAsLeader();
        driver.CompleteWrite();
        EffectAssert.Exactly(driver.Accept("n2", NodeDriver.SentTo<AppendEntries>(elected, "n2")), "Apply [1@1 noop]");

        Assert.Equal(2, driver.Propose("a", "b", "c").FirstIndex);
        var streamed = driver.Flush();

        EffectAssert.Exactly(streamed,
            "Persist #3: Append [2@1, 3@1, 4@1]",
            "Send n2 AppendEntries(term 1, prev 1@1, [2@1], commit 1)",
            "Send n2 AppendEntries(term 1, prev 2@1, [3@1], commit 1)");

        var first = streamed.OfType<RaftEffect.Send>().Select(s => (AppendEntries)s.Message).First();
        EffectAssert.Exactly(driver.Accept("n2", first), "Send n2 AppendEntries(term 1, prev 3@1, [4@1], commit 1)");
    }

    [Fact]
    public void A_follower_being_probed_gets_nothing_more_until_it_answers()
    {
        var driver = NodeDriver.Start();
        driver.ElectAsLeader();
        driver.CompleteWrite();

        driver.Propose("a");

        EffectAssert.Exactly(driver.Flush(), "Persist #3: Append [2@1]");
    }

    [Fact]
    public void A_probe_accepted_after_a_back_up_brings_the_follower_up_to_date_and_starts_streaming()
    {
        var driver = NodeDriver.Recover(term: 2, terms: [1, 1, 2, 2]);
        driver.ElectAsLeader();
        driver.CompleteWrite();
        var probe = NodeDriver.SentTo<AppendEntries>(
            driver.Step(new AppendEntriesResult(3, "n2", Success: false, 4, 0, ConflictTerm: 0, ConflictIndex: 3, LastLogIndex: 2)), "n2");

        var effects = driver.Accept("n2", probe);

        EffectAssert.Exactly(effects, "Apply [1@1, 2@1, 3@2, 4@2, 5@3 noop]");
        driver.Propose("a");
        EffectAssert.Exactly(driver.Flush(),
            "Persist #3: Append [6@3]",
            "Send n2 AppendEntries(term 3, prev 5@3, [6@3], commit 5)");
    }
}
