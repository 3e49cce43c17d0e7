using Akka.TestKit.Xunit2;
using Raft.Actors.Core;
using Raft.Actors.TestKit.Probes;
using Xunit.Abstractions;
using static Raft.Actors.Protocol.RaftProtocol;

namespace Raft.Tests.Peer;

/// <summary>
/// AppendEntries receiver, Figure 2 rules 1 to 5, with the conflict hints of fast backtracking; n2 plays the leader.
/// Replies wait for the journal (<see cref="PersistBeforeReplyTests"/>), so once one arrives the journal shows the log.
/// </summary>
public sealed class AppendEntriesReceiverTests(ITestOutputHelper output) : TestKit(PeerUnderTest.Config, output)
{
    [Fact]
    public void Rule_1_rejects_AppendEntries_of_an_older_term()
    {
        var peer = PeerDriver.Start(this, term: 3, terms: [1]);

        peer.Send("n2", new AppendEntries(2, "n2", 1, 1, PeerDriver.Entries(2, 2), 1));

        Assert.Equal(new AppendEntriesResult(3, "n1", false, 1, 0, 0, 0, 1), peer.Probe("n2").ExpectMsg<AppendEntriesResult>());
        Assert.Equal([1L], peer.JournalTerms());
        var status = peer.Status();
        Assert.Equal((1L, 0L), (status.LastLogIndex, status.CommitIndex));
    }

    [Fact]
    public void Rule_2_rejects_a_prevLogIndex_past_the_end_with_term_0_and_the_index_after_the_last()
    {
        var peer = PeerDriver.Start(this, term: 2, terms: [1, 1]);

        peer.Send("n2", new AppendEntries(2, "n2", 5, 2, PeerDriver.Entries(6, 2), 0));

        Assert.Equal(new AppendEntriesResult(2, "n1", false, PrevLogIndex: 5, MatchIndex: 0, ConflictTerm: 0, ConflictIndex: 3, LastLogIndex: 2), peer.Probe("n2").ExpectMsg<AppendEntriesResult>());
        Assert.Equal([1L, 1], peer.JournalTerms());
    }

    [Fact]
    public void Rule_2_rejects_a_mismatching_prevLogTerm_with_the_term_held_there_and_its_first_index()
    {
        var peer = PeerDriver.Start(this, term: 3, terms: [1, 2, 2, 2]);

        peer.Send("n2", new AppendEntries(3, "n2", 4, 3, PeerDriver.Entries(5, 3), 0));

        Assert.Equal(new AppendEntriesResult(3, "n1", false, PrevLogIndex: 4, MatchIndex: 0, ConflictTerm: 2, ConflictIndex: 2, LastLogIndex: 4), peer.Probe("n2").ExpectMsg<AppendEntriesResult>());
        Assert.Equal([1L, 2, 2, 2], peer.JournalTerms());
    }

    [Fact]
    public void Rule_3_deletes_a_conflicting_entry_and_all_that_follow_it()
    {
        var peer = PeerDriver.Start(this, term: 2, terms: [1, 1, 1]);

        peer.Send("n2", new AppendEntries(2, "n2", 1, 1, PeerDriver.Entries(2, 2), 0));

        Assert.Equal(new AppendEntriesResult(2, "n1", true, 1, 2, 0, 0, 2), peer.Probe("n2").ExpectMsg<AppendEntriesResult>());
        Assert.Equal([1L, 2], peer.JournalTerms());
        var status = peer.Status();
        Assert.Equal((2L, 2L), (status.LastLogIndex, status.LastLogTerm));
    }

    [Fact]
    public void Rule_4_does_not_append_entries_already_present()
    {
        var peer = PeerDriver.Start(this, term: 1, terms: [1, 1, 1]);
        var eventsBefore = peer.Journal.ReadEvents().Count;

        peer.Send("n2", new AppendEntries(1, "n2", 1, 1, PeerDriver.Entries(2, 1, 1), 0));

        Assert.Equal(new AppendEntriesResult(1, "n1", true, 1, 3, 0, 0, 3), peer.Probe("n2").ExpectMsg<AppendEntriesResult>());
        Assert.Equal([1L, 1, 1], peer.JournalTerms());
        var written = peer.Journal.ReadEvents().Skip(eventsBefore).ToList();
        Assert.True(written.Count == 0, $"nothing new arrived, so nothing should be journaled; the journal took {string.Join(", ", written)}");
    }

