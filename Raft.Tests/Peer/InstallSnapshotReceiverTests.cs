using Raft.Actors.Testing;
using static Raft.Actors.Messages.RaftProtocol;

namespace Raft.Tests.Peer;

/// <summary>InstallSnapshot receiver (§7, Figure 13); n2 plays the leader sending a snapshot that ends at index 10, term 1.</summary>
public sealed class InstallSnapshotReceiverTests
{
    private static readonly byte[] Data = PeerDriver.SnapshotData(64);

    [Fact]
    public void A_snapshot_of_an_older_term_is_refused()
    {
        using var harness = PeerDriver.Start(term: 3, terms: [1]);

        harness.Send("n2", new InstallSnapshot(2, "n2", 10, 2, 0, Data, Done: true));

        Assert.Equal(new InstallSnapshotResult(3, "n1", 10, 0, Installed: false), harness.Probe("n2").ExpectMsg<InstallSnapshotResult>());
        Assert.Equal((0L, 1L), (harness.Log.SnapshotIndex, harness.Log.LastIndex));
        Assert.Null(harness.Journal.Load().Snapshot);
    }

    [Fact]
    public void A_snapshot_the_commit_index_already_covers_is_acknowledged_and_ignored()
    {
        using var harness = PeerDriver.Start(term: 1, terms: [1, 1, 1, 1, 1]);
        CommitThrough(harness, 5);

        harness.Send("n2", new InstallSnapshot(1, "n2", 3, 1, 0, Data, Done: true));

        Assert.Equal(new InstallSnapshotResult(1, "n1", 3, Data.Length, Installed: true), harness.Probe("n2").ExpectMsg<InstallSnapshotResult>());
        Assert.Equal((0L, 5L, 5L), (harness.Log.SnapshotIndex, harness.Log.LastIndex, harness.Status.CommitIndex));
        Assert.Null(harness.Journal.Load().Snapshot);
    }

    [Fact]
    public void Chunks_are_assembled_in_order_and_an_unexpected_offset_is_answered_with_the_expected_one()
    {
        using var harness = PeerDriver.Start(term: 1);
        var n2 = harness.Probe("n2");

        harness.Send("n2", Chunk(0, 20, done: false));
        Assert.Equal(new InstallSnapshotResult(1, "n1", 10, 20, false), n2.ExpectMsg<InstallSnapshotResult>());

        harness.Send("n2", Chunk(40, 64, done: true));
        Assert.Equal(new InstallSnapshotResult(1, "n1", 10, 20, false), n2.ExpectMsg<InstallSnapshotResult>(hint: "a chunk skipped ahead: still expecting 20"));

        harness.Send("n2", Chunk(20, 40, done: false));
        Assert.Equal(new InstallSnapshotResult(1, "n1", 10, 40, false), n2.ExpectMsg<InstallSnapshotResult>());

        harness.Send("n2", Chunk(40, 64, done: true));
        Assert.Equal(new InstallSnapshotResult(1, "n1", 10, 64, true), n2.ExpectMsg<InstallSnapshotResult>());

        var stored = harness.Journal.Load().Snapshot!;
        Assert.Equal((10L, 1L), (stored.LastIncludedIndex, stored.LastIncludedTerm));
        Assert.Equal(Data, stored.Data);
        Assert.Equal((10L, 10L, 10L), (harness.Log.SnapshotIndex, harness.Log.LastIndex, harness.Status.CommitIndex));
    }

    [Fact]
    public void A_chunk_at_a_later_offset_with_no_transfer_under_way_is_answered_with_offset_0()
    {
        using var harness = PeerDriver.Start(term: 1);

        harness.Send("n2", Chunk(20, 40, done: false));

        Assert.Equal(new InstallSnapshotResult(1, "n1", 10, 0, false), harness.Probe("n2").ExpectMsg<InstallSnapshotResult>());
    }

