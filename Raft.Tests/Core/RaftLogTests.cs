using Raft.Actors.Core;

namespace Raft.Tests.Core;

/// <summary>The log's shape: append, truncate, slice, and lookups by index.</summary>
public sealed class RaftLogTests
{
    [Fact]
    public void An_empty_log_ends_at_index_0_with_term_0()
    {
        var log = new RaftLog();

        Assert.Equal(1, log.FirstIndex);
        Assert.Equal(0, log.LastIndex);
        Assert.Equal(0, log.LastTerm);
        Assert.Equal(0L, log.TermAt(0));
        Assert.Null(log.TermAt(1));
    }

    [Fact]
    public void Append_adds_the_entry_after_the_last()
    {
        var log = Logs.WithTerms(1, 1);

        log.Append(Logs.Entry(3, 2, bytes: 5));

        Assert.Equal(3, log.LastIndex);
        Assert.Equal(2, log.LastTerm);
        Assert.Equal(7, log.CommandBytes);
        Assert.Equal(Logs.Entry(3, 2, bytes: 5).Command, log.EntryAt(3).Command);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Append_refuses_an_entry_that_does_not_follow_the_last(long index)
    {
        var log = Logs.WithTerms(1, 1);

        var error = Assert.Throws<InvalidOperationException>(() => log.Append(Logs.Entry(index, 1)));

        Assert.Equal($"Entry {index} cannot follow index 2.", error.Message);
        Assert.Equal(2, log.LastIndex);
    }

    [Fact]
    public void Append_refuses_a_term_older_than_the_last()
    {
        var log = Logs.WithTerms(1, 3);

        Assert.Throws<InvalidOperationException>(() => log.Append(Logs.Entry(3, 2)));
        Assert.Equal(new long[] { 1, 3 }, Logs.TermsOf(log));
    }

    [Fact]
    public void TruncateFrom_deletes_the_entry_and_all_that_follow()
    {
        var log = new RaftLog(entries: [Logs.Entry(1, 1, 10), Logs.Entry(2, 1, 20), Logs.Entry(3, 2, 40), Logs.Entry(4, 2, 80)]);

        log.TruncateFrom(3);

        Assert.Equal(new long[] { 1, 1 }, Logs.TermsOf(log));
        Assert.Equal(2, log.LastIndex);
        Assert.Equal(1, log.LastTerm);
        Assert.Equal(30, log.CommandBytes);
        Assert.Null(log.TermAt(3));
    }

    [Fact]
    public void TruncateFrom_beyond_the_end_changes_nothing()
    {
        var log = Logs.WithTerms(1, 2);

        log.TruncateFrom(3);

        Assert.Equal(new long[] { 1, 2 }, Logs.TermsOf(log));
    }

    [Fact]
    public void TruncateFrom_refuses_to_cut_into_the_snapshot()
    {
        var log = Logs.AfterSnapshot(5, 2, 2, 3);

        Assert.Throws<InvalidOperationException>(() => log.TruncateFrom(5));
        Assert.Equal(7, log.LastIndex);
    }

    [Fact]
    public void TruncateFrom_the_first_index_after_a_snapshot_empties_the_log_down_to_the_snapshot()
    {
        var log = Logs.AfterSnapshot(5, 2, 2, 3);

        log.TruncateFrom(6);

        Assert.Equal(5, log.LastIndex);
        Assert.Equal(2, log.LastTerm);
        Assert.Equal(0, log.Count);
    }

    [Fact]
    public void Slice_stops_before_the_byte_limit_is_passed()
    {
        var log = new RaftLog(entries: [Logs.Entry(1, 1, 10), Logs.Entry(2, 1, 10), Logs.Entry(3, 1, 10), Logs.Entry(4, 1, 10)]);

        var slice = log.Slice(1, maxCount: 100, maxBytes: 25);

        Assert.Equal(new long[] { 1, 2 }, slice.Select(e => e.Index).ToArray());
    }

    [Fact]
    public void Slice_includes_an_entry_that_reaches_the_byte_limit_exactly()
    {
        var log = new RaftLog(entries: [Logs.Entry(1, 1, 10), Logs.Entry(2, 1, 10), Logs.Entry(3, 1, 10)]);

        var slice = log.Slice(1, maxCount: 100, maxBytes: 20);

        Assert.Equal(new long[] { 1, 2 }, slice.Select(e => e.Index).ToArray());
    }

    [Fact]
    public void Slice_returns_one_entry_larger_than_the_byte_limit_alone()
    {
        var log = new RaftLog(entries: [Logs.Entry(1, 1, 10), Logs.Entry(2, 1, 100), Logs.Entry(3, 1, 1)]);

        var slice = log.Slice(2, maxCount: 100, maxBytes: 50);

        Assert.Equal(new long[] { 2 }, slice.Select(e => e.Index).ToArray());
    }

    [Fact]
    public void Slice_stops_at_the_count_limit()
    {
        var log = Logs.WithTerms(1, 1, 1, 1, 1);

        var slice = log.Slice(2, maxCount: 3, maxBytes: long.MaxValue);

        Assert.Equal(new long[] { 2, 3, 4 }, slice.Select(e => e.Index).ToArray());
    }

    [Fact]
    public void Slice_past_the_end_is_empty()
    {
        var log = Logs.WithTerms(1, 1);

        Assert.Empty(log.Slice(3, maxCount: 10, maxBytes: 100));
    }

    [Fact]
    public void Slice_refuses_indexes_inside_the_snapshot()
    {
        var log = Logs.AfterSnapshot(5, 2, 2);

        Assert.Throws<ArgumentOutOfRangeException>(() => log.Slice(5, maxCount: 10, maxBytes: 100));
        Assert.Equal(new long[] { 6 }, log.Slice(6, maxCount: 10, maxBytes: 100).Select(e => e.Index).ToArray());
    }

    [Fact]
    public void CopyRange_gives_the_entries_of_the_range_that_the_log_holds_as_a_new_array()
    {
        var log = Logs.AfterSnapshot(5, 2, 2, 3, 3);   // entries 6, 7, 8

        var copy = log.CopyRange(7, 8);

        Assert.Equal(new long[] { 7, 8 }, copy.Select(e => e.Index).ToArray());
        Assert.Equal(new long[] { 6, 7, 8 }, log.CopyRange(1, 100).Select(e => e.Index).ToArray());
        Assert.Empty(log.CopyRange(8, 7));
        Assert.Empty(log.CopyRange(9, 12));
        Assert.Equal(log.Range(6, 8), log.CopyRange(6, 8));
    }

    [Fact]
    public void TermAt_knows_the_snapshot_point_but_not_what_it_compacted_or_what_lies_beyond_the_end()
    {
        var log = Logs.AfterSnapshot(5, 2, 3, 4);

        Assert.Null(log.TermAt(4));
        Assert.Equal(2L, log.TermAt(5));
        Assert.Equal(3L, log.TermAt(6));
        Assert.Equal(4L, log.TermAt(7));
        Assert.Null(log.TermAt(8));
    }

    [Fact]
    public void Matches_only_an_index_held_with_the_same_term()
    {
        var log = Logs.AfterSnapshot(5, 2, 3, 4);

        Assert.True(log.Matches(5, 2));
        Assert.True(log.Matches(7, 4));
        Assert.False(log.Matches(7, 3));
        Assert.False(log.Matches(8, 4));
        Assert.False(log.Matches(4, 2));
    }

    [Fact]
    public void An_empty_log_matches_only_the_start()
    {
        var log = new RaftLog();

        Assert.True(log.Matches(0, 0));
        Assert.False(log.Matches(1, 1));
    }

    [Fact]
    public void EntryAt_refuses_indexes_outside_the_log()
    {
        var log = Logs.AfterSnapshot(5, 2, 3);

        Assert.Throws<ArgumentOutOfRangeException>(() => log.EntryAt(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => log.EntryAt(7));
        Assert.Equal(6, log.EntryAt(6).Index);
    }

    [Theory]
    [InlineData(3, 1, true)] // §5.4.1: a higher last term wins, however short the log
    [InlineData(1, 9, false)] // an older last term loses, however long the log
    [InlineData(2, 4, true)] // same last term, same length
    [InlineData(2, 5, true)] // same last term, longer
    [InlineData(2, 3, false)] // same last term, shorter
    public void IsAtLeastAsUpToDateAs_compares_last_terms_first_then_lengths(long lastTerm, long lastIndex, bool expected)
    {
        var log = Logs.WithTerms(1, 1, 2, 2);

        Assert.Equal(expected, log.IsAtLeastAsUpToDateAs(lastTerm, lastIndex));
    }

    [Fact]
    public void IsAtLeastAsUpToDateAs_uses_the_snapshot_term_when_the_log_after_it_is_empty()
    {
        var log = new RaftLog(snapshotIndex: 10, snapshotTerm: 3);

        Assert.False(log.IsAtLeastAsUpToDateAs(3, 9));
        Assert.True(log.IsAtLeastAsUpToDateAs(3, 10));
        Assert.False(log.IsAtLeastAsUpToDateAs(2, 50));
    }
}
