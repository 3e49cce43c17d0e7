using Raft.Actors.Core;
using static Raft.Actors.Protocol.RaftProtocol;

namespace Raft.Tests.Core;

/// <summary>
/// Group commit: at most one Persist is outstanding; whatever is journaled meanwhile goes out as the next batch once
/// the host reports the outstanding one durable with its sequence number.
/// </summary>
public sealed class GroupCommitTests
{
    [Fact]
    public void Work_journaled_while_a_write_is_outstanding_goes_out_as_one_batch_after_it()
    {
        var driver = NodeDriver.Recover(term: 1);
        driver.Step(new AppendEntries(1, "n2", 0, 0, Logs.Entries(1, 1), LeaderCommit: 0));

        EffectAssert.Exactly(driver.Step(new AppendEntries(1, "n2", 1, 1, Logs.Entries(2, 1), LeaderCommit: 0)), "StartElectionTimer");
        EffectAssert.Exactly(driver.Step(new AppendEntries(1, "n2", 2, 1, Logs.Entries(3, 1), LeaderCommit: 0)), "StartElectionTimer");

        EffectAssert.Exactly(driver.CompleteWrite(),
            "Send n2 AppendEntriesResult(term 1, ok, prev 0, match 1, last 1)",
            "Persist #2: Append [2@1, 3@1]");
        EffectAssert.Exactly(driver.CompleteWrite(),
            "Send n2 AppendEntriesResult(term 1, ok, prev 1, match 2, last 2)",
            "Send n2 AppendEntriesResult(term 1, ok, prev 2, match 3, last 3)");
    }

    [Fact]
    public void Everything_journaled_by_inputs_before_a_flush_is_one_write()
    {
        var driver = NodeDriver.Recover(term: 1);

        driver.Node.Step(new AppendEntries(2, "n2", 0, 0, Logs.Entries(1, 2), LeaderCommit: 0));
        driver.Node.Step(new AppendEntries(2, "n2", 1, 2, Logs.Entries(2, 2), LeaderCommit: 0));
        Assert.True(driver.Node.HasPendingWork);

        EffectAssert.Only<RaftEffect.Persist>(driver.Flush(), "Persist #1: HardState(2, none); Append [1@2, 2@2]");
        Assert.False(driver.Node.HasPendingWork);
    }

    [Fact]
    public void Appends_joined_into_one_write_stay_apart_around_a_truncation_between_them()
    {
        var driver = NodeDriver.Recover(term: 1);

        driver.Node.Step(new AppendEntries(2, "n2", 0, 0, Logs.Entries(1, 1, 1), LeaderCommit: 0));
        driver.Node.Step(new AppendEntries(2, "n2", 1, 1, Logs.Entries(2, 2), LeaderCommit: 0));
        driver.Node.Step(new AppendEntries(2, "n2", 2, 2, Logs.Entries(3, 2), LeaderCommit: 0));

        EffectAssert.Only<RaftEffect.Persist>(driver.Flush(), "Persist #1: HardState(2, none); Append [1@1, 2@1]; TruncateFrom 2; Append [2@2, 3@2]");
    }

    [Fact]
    public void Appends_joined_into_one_write_are_cut_into_events_that_stay_under_the_size_of_one_event()
    {
        var driver = NodeDriver.Recover(term: 1);
        var half = (JournalQueue.MaxAppendEventBytes / 2) - 32;

        driver.Node.Step(new AppendEntries(2, "n2", 0, 0, [Logs.Entry(1, 2, half), Logs.Entry(2, 2, half)], LeaderCommit: 0));
        driver.Node.Step(new AppendEntries(2, "n2", 2, 2, [Logs.Entry(3, 2, half + 1), Logs.Entry(4, 2, JournalQueue.MaxAppendEventBytes), Logs.Entry(5, 2)], LeaderCommit: 0));

        // 1 and 2 fill an event exactly; 3 and the oversized 4 stand alone; 5 starts the next.
        EffectAssert.Only<RaftEffect.Persist>(driver.Flush(), "Persist #1: HardState(2, none); Append [1@2, 2@2]; Append [3@2]; Append [4@2]; Append [5@2]");
    }

    [Fact]
    public void Replies_leave_in_the_order_their_requests_arrived_even_when_only_an_earlier_one_waited_for_a_write()
    {
        var driver = NodeDriver.Recover(term: 1);
        driver.Step(new AppendEntries(1, "n2", 0, 0, Logs.Entries(1, 1), LeaderCommit: 0));

        EffectAssert.None(driver.Step(new RequestVote(1, "n3", 0, 0)));

        EffectAssert.Exactly(driver.CompleteWrite(),
            "Send n2 AppendEntriesResult(term 1, ok, prev 0, match 1, last 1)",
            "Send n3 RequestVoteResult(term 1, refused)");
    }

    [Fact]
    public void Persisted_with_a_sequence_other_than_the_outstanding_one_throws()
    {
        var driver = NodeDriver.Recover(term: 1, options: NodeDriver.Figure2);
        driver.Step(RaftTimer.ElectionTimeout);

        var wrong = Assert.Throws<InvalidOperationException>(() => driver.Node.Persisted(2));

        Assert.Equal("The host reported write #2 durable, but the outstanding write is #1.", wrong.Message);
    }

    [Fact]
    public void Persisted_with_no_write_outstanding_throws()
    {
        var driver = NodeDriver.Recover(term: 1);

        var none = Assert.Throws<InvalidOperationException>(() => driver.Node.Persisted(1));

        Assert.Equal("The host reported write #1 durable, but the outstanding write is none.", none.Message);
    }

    [Fact]
    public void Sequence_numbers_count_up_from_1_one_per_write()
    {
        var driver = NodeDriver.Recover(term: 1, options: NodeDriver.Figure2);

        var sequences = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            sequences.Add(driver.Step(RaftTimer.ElectionTimeout).OfType<RaftEffect.Persist>().Single().Sequence);
            driver.CompleteWrite();
        }

        Assert.Equal(new long[] { 1, 2, 3 }, sequences);
    }
}