    [Fact]
    public void The_log_suffix_is_kept_when_the_log_holds_the_snapshots_last_entry_with_its_term()
    {
        using var harness = PeerDriver.Start(term: 1, terms: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);

        harness.Send("n2", new InstallSnapshot(1, "n2", 10, 1, 0, Data, Done: true));

        Assert.True(harness.Probe("n2").ExpectMsg<InstallSnapshotResult>().Installed);
        Assert.Equal((10L, 12L, 10L), (harness.Log.SnapshotIndex, harness.Log.LastIndex, harness.Status.CommitIndex));
        var journal = harness.Journal.Load();
        Assert.Equal(10, journal.Snapshot!.LastIncludedIndex);
        Assert.Equal([11L, 12], journal.Entries.Select(e => e.Index).ToArray());
    }

    [Fact]
    public void The_log_is_discarded_when_it_holds_the_snapshots_last_index_with_another_term()
    {
        using var harness = PeerDriver.Start(term: 2, terms: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);

        harness.Send("n2", new InstallSnapshot(2, "n2", 10, 2, 0, Data, Done: true));

        Assert.True(harness.Probe("n2").ExpectMsg<InstallSnapshotResult>().Installed);
        Assert.Equal((10L, 10L, 2L, 0), (harness.Log.SnapshotIndex, harness.Log.LastIndex, harness.Log.LastTerm, harness.Log.Count));
        Assert.Empty(harness.Journal.Load().Entries);
    }

    [Fact]
    public void The_log_is_discarded_when_it_does_not_reach_the_snapshots_last_index()
    {
        using var harness = PeerDriver.Start(term: 1, terms: [1, 1, 1]);

        harness.Send("n2", new InstallSnapshot(1, "n2", 10, 1, 0, Data, Done: true));

        Assert.True(harness.Probe("n2").ExpectMsg<InstallSnapshotResult>().Installed);
        Assert.Equal((10L, 10L, 0), (harness.Log.SnapshotIndex, harness.Log.LastIndex, harness.Log.Count));
        Assert.Empty(harness.Journal.Load().Entries);
        Assert.Equal(10, harness.Journal.Load().Snapshot!.LastIncludedIndex);
    }

    [Fact]
    public void Installed_is_reported_only_once_the_snapshot_is_durable()
    {
        using var harness = PeerDriver.Start(term: 1, options: PeerDriver.Options(PeerDriver.SlowSync));

        harness.Send("n2", new InstallSnapshot(1, "n2", 10, 1, 0, Data, Done: true));

        Assert.True(harness.Probe("n2").ExpectMsg<InstallSnapshotResult>().Installed);
        var stored = harness.Journal.Load().Snapshot;
        Assert.True(stored is not null, "the snapshot should be in the journal when Installed arrives");
        Assert.Equal((10L, 1L), (stored.LastIncludedIndex, stored.LastIncludedTerm));
        Assert.Equal(Data, stored.Data);
    }

    [Fact]
    public void Installing_a_snapshot_never_moves_the_commit_index_backwards()
    {
        using var harness = PeerDriver.Start(term: 1, terms: [1, 1, 1, 1, 1]);
        CommitThrough(harness, 5);

        harness.Send("n2", new InstallSnapshot(1, "n2", 10, 1, 0, Data, Done: true));
        Assert.True(harness.Probe("n2").ExpectMsg<InstallSnapshotResult>().Installed);
        Assert.Equal(10, harness.Status.CommitIndex);

        harness.Send("n2", new AppendEntries(1, "n2", 10, 1, [], LeaderCommit: 7));
        Assert.True(harness.Probe("n2").ExpectMsg<AppendEntriesResult>().Success);
        harness.Send("n2", new InstallSnapshot(1, "n2", 8, 1, 0, Data, Done: true));
        Assert.Equal(new InstallSnapshotResult(1, "n1", 8, Data.Length, true), harness.Probe("n2").ExpectMsg<InstallSnapshotResult>());

        Assert.Equal((10L, 10L), (harness.Status.CommitIndex, harness.Log.SnapshotIndex));
    }

    private static InstallSnapshot Chunk(int from, int to, bool done) => new(1, "n2", 10, 1, from, Data[from..to], done);

    private static void CommitThrough(PeerProbeHarness harness, long index)
    {
        harness.Send("n2", new AppendEntries(1, "n2", index, 1, [], LeaderCommit: index));
        Assert.True(harness.Probe("n2").ExpectMsg<AppendEntriesResult>().Success);
        Assert.Equal(index, harness.Status.CommitIndex);
    }
}
