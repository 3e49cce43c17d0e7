using Akka.TestKit.Xunit2;
using Raft.Actors.TestKit.Probes;
using Xunit.Abstractions;
using static Raft.Actors.Protocol.RaftProtocol;

namespace Raft.Tests.Peer;

/// <summary>InstallSnapshot receiver (§7, Figure 13); n2 plays the leader sending a snapshot that ends at index 10, term 1.</summary>
public sealed class InstallSnapshotReceiverTests(ITestOutputHelper output) : TestKit(PeerUnderTest.Config, output)
{
    private static readonly byte[] Data = PeerDriver.SnapshotData(64);

    [Fact]
    public void A_snapshot_of_an_older_term_is_refused()
    {
        var peer = PeerDriver.Start(this, term: 3, terms: [1]);

        peer.Send("n2", new InstallSnapshot(2, "n2", 10, 2, 0, Data, Done: true));

        Assert.Equal(new InstallSnapshotResult(3, "n1", 10, 0, Installed: false), peer.Probe("n2").ExpectMsg<InstallSnapshotResult>());
        var status = peer.Status();
        Assert.Equal((0L, 1L), (status.SnapshotIndex, status.LastLogIndex));
        Assert.Null(peer.Journal.Read().Snapshot);
    }

    [Fact]
    public void A_snapshot_the_commit_index_already_covers_is_acknowledged_and_ignored()
    {
        var peer = PeerDriver.Start(this, term: 1, terms: [1, 1, 1, 1, 1]);
        CommitThrough(peer, 5);

        peer.Send("n2", new InstallSnapshot(1, "n2", 3, 1, 0, Data, Done: true));

        Assert.Equal(new InstallSnapshotResult(1, "n1", 3, Data.Length, Installed: true), peer.Probe("n2").ExpectMsg<InstallSnapshotResult>());
        var status = peer.Status();
        Assert.Equal((0L, 5L, 5L), (status.SnapshotIndex, status.LastLogIndex, status.CommitIndex));
        Assert.Null(peer.Journal.Read().Snapshot);
    }

    [Fact]
    public void Chunks_are_assembled_in_order_and_an_unexpected_offset_is_answered_with_the_expected_one()
    {
        var peer = PeerDriver.Start(this, term: 1);
        var n2 = peer.Probe("n2");

        peer.Send("n2", Chunk(0, 20, done: false));
        Assert.Equal(new InstallSnapshotResult(1, "n1", 10, 20, false), n2.ExpectMsg<InstallSnapshotResult>());

        peer.Send("n2", Chunk(40, 64, done: true));
        Assert.Equal(new InstallSnapshotResult(1, "n1", 10, 20, false), n2.ExpectMsg<InstallSnapshotResult>(hint: "a chunk skipped ahead: still expecting 20"));

        peer.Send("n2", Chunk(20, 40, done: false));
        Assert.Equal(new InstallSnapshotResult(1, "n1", 10, 40, false), n2.ExpectMsg<InstallSnapshotResult>());

        peer.Send("n2", Chunk(40, 64, done: true));
        Assert.Equal(new InstallSnapshotResult(1, "n1", 10, 64, true), n2.ExpectMsg<InstallSnapshotResult>());

        var stored = peer.Journal.Read().Snapshot!;
        Assert.Equal((10L, 1L), (stored.LastIncludedIndex, stored.LastIncludedTerm));
        Assert.Equal(Data, stored.Data);
        var status = peer.Status();
        Assert.Equal((10L, 10L, 10L), (status.SnapshotIndex, status.LastLogIndex, status.CommitIndex));
    }

    [Fact]
    public void A_chunk_at_a_later_offset_with_no_transfer_under_way_is_answered_with_offset_0()
    {
        var peer = PeerDriver.Start(this, term: 1);

        peer.Send("n2", Chunk(20, 40, done: false));

        Assert.Equal(new InstallSnapshotResult(1, "n1", 10, 0, false), peer.Probe("n2").ExpectMsg<InstallSnapshotResult>());
    }

