using Raft.Actors.Core;
using Raft.Actors.Protocol;
using static Raft.Actors.Protocol.RaftProtocol;

namespace Raft.Tests.Core;

/// <summary>
/// InstallSnapshot receiver (§7, Figure 13): chunks are assembled in order; the finished snapshot replaces the log
/// it disagrees with, is handed to the state machine, and is acknowledged once durable.
/// </summary>
public sealed class InstallSnapshotReceiverTests
{
    [Fact]
    public void Chunks_are_assembled_in_order_and_the_snapshot_acknowledged_once_durable()
    {
        var driver = NodeDriver.Recover(term: 1);

        EffectAssert.Exactly(driver.Step(new InstallSnapshot(1, "n2", 5, 1, 0, [1, 2, 3], Done: false)),
            "StartElectionTimer",
            "RoleChanged Follower term 1 leader n2",
            "Send n2 InstallSnapshotResult(term 1, 5, next 3)");
        var last = driver.Step(new InstallSnapshot(1, "n2", 5, 1, 3, [4, 5, 6], Done: true));

        EffectAssert.Exactly(last,
            "StartElectionTimer",
            "RestoreSnapshot 5@1 (6 bytes)",
            "Persist #1: TruncateFrom 1; Snapshot 5@1 (6 bytes)");
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, last.OfType<RaftEffect.RestoreSnapshot>().Single().Snapshot.Data);
        Assert.Equal(5, driver.Node.CommitIndex);
        EffectAssert.Exactly(driver.CompleteWrite(),
            "SnapshotDurable 5",
            "Send n2 InstallSnapshotResult(term 1, 5, next 6, installed)");
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, driver.Journal.ToRecovery().Snapshot!.Data);
    }

    [Fact]
    public void A_chunk_at_an_unexpected_offset_is_answered_with_the_offset_expected()
    {
        var driver = NodeDriver.Recover(term: 1);
        driver.Step(new InstallSnapshot(1, "n2", 5, 1, 0, [1, 2, 3], Done: false));

        var effects = driver.Step(new InstallSnapshot(1, "n2", 5, 1, 6, [7, 8], Done: true));

        EffectAssert.Exactly(effects,
            "StartElectionTimer",
            "Send n2 InstallSnapshotResult(term 1, 5, next 3)");
        Assert.Equal(0, driver.Node.Log.SnapshotIndex);
    }

    [Fact]
    public void A_transfer_joined_midway_is_answered_with_offset_0()
    {
        var driver = NodeDriver.Recover(term: 1);

        var effects = driver.Step(new InstallSnapshot(1, "n2", 5, 1, 3, [4, 5, 6], Done: true));

        EffectAssert.Exactly(effects,
            "StartElectionTimer",
            "RoleChanged Follower term 1 leader n2",
            "Send n2 InstallSnapshotResult(term 1, 5, next 0)");
    }

    [Fact]
    public void A_chunk_of_another_snapshot_midway_through_a_transfer_is_answered_with_offset_0()
    {
        var driver = NodeDriver.Recover(term: 1);
        driver.Step(new InstallSnapshot(1, "n2", 5, 1, 0, [1, 2, 3], Done: false));

        EffectAssert.Exactly(driver.Step(new InstallSnapshot(1, "n2", 7, 1, 3, [4, 5, 6], Done: true)),
            "StartElectionTimer",
            "Send n2 InstallSnapshotResult(term 1, 7, next 0)");
    }

    [Fact]
    public void A_snapshot_the_commit_index_already_covers_is_acknowledged_and_ignored()
    {
        var driver = NodeDriver.Recover(term: 1, terms: [1, 1, 1, 1, 1, 1]);
        driver.Step(new AppendEntries(1, "n2", 6, 1, [], LeaderCommit: 6));

        var effects = driver.Step(new InstallSnapshot(1, "n2", 5, 1, 0, [9, 9], Done: true));

        EffectAssert.Exactly(effects,
            "StartElectionTimer",
            "Send n2 InstallSnapshotResult(term 1, 5, next 2, installed)");
        Assert.Equal(0, driver.Node.Log.SnapshotIndex);
    }

    [Fact]
    public void A_snapshot_the_log_agrees_with_keeps_the_entries_after_it()
    {
        var driver = NodeDriver.Recover(term: 1, terms: [1, 1, 1, 1, 1, 1, 1]);

        var effects = driver.Step(new InstallSnapshot(1, "n2", 5, 1, 0, [7, 7, 7], Done: true));

        EffectAssert.Exactly(effects,
            "StartElectionTimer",
            "RoleChanged Follower term 1 leader n2",
            "RestoreSnapshot 5@1 (3 bytes)",
            "Persist #1: Snapshot 5@1 (3 bytes)");
        Assert.Equal(5, driver.Node.Log.SnapshotIndex);
        Assert.Equal(7, driver.Node.Log.LastIndex);
        driver.CompleteWrite();
        Assert.Equal(new long[] { 6, 7 }, driver.Journal.ToRecovery().Entries.Select(e => e.Index));
    }

    [Fact]
    public void A_snapshot_the_log_disagrees_with_replaces_the_whole_log()
    {
        var driver = NodeDriver.Recover(term: 3, terms: [1, 1, 1, 2, 2, 2, 2]);

        var effects = driver.Step(new InstallSnapshot(3, "n2", 5, 3, 0, [7, 7], Done: true));

        EffectAssert.Exactly(effects,
            "StartElectionTimer",
            "RoleChanged Follower term 3 leader n2",
            "RestoreSnapshot 5@3 (2 bytes)",
            "Persist #1: TruncateFrom 1; Snapshot 5@3 (2 bytes)");
        Assert.Equal(5, driver.Node.Log.LastIndex);
        Assert.Equal(0, driver.Node.Log.Count);
        driver.CompleteWrite();
        Assert.Empty(driver.Journal.ToRecovery().Entries);
    }

    [Fact]
    public void A_snapshot_of_an_older_term_is_refused_without_restarting_the_election_timer()
    {
        var driver = NodeDriver.Recover(term: 3);

        EffectAssert.Exactly(driver.Step(new InstallSnapshot(2, "n2", 5, 1, 0, [1, 2], Done: true)),
            "Send n2 InstallSnapshotResult(term 3, 5, next 0)");
    }

    [Fact]
    public void A_candidate_that_receives_a_snapshot_from_the_leader_of_its_term_becomes_its_follower()
    {
        var driver = NodeDriver.Start(options: NodeDriver.Figure2);
        driver.Step(RaftTimer.ElectionTimeout);
        driver.CompleteWrite();

        var effects = driver.Step(new InstallSnapshot(1, "n2", 5, 1, 0, [1, 2], Done: false));

        EffectAssert.Exactly(effects,
            "StartElectionTimer",
            "RoleChanged Follower term 1 leader n2",
            "Send n2 InstallSnapshotResult(term 1, 5, next 2)");
        Assert.Equal(RaftRole.Follower, driver.Node.Role);
    }

    [Fact]
    public void Entries_after_an_installed_snapshot_are_applied_from_just_after_it()
    {
        var driver = NodeDriver.Recover(term: 1);
        driver.Step(new InstallSnapshot(1, "n2", 5, 1, 0, [1, 2], Done: true));
        driver.CompleteWrite();

        var effects = driver.Step(new AppendEntries(1, "n2", 5, 1, Logs.Entries(6, 1, 1), LeaderCommit: 7));

        EffectAssert.Only<RaftEffect.Apply>(effects, "Apply [6@1, 7@1]");
    }
}
