using Raft.Actors.Core;
using static Raft.Actors.Protocol.RaftProtocol;

namespace Raft.Tests.Core;

/// <summary>
/// A leader whose follower needs entries it has compacted sends its snapshot instead (§7), one chunk in flight at a
/// time, then resumes AppendEntries after the snapshot.
/// </summary>
public sealed class SnapshotSendingTests
{
    private static readonly byte[] Data = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

    [Fact]
    public void A_follower_that_needs_compacted_entries_is_sent_the_snapshot_chunk_by_chunk_then_the_entries_after_it()
    {
        var driver = StartedLeader();

        var first = driver.Step(TooShort());
        EffectAssert.Exactly(first, "Send n2 InstallSnapshot(term 2, 5@1, offset 0, 4 bytes)");
        Assert.Equal(Data[..4], NodeDriver.SentTo<InstallSnapshot>(first, "n2").Data);

        EffectAssert.Exactly(driver.Step(new InstallSnapshotResult(2, "n2", 5, NextOffset: 4, Installed: false)),
            "Send n2 InstallSnapshot(term 2, 5@1, offset 4, 4 bytes)");
        var last = driver.Step(new InstallSnapshotResult(2, "n2", 5, NextOffset: 8, Installed: false));
        EffectAssert.Exactly(last, "Send n2 InstallSnapshot(term 2, 5@1, offset 8, 2 bytes, done)");
        Assert.Equal(Data[8..], NodeDriver.SentTo<InstallSnapshot>(last, "n2").Data);

        EffectAssert.Exactly(driver.Step(new InstallSnapshotResult(2, "n2", 5, NextOffset: 10, Installed: true)),
            "Send n2 AppendEntries(term 2, prev 5@1, [6@1, 7@2 noop], commit 5)");
    }

    [Fact]
    public void A_follower_that_asks_for_another_offset_is_sent_the_chunk_there()
    {
        var driver = StartedLeader();
        driver.Step(TooShort());
        driver.Step(new InstallSnapshotResult(2, "n2", 5, NextOffset: 4, Installed: false));

        EffectAssert.Exactly(driver.Step(new InstallSnapshotResult(2, "n2", 5, NextOffset: 0, Installed: false)),
            "Send n2 InstallSnapshot(term 2, 5@1, offset 0, 4 bytes)");
    }

    [Fact]
    public void A_chunk_unanswered_for_two_ticks_is_sent_again()
    {
        var driver = StartedLeader();
        driver.Step(TooShort());
        driver.Step(new InstallSnapshotResult(2, "n2", 5, NextOffset: 4, Installed: false));

        EffectAssert.None(driver.Step(RaftTimer.HeartbeatTick));
        EffectAssert.Exactly(driver.Step(RaftTimer.HeartbeatTick),
            "Send n2 InstallSnapshot(term 2, 5@1, offset 4, 4 bytes)",
            "Send n3 AppendEntries(term 2, prev 6@1, [7@2 noop], commit 5)");
    }

    [Fact]
    public void A_snapshot_reply_for_another_snapshot_or_while_not_sending_one_is_ignored()
    {
        var driver = StartedLeader();

        EffectAssert.None(driver.Step(new InstallSnapshotResult(2, "n2", 5, NextOffset: 4, Installed: false)));
        driver.Step(TooShort());
        EffectAssert.None(driver.Step(new InstallSnapshotResult(2, "n2", 4, NextOffset: 4, Installed: true)));
    }

    [Fact]
    public void A_follower_still_probed_for_entries_that_a_snapshot_then_compacts_is_sent_that_snapshot_at_once()
    {
        var driver = NodeDriver.Start(options: new RaftOptions { SnapshotChunkBytes = 4 });
        var elected = driver.ElectAsLeader();
        driver.CompleteWrite();
        driver.Accept("n2", NodeDriver.SentTo<AppendEntries>(elected, "n2"));

        EffectAssert.Exactly(driver.SnapshotTaken(1, 1, [7, 7]), "Persist #3: Snapshot 1@1 (2 bytes)");

        EffectAssert.Exactly(driver.CompleteWrite(),
            "SnapshotDurable 1",
            "Send n3 InstallSnapshot(term 1, 1@1, offset 0, 2 bytes, done)");
    }

    /// <summary>Leads term 2 from a journal holding a snapshot through 5@1 (10 bytes) and entry 6@1; chunks of 4 bytes.</summary>
    private static NodeDriver StartedLeader()
    {
        var driver = NodeDriver.Recover(term: 1, terms: [1], snapshot: new SnapshotRecord(5, 1, Data), options: new RaftOptions { SnapshotChunkBytes = 4 });
        driver.ElectAsLeader();
        driver.CompleteWrite();
        return driver;
    }

    /// <summary>n2 has an empty log: it rejects the probe at 6.</summary>
    private static AppendEntriesResult TooShort() => new(2, "n2", Success: false, 6, 0, ConflictTerm: 0, ConflictIndex: 1, LastLogIndex: 0);
}
