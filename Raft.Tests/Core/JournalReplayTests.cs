using Raft.Actors.Core;
using Raft.Actors.Persistence;
using Raft.Actors.Protocol;

namespace Raft.Tests.Core;

/// <summary>
/// <see cref="JournalReplay"/> rebuilds what a journal holds from a storage snapshot and the operations written after
/// it, and refuses a record that leaves a gap, naming where.
/// </summary>
public sealed class JournalReplayTests
{
    [Fact]
    public void An_empty_journal_replays_to_the_initial_state()
    {
        var replay = new JournalReplay("raft/c/n1");

        Assert.Equal(EffectText.Recovery(JournalRecovery.Empty), EffectText.Recovery(replay.ToRecovery()));
    }

    [Fact]
    public void Operations_after_a_restored_storage_snapshot_apply_on_top_of_it()
    {
        var replay = new JournalReplay("raft/c/n1");
        replay.Restore(new JournalRecovery(new HardState(2, "n2"), new SnapshotRecord(3, 1, [3]), Logs.Entries(4, 1, 2)));

        replay.Apply(new JournalOperation.Append(Logs.Entries(6, 2)), 10);
        replay.Apply(new JournalOperation.SaveHardState(new HardState(3, null)), 11);

        var expected = new JournalRecovery(new HardState(3, null), new SnapshotRecord(3, 1, [3]), Logs.Entries(4, 1, 2, 2));
        Assert.Equal(EffectText.Recovery(expected), EffectText.Recovery(replay.ToRecovery()));
        Assert.Equal(6, replay.LastIndex);
        Assert.Equal(3, replay.SnapshotIndex);
        Assert.Equal(3, replay.EntryCount);
    }

    [Fact]
    public void A_truncation_deletes_the_entry_and_all_after_it()
    {
        var replay = Replayed(Logs.Entries(1, 1, 1, 1, 1));

        replay.Apply(new JournalOperation.TruncateFrom(3));
        replay.Apply(new JournalOperation.Append(Logs.Entries(3, 2)));

        Assert.Equal(new long[] { 1, 1, 2 }, replay.ToRecovery().Entries.Select(e => e.Term));
    }

    [Fact]
    public void A_snapshot_the_log_agrees_with_keeps_the_entries_after_it()
    {
        var replay = Replayed(Logs.Entries(1, 1, 1, 1, 2, 2));

        replay.Apply(new JournalOperation.SaveSnapshot(new SnapshotRecord(3, 1, [9])));

        var recovery = replay.ToRecovery();
        Assert.Equal(3, recovery.Snapshot!.LastIncludedIndex);
        Assert.Equal(new long[] { 4, 5 }, recovery.Entries.Select(e => e.Index));
    }

    [Fact]
    public void A_snapshot_at_the_index_of_the_current_one_deletes_no_entry()
    {
        var replay = new JournalReplay("raft/c/n1");
        replay.Restore(new JournalRecovery(HardState.Initial, new SnapshotRecord(3, 1, [3]), Logs.Entries(4, 1, 2)));

        replay.Apply(new JournalOperation.SaveSnapshot(new SnapshotRecord(3, 1, [3])));

        Assert.Equal(new long[] { 4, 5 }, replay.ToRecovery().Entries.Select(e => e.Index));
    }

    [Theory]
    [InlineData(3, 2)] // disagrees with the entry at its index
    [InlineData(8, 2)] // reaches past the log
    public void A_snapshot_the_log_does_not_hold_replaces_the_whole_log(long index, long term)
    {
        var replay = Replayed(Logs.Entries(1, 1, 1, 1, 1, 1));

        replay.Apply(new JournalOperation.SaveSnapshot(new SnapshotRecord(index, term, [9])));

        Assert.Empty(replay.ToRecovery().Entries);
        Assert.Equal(index, replay.LastIndex);
    }

    [Fact]
    public void An_append_that_leaves_a_gap_is_refused_naming_the_journal_and_the_record_and_changes_nothing()
    {
        var replay = Replayed(Logs.Entries(1, 1, 1));

        var error = Assert.Throws<JournalCorruptedException>(() => replay.Apply(new JournalOperation.Append(Logs.Entries(5, 1)), 17));

        Assert.Equal("raft/c/n1", error.Location);
        Assert.Equal("Journal raft/c/n1 is unreadable: record 17 appends entry 5 where 3 was expected", error.Message);
        Assert.Equal(2, replay.LastIndex);
    }

    [Fact]
    public void An_append_whose_entries_are_not_consecutive_is_refused()
    {
        var replay = new JournalReplay("raft/c/n1");

        var error = Assert.Throws<JournalCorruptedException>(() => replay.Apply(new JournalOperation.Append([Logs.Entry(1, 1), Logs.Entry(3, 1)]), 4));

        Assert.Equal("record 4 appends entry 3 where 2 was expected", error.Problem);
        Assert.Equal(0, replay.LastIndex);
    }

    [Fact]
    public void A_storage_snapshot_whose_entries_leave_a_gap_is_refused()
    {
        var replay = new JournalReplay("raft/c/n1");

        var error = Assert.Throws<JournalCorruptedException>(() =>
            replay.Restore(new JournalRecovery(HardState.Initial, new SnapshotRecord(3, 1, [3]), [Logs.Entry(4, 1), Logs.Entry(6, 1)])));

        Assert.Equal("its snapshot holds entry 6 where 5 was expected", error.Problem);
    }

    private static JournalReplay Replayed(LogEntry[] entries)
    {
        var replay = new JournalReplay("raft/c/n1");
        replay.Apply(new JournalOperation.Append(entries), 1);
        return replay;
    }
}
