using static Raft.Actors.Protocol.RaftProtocol;

namespace Raft.Tests.Core;

/// <summary>Log compaction (§7): a snapshot the state machine took is journaled, and the log it covers dropped only once it is durable.</summary>
public sealed class SnapshotTakenTests
{
    [Fact]
    public void A_snapshot_compacts_the_log_only_once_it_is_durable()
    {
        var driver = Committed(terms: [1, 1, 1]);

        EffectAssert.Exactly(driver.SnapshotTaken(2, 1, [5, 5]), "Persist #1: Snapshot 2@1 (2 bytes)");
        Assert.Equal(0, driver.Node.Log.SnapshotIndex);

        EffectAssert.Exactly(driver.CompleteWrite(), "SnapshotDurable 2");
        Assert.Equal(2, driver.Node.Log.SnapshotIndex);
        Assert.Equal(3, driver.Node.Log.LastIndex);
    }

    [Fact]
    public void A_snapshot_no_newer_than_the_current_one_is_ignored()
    {
        var driver = Committed(terms: [1, 1, 1]);
        driver.SnapshotTaken(2, 1, [5, 5]);
        driver.CompleteWrite();

        EffectAssert.None(driver.SnapshotTaken(2, 1, [5, 5]));
        EffectAssert.None(driver.SnapshotTaken(1, 1, [5]));
        Assert.False(driver.Node.HasPendingWork);
    }

    [Fact]
    public void A_snapshot_taken_again_at_one_index_before_the_first_is_durable_is_journaled_once()
    {
        var driver = Committed(terms: [1, 1, 1]);
        driver.SnapshotTaken(2, 1, [5, 5]);
        driver.SnapshotTaken(2, 1, [5, 5]);

        EffectAssert.Exactly(driver.CompleteWrite(), "SnapshotDurable 2");
        Assert.False(driver.Node.HasPendingWork);
        Assert.Equal(new long[] { 3 }, driver.Journal.ToRecovery().Entries.Select(e => e.Index));
    }

    [Fact]
    public void An_older_snapshot_taken_while_a_newer_one_is_being_written_is_ignored()
    {
        var driver = Committed(terms: [1, 1, 1]);
        driver.SnapshotTaken(3, 1, [5, 5, 5]);
        EffectAssert.None(driver.SnapshotTaken(2, 1, [5, 5]));

        EffectAssert.Exactly(driver.CompleteWrite(), "SnapshotDurable 3");
        Assert.False(driver.Node.HasPendingWork);
        Assert.Equal(3, driver.Journal.ToRecovery().Snapshot!.LastIncludedIndex);
        Assert.Equal(EffectText.Recovery(driver.Journal.ToRecovery()), EffectText.Recovery(driver.Node.DurableState()));
    }

    [Fact]
    public void A_snapshot_of_a_term_the_log_does_not_hold_there_is_ignored()
    {
        var driver = Committed(terms: [1, 1, 1]);

        EffectAssert.None(driver.SnapshotTaken(2, 2, [5, 5]));
        Assert.False(driver.Node.HasPendingWork);
    }

    [Fact]
    public void A_snapshot_overtaken_by_a_newer_installed_one_before_it_was_durable_leaves_the_newer_in_place()
    {
        var driver = Committed(terms: [1, 1, 1]);
        driver.SnapshotTaken(2, 1, [5, 5]);
        driver.Step(new InstallSnapshot(1, "n2", 6, 1, 0, [6, 6, 6], Done: true));

        EffectAssert.Exactly(driver.CompleteWrite(), "Persist #2: TruncateFrom 1; Snapshot 6@1 (3 bytes)");
        EffectAssert.Exactly(driver.CompleteWrite(),
            "SnapshotDurable 6",
            "Send n2 InstallSnapshotResult(term 1, 6, next 3, installed)");
        Assert.Equal(6, driver.Node.Log.SnapshotIndex);
        Assert.Equal(6, driver.Journal.SnapshotIndex);
    }

    /// <summary>A follower of n2 in term 1 whose entries are all committed.</summary>
    private static NodeDriver Committed(long[] terms)
    {
        var driver = NodeDriver.Recover(term: 1, terms: terms);
        driver.Step(new AppendEntries(1, "n2", terms.Length, terms[^1], [], LeaderCommit: terms.Length));
        return driver;
    }
}