    [Fact]
    public void The_log_suffix_is_kept_when_the_log_holds_the_snapshots_last_entry_with_its_term()
    {
        var peer = PeerDriver.Start(this, term: 1, terms: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);

        peer.Send("n2", new InstallSnapshot(1, "n2", 10, 1, 0, Data, Done: true));

        Assert.True(peer.Probe("n2").ExpectMsg<InstallSnapshotResult>().Installed);
        var status = peer.Status();
        Assert.Equal((10L, 12L, 10L), (status.SnapshotIndex, status.LastLogIndex, status.CommitIndex));
        var journal = peer.Journal.Read();
        Assert.Equal(10, journal.Snapshot!.LastIncludedIndex);
        Assert.Equal([11L, 12], journal.Entries.Select(e => e.Index));
    }

    [Fact]
    public void The_log_is_discarded_when_it_holds_the_snapshots_last_index_with_another_term()
    {
        var peer = PeerDriver.Start(this, term: 2, terms: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);

        peer.Send("n2", new InstallSnapshot(2, "n2", 10, 2, 0, Data, Done: true));

        Assert.True(peer.Probe("n2").ExpectMsg<InstallSnapshotResult>().Installed);
        var status = peer.Status();
        Assert.Equal((10L, 10L, 2L), (status.SnapshotIndex, status.LastLogIndex, status.LastLogTerm));
        Assert.Empty(peer.Journal.Read().Entries);
    }

    [Fact]
    public void The_log_is_discarded_when_it_does_not_reach_the_snapshots_last_index()
    {
        var peer = PeerDriver.Start(this, term: 1, terms: [1, 1, 1]);

        peer.Send("n2", new InstallSnapshot(1, "n2", 10, 1, 0, Data, Done: true));

        Assert.True(peer.Probe("n2").ExpectMsg<InstallSnapshotResult>().Installed);
        var status = peer.Status();
        Assert.Equal((10L, 10L), (status.SnapshotIndex, status.LastLogIndex));
        var journal = peer.Journal.Read();
        Assert.Empty(journal.Entries);
        Assert.Equal(10, journal.Snapshot!.LastIncludedIndex);
    }

    [Fact]
    public void Installing_a_snapshot_never_moves_the_commit_index_backwards()
    {
        var peer = PeerDriver.Start(this, term: 1, terms: [1, 1, 1, 1, 1]);
        CommitThrough(peer, 5);

        peer.Send("n2", new InstallSnapshot(1, "n2", 10, 1, 0, Data, Done: true));
        Assert.True(peer.Probe("n2").ExpectMsg<InstallSnapshotResult>().Installed);
        Assert.Equal(10, peer.Status().CommitIndex);

        peer.Send("n2", new AppendEntries(1, "n2", 10, 1, [], LeaderCommit: 7));
        Assert.True(peer.Probe("n2").ExpectMsg<AppendEntriesResult>().Success);
        peer.Send("n2", new InstallSnapshot(1, "n2", 8, 1, 0, Data, Done: true));
        Assert.Equal(new InstallSnapshotResult(1, "n1", 8, Data.Length, true), peer.Probe("n2").ExpectMsg<InstallSnapshotResult>());

        var status = peer.Status();
        Assert.Equal((10L, 10L), (status.CommitIndex, status.SnapshotIndex));
    }

    private static InstallSnapshot Chunk(int from, int to, bool done) => new(1, "n2", 10, 1, from, Data[from..to], done);

    private static void CommitThrough(PeerUnderTest peer, long index)
    {
        peer.Send("n2", new AppendEntries(1, "n2", index, 1, [], LeaderCommit: index));
        Assert.True(peer.Probe("n2").ExpectMsg<AppendEntriesResult>().Success);
        Assert.Equal(index, peer.Status().CommitIndex);
    }
}
