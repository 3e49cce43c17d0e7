using Raft.Actors.Persistence;
using static Raft.Actors.Messages.RaftProtocol;

namespace Raft.Tests.Peer;

/// <summary>AppendEntries receiver, Figure 2 rules 1 to 5, with the conflict hints of fast backtracking; n2 plays the leader.</summary>
public sealed class AppendEntriesReceiverTests
{
    [Fact]
    public void Rule_1_rejects_AppendEntries_of_an_older_term()
    {
        using var harness = PeerDriver.Start(term: 3, terms: [1]);

        harness.Send("n2", new AppendEntries(2, "n2", 1, 1, PeerDriver.Entries(2, 2), 1));

        Assert.Equal(new AppendEntriesResult(3, "n1", false, 1, 0, 0, 0, 1), harness.Probe("n2").ExpectMsg<AppendEntriesResult>());
        Assert.Equal([1L], PeerDriver.TermsOf(harness));
        Assert.Equal(0, harness.Status.CommitIndex);
    }

    [Fact]
    public void Rule_2_rejects_a_prevLogIndex_past_the_end_with_term_0_and_the_index_after_the_last()
    {
        using var harness = PeerDriver.Start(term: 2, terms: [1, 1]);

        harness.Send("n2", new AppendEntries(2, "n2", 5, 2, PeerDriver.Entries(6, 2), 0));

        Assert.Equal(new AppendEntriesResult(2, "n1", false, PrevLogIndex: 5, MatchIndex: 0, ConflictTerm: 0, ConflictIndex: 3, LastLogIndex: 2), harness.Probe("n2").ExpectMsg<AppendEntriesResult>());
        Assert.Equal([1L, 1], PeerDriver.TermsOf(harness));
    }

    [Fact]
    public void Rule_2_rejects_a_mismatching_prevLogTerm_with_the_term_held_there_and_its_first_index()
    {
        using var harness = PeerDriver.Start(term: 3, terms: [1, 2, 2, 2]);

        harness.Send("n2", new AppendEntries(3, "n2", 4, 3, PeerDriver.Entries(5, 3), 0));

        Assert.Equal(new AppendEntriesResult(3, "n1", false, PrevLogIndex: 4, MatchIndex: 0, ConflictTerm: 2, ConflictIndex: 2, LastLogIndex: 4), harness.Probe("n2").ExpectMsg<AppendEntriesResult>());
        Assert.Equal([1L, 2, 2, 2], PeerDriver.TermsOf(harness));
    }

    [Fact]
    public void Rule_3_deletes_a_conflicting_entry_and_all_that_follow_it()
    {
        using var harness = PeerDriver.Start(term: 2, terms: [1, 1, 1]);

        harness.Send("n2", new AppendEntries(2, "n2", 1, 1, PeerDriver.Entries(2, 2), 0));

        Assert.Equal(new AppendEntriesResult(2, "n1", true, 1, 2, 0, 0, 2), harness.Probe("n2").ExpectMsg<AppendEntriesResult>());
        Assert.Equal([1L, 2], PeerDriver.TermsOf(harness));
        Assert.Equal([1L, 2], PeerDriver.JournalTerms(harness));
    }

    [Fact]
    public void Rule_4_does_not_append_entries_already_present()
    {
        using var harness = PeerDriver.Start(term: 1, terms: [1, 1, 1]);
        var writes = harness.Journal.WriteCount;

        harness.Send("n2", new AppendEntries(1, "n2", 1, 1, PeerDriver.Entries(2, 1, 1), 0));

        Assert.Equal(new AppendEntriesResult(1, "n1", true, 1, 3, 0, 0, 3), harness.Probe("n2").ExpectMsg<AppendEntriesResult>());
        Assert.Equal([1L, 1, 1], PeerDriver.TermsOf(harness));
        Assert.True(writes == harness.Journal.WriteCount, $"nothing new arrived, so nothing should be written; the journal took {harness.Journal.WriteCount - writes} writes");
    }

    [Fact]
    public void A_delayed_shorter_AppendEntries_does_not_truncate_what_a_newer_one_appended()
    {
        using var harness = PeerDriver.Start(term: 1);
        harness.Send("n2", new AppendEntries(1, "n2", 0, 0, PeerDriver.Entries(1, 1, 1, 1), 0));
        Assert.Equal(new AppendEntriesResult(1, "n1", true, 0, 3, 0, 0, 3), harness.Probe("n2").ExpectMsg<AppendEntriesResult>());

        // The leader's earlier request, overtaken on the network, arrives last.
        harness.Send("n2", new AppendEntries(1, "n2", 0, 0, PeerDriver.Entries(1, 1), 0));

        Assert.Equal(new AppendEntriesResult(1, "n1", true, 0, 1, 0, 0, 3), harness.Probe("n2").ExpectMsg<AppendEntriesResult>());
        Assert.Equal([1L, 1, 1], PeerDriver.TermsOf(harness));
        Assert.Equal([1L, 1, 1], PeerDriver.JournalTerms(harness));
    }