    [Fact]
    public void A_delayed_shorter_AppendEntries_does_not_truncate_what_a_newer_one_appended()
    {
        var peer = PeerDriver.Start(this, term: 1);
        peer.Send("n2", new AppendEntries(1, "n2", 0, 0, PeerDriver.Entries(1, 1, 1, 1), 0));
        Assert.Equal(new AppendEntriesResult(1, "n1", true, 0, 3, 0, 0, 3), peer.Probe("n2").ExpectMsg<AppendEntriesResult>());

        // The leader's earlier request, overtaken on the network, arrives last.
        peer.Send("n2", new AppendEntries(1, "n2", 0, 0, PeerDriver.Entries(1, 1), 0));

        Assert.Equal(new AppendEntriesResult(1, "n1", true, 0, 1, 0, 0, 3), peer.Probe("n2").ExpectMsg<AppendEntriesResult>());
        Assert.Equal([1L, 1, 1], peer.JournalTerms());
        Assert.Equal(3, peer.Status().LastLogIndex);
    }

    [Fact]
    public void Rule_5_sets_commitIndex_to_leaderCommit_capped_at_the_last_new_entry_and_never_lowers_it()
    {
        var peer = PeerDriver.Start(this, term: 1);
        var n2 = peer.Probe("n2");

        peer.Send("n2", new AppendEntries(1, "n2", 0, 0, PeerDriver.Entries(1, 1, 1), LeaderCommit: 5));
        n2.ExpectMsg<AppendEntriesResult>();
        Assert.Equal(2, peer.Status().CommitIndex);

        peer.Send("n2", new AppendEntries(1, "n2", 2, 1, PeerDriver.Entries(3, 1), LeaderCommit: 2));
        n2.ExpectMsg<AppendEntriesResult>();
        Assert.Equal(2, peer.Status().CommitIndex);

        // A heartbeat checked at index 1 vouches for nothing after it, however far the leader has committed.
        peer.Send("n2", new AppendEntries(1, "n2", 1, 1, [], LeaderCommit: 3));
        n2.ExpectMsg<AppendEntriesResult>();
        Assert.Equal(2, peer.Status().CommitIndex);

        peer.Send("n2", new AppendEntries(1, "n2", 3, 1, [], LeaderCommit: 3));
        n2.ExpectMsg<AppendEntriesResult>();
        Assert.Equal(3, peer.Status().CommitIndex);
    }

    [Fact]
    public void Entries_a_snapshot_already_covers_are_skipped_and_the_rest_appended()
    {
        var peer = PeerDriver.Start(this, term: 1, snapshot: new SnapshotRecord(10, 1, PeerDriver.SnapshotData(32)));

        peer.Send("n2", new AppendEntries(1, "n2", 8, 1, PeerDriver.Entries(9, 1, 1, 1, 1), 0));

        Assert.Equal(new AppendEntriesResult(1, "n1", true, PrevLogIndex: 8, MatchIndex: 12, 0, 0, LastLogIndex: 12), peer.Probe("n2").ExpectMsg<AppendEntriesResult>());
        var status = peer.Status();
        Assert.Equal((10L, 12L), (status.SnapshotIndex, status.LastLogIndex));
        Assert.Equal([11L, 12], peer.Journal.Read().Entries.Select(e => e.Index));
    }

    [Fact]
    public void AppendEntries_wholly_inside_the_snapshot_succeeds_and_echoes_its_prevLogIndex()
    {
        // The leader tells which request a reply answers by the echoed PrevLogIndex (a probe's answer moves it on).
        var peer = PeerDriver.Start(this, term: 1, snapshot: new SnapshotRecord(10, 1, PeerDriver.SnapshotData(32)));

        peer.Send("n2", new AppendEntries(1, "n2", 3, 1, PeerDriver.Entries(4, 1, 1), 0));

        Assert.Equal(new AppendEntriesResult(1, "n1", true, PrevLogIndex: 3, MatchIndex: 5, 0, 0, LastLogIndex: 10), peer.Probe("n2").ExpectMsg<AppendEntriesResult>());
        var status = peer.Status();
        Assert.Equal((10L, 10L), (status.SnapshotIndex, status.LastLogIndex));
    }
}
