using Raft.Actors.Core;

namespace Raft.Tests.Core;

/// <summary>CompactTo: dropping the prefix a snapshot covers (§7).</summary>
public sealed class RaftLogCompactionTests
{
    [Fact]
    public void Compacting_to_an_entry_the_log_holds_with_that_term_keeps_the_suffix()
    {
        var log = new RaftLog(entries: [Logs.Entry(1, 1, 10), Logs.Entry(2, 1, 20), Logs.Entry(3, 2, 40), Logs.Entry(4, 2, 80)]);

        log.CompactTo(2, 1);

        Assert.Equal(2, log.SnapshotIndex);
        Assert.Equal(1, log.SnapshotTerm);
        Assert.Equal(3, log.FirstIndex);
        Assert.Equal(4, log.LastIndex);
        Assert.Equal(new long[] { 2, 2 }, Logs.TermsOf(log));
        Assert.Equal(120, log.CommandBytes);
        Assert.Equal(1L, log.TermAt(2));
    }

    [Fact]
    public void Compacting_to_the_last_entry_leaves_no_entries_and_keeps_the_last_term()
    {
        var log = Logs.WithTerms(1, 1, 2);

        log.CompactTo(3, 2);

        Assert.Equal(0, log.Count);
        Assert.Equal(3, log.LastIndex);
        Assert.Equal(2, log.LastTerm);
        Assert.Equal(0, log.CommandBytes);
    }

    [Fact]
    public void Compacting_to_an_entry_held_with_another_term_discards_the_whole_log()
    {
        var log = Logs.WithTerms(1, 1, 2, 2);

        log.CompactTo(3, 3);

        Assert.Equal(0, log.Count);
        Assert.Equal(3, log.SnapshotIndex);
        Assert.Equal(3, log.LastIndex);
        Assert.Equal(3, log.LastTerm);
        Assert.Null(log.TermAt(4));
        Assert.Equal(0, log.CommandBytes);
    }

    [Fact]
    public void Compacting_past_the_end_discards_the_whole_log()
    {
        var log = Logs.WithTerms(1, 1);

        log.CompactTo(5, 2);

        Assert.Equal(0, log.Count);
        Assert.Equal(5, log.LastIndex);
        Assert.Equal(2, log.LastTerm);
        log.Append(Logs.Entry(6, 2));
        Assert.Equal(6, log.LastIndex);
    }

    [Fact]
    public void Compacting_to_or_below_the_snapshot_changes_nothing()
    {
        var log = Logs.AfterSnapshot(4, 2, 2, 3);

        log.CompactTo(4, 2);
        log.CompactTo(3, 1);

        Assert.Equal(4, log.SnapshotIndex);
        Assert.Equal(2, log.SnapshotTerm);
        Assert.Equal(new long[] { 2, 3 }, Logs.TermsOf(log));
    }
}