    [Fact]
    public void Rule_5_sets_commitIndex_to_leaderCommit_capped_at_the_last_new_entry_and_never_lowers_it()
    {
        using var harness = PeerDriver.Start(term: 1);
        var n2 = harness.Probe("n2");

        harness.Send("n2", new AppendEntries(1, "n2", 0, 0, PeerDriver.Entries(1, 1, 1), LeaderCommit: 5));
        n2.ExpectMsg<AppendEntriesResult>();
        Assert.Equal(2, harness.Status.CommitIndex);

        harness.Send("n2", new AppendEntries(1, "n2", 2, 1, PeerDriver.Entries(3, 1), LeaderCommit: 2));
        n2.ExpectMsg<AppendEntriesResult>();
        Assert.Equal(2, harness.Status.CommitIndex);

        // A heartbeat checked at index 1 vouches for nothing after it, however far the leader has committed.
        harness.Send("n2", new AppendEntries(1, "n2", 1, 1, [], LeaderCommit: 3));
        n2.ExpectMsg<AppendEntriesResult>();
        Assert.Equal(2, harness.Status.CommitIndex);

        harness.Send("n2", new AppendEntries(1, "n2", 3, 1, [], LeaderCommit: 3));
        n2.ExpectMsg<AppendEntriesResult>();
        Assert.Equal(3, harness.Status.CommitIndex);
    }

    [Fact]
    public void Success_is_sent_only_once_the_appended_entries_are_durable()
    {
        using var harness = PeerDriver.Start(term: 1, options: PeerDriver.Options(PeerDriver.SlowSync));

        harness.Send("n2", new AppendEntries(1, "n2", 0, 0, PeerDriver.Entries(1, 1, 1), 0));
        var reply = harness.Probe("n2").ExpectMsg<AppendEntriesResult>();

        Assert.True(reply.Success);
        Assert.Equal([1L, 1], PeerDriver.JournalTerms(harness));
    }

    [Fact]
    public void Success_after_a_truncation_is_sent_only_once_the_replacement_is_durable()
    {
        using var harness = PeerDriver.Start(term: 2, terms: [1, 1, 1], options: PeerDriver.Options(PeerDriver.SlowSync));

        harness.Send("n2", new AppendEntries(2, "n2", 1, 1, PeerDriver.Entries(2, 2, 2), 0));
        var reply = harness.Probe("n2").ExpectMsg<AppendEntriesResult>();

        Assert.True(reply.Success);
        Assert.Equal([1L, 2, 2], PeerDriver.JournalTerms(harness));
    }

    [Fact]
    public void Entries_a_snapshot_already_covers_are_skipped_and_the_rest_appended()
    {
        using var harness = PeerDriver.Start(term: 1, snapshot: new SnapshotRecord(10, 1, PeerDriver.SnapshotData(32)));

        harness.Send("n2", new AppendEntries(1, "n2", 8, 1, PeerDriver.Entries(9, 1, 1, 1, 1), 0));

        Assert.Equal(new AppendEntriesResult(1, "n1", true, PrevLogIndex: 8, MatchIndex: 12, 0, 0, LastLogIndex: 12), harness.Probe("n2").ExpectMsg<AppendEntriesResult>());
        Assert.Equal((10L, 12L), (harness.Log.SnapshotIndex, harness.Log.LastIndex));
    }

    [Fact]
    public void AppendEntries_wholly_inside_the_snapshot_succeeds_and_echoes_its_prevLogIndex()
    {
        // The leader tells which request a reply answers by the echoed PrevLogIndex (a probe's answer moves it on).
        using var harness = PeerDriver.Start(term: 1, snapshot: new SnapshotRecord(10, 1, PeerDriver.SnapshotData(32)));

        harness.Send("n2", new AppendEntries(1, "n2", 3, 1, PeerDriver.Entries(4, 1, 1), 0));

        Assert.Equal(new AppendEntriesResult(1, "n1", true, PrevLogIndex: 3, MatchIndex: 5, 0, 0, LastLogIndex: 10), harness.Probe("n2").ExpectMsg<AppendEntriesResult>());
        Assert.Equal((10L, 10L), (harness.Log.SnapshotIndex, harness.Log.LastIndex));
    }
}
