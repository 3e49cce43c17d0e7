using Akka.Actor;
using Akka.TestKit.Xunit2;
using Raft.Actors.Core;
using Raft.Actors.Peer;
using Raft.Actors.Protocol;
using Raft.Actors.TestKit.Probes;
using Xunit.Abstractions;
using static Raft.Actors.Protocol.RaftProtocol;

namespace Raft.Tests.Peer;

/// <summary>
/// A peer starts from what its journal holds, exactly: term, vote, snapshot and entries, whether journaled as events
/// or saved as a storage snapshot with events after it. A peer that stops (a crash, as far as it can tell) and starts
/// again from the same persistence id keeps everything it acknowledged.
/// </summary>
public sealed class RecoveryTests(ITestOutputHelper output) : TestKit(PeerUnderTest.Config, output)
{
    private static readonly SnapshotRecord Snapshot = new(10, 2, PeerDriver.SnapshotData(32));

    [Fact]
    public void A_peer_recovers_term_vote_snapshot_and_entries_from_journaled_events()
    {
        var journaled = new JournalRecovery(new HardState(5, "n2"), Snapshot, [PeerDriver.Entry(11, 3), PeerDriver.Entry(12, 4)]);

        var peer = PeerUnderTest.Start(this, new PeerUnderTestSettings { InitialJournal = journaled });

        var status = peer.AwaitStatus(s => s.LastApplied == 10, "last applied 10: the snapshot restored into the state machine");
        Assert.Equal(new ClientProtocol.PeerStatus("n1", RaftRole.Follower, 5, null, CommitIndex: 10, LastApplied: 10, LastLogIndex: 12, LastLogTerm: 4, SnapshotIndex: 10), status);
        AssertSameJournal(journaled, peer.Journal.Read());
        AssertVotedFor(peer, term: 5, votedFor: "n2", other: "n3");
    }

    [Fact]
    public void A_peer_recovers_from_a_storage_snapshot_and_the_events_written_after_it()
    {
        var journal = new PeerJournal(this, RaftPeerSettings.PersistenceIdOf("probe", "n1"));
        journal.SaveStorageSnapshot(new JournalRecovery(new HardState(3, "n2"), Snapshot, [PeerDriver.Entry(11, 2)]));
        journal.Write([new JournalOperation.Append([PeerDriver.Entry(12, 3)]), new JournalOperation.SaveHardState(new HardState(4, "n3"))]);

        var peer = PeerUnderTest.Start(this);

        var status = peer.AwaitStatus(s => s.LastApplied == 10, "last applied 10: the snapshot restored into the state machine");
        Assert.Equal(new ClientProtocol.PeerStatus("n1", RaftRole.Follower, 4, null, CommitIndex: 10, LastApplied: 10, LastLogIndex: 12, LastLogTerm: 3, SnapshotIndex: 10), status);
        Assert.Equal(2, peer.Journal.ReadEvents().Count);
        AssertVotedFor(peer, term: 4, votedFor: "n3", other: "n2");
    }

    [Fact]
    public void A_restarted_peer_keeps_the_vote_it_granted()
    {
        var peer = PeerUnderTest.Start(this);
        peer.Send("n2", new RequestVote(1, "n2", 0, 0));
        Assert.True(peer.Probe("n2").ExpectMsg<RequestVoteResult>().VoteGranted);

        peer.Restart();

        Assert.Equal(1, peer.Status().Term);
        AssertVotedFor(peer, term: 1, votedFor: "n2", other: "n3");
    }

    [Fact]
    public void A_restarted_peer_keeps_the_entries_it_acknowledged_including_a_truncation()
    {
        var peer = PeerDriver.Start(this, term: 1, terms: [1, 1, 1]);
        peer.Send("n2", new AppendEntries(2, "n2", 1, 1, PeerDriver.Entries(2, 2), LeaderCommit: 0));
        Assert.True(peer.Probe("n2").ExpectMsg<AppendEntriesResult>().Success);

        peer.Restart();

        var status = peer.Status();
        Assert.Equal((RaftRole.Follower, 2L, 2L, 2L), (status.Role, status.Term, status.LastLogIndex, status.LastLogTerm));
        Assert.Equal([1L, 2], peer.JournalTerms());

        // Its log matches the leader's through 2@2 again: a heartbeat checking it succeeds.
        peer.Send("n2", new AppendEntries(2, "n2", 2, 2, [], LeaderCommit: 2));
        Assert.Equal(new AppendEntriesResult(2, "n1", true, 2, 2, 0, 0, 2), peer.Probe("n2").ExpectMsg<AppendEntriesResult>());
    }

    [Fact]
    public void A_peer_that_took_a_snapshot_restarts_from_its_own_storage_snapshot()
    {
        var peer = PeerUnderTest.Start(this);
        peer.Send("n2", new AppendEntries(1, "n2", 0, 0, PeerDriver.Entries(1, 1, 1, 1, 1, 1, 1), LeaderCommit: 5));
        Assert.True(peer.Probe("n2").ExpectMsg<AppendEntriesResult>().Success);
        peer.AwaitStatus(s => s.LastApplied == 5, "last applied 5");

        peer.Ref.Tell(PeerMessages.TakeSnapshot.Instance);

        peer.AwaitStatus(s => s.SnapshotIndex == 5, "snapshot index 5");
        AwaitAssert(() => Assert.Empty(peer.Journal.ReadEvents()), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(10));
        var stored = peer.Journal.Read();
        Assert.Equal((5L, 1L), (stored.Snapshot!.LastIncludedIndex, stored.Snapshot.LastIncludedTerm));
        Assert.Equal([6L], stored.Entries.Select(e => e.Index));

        peer.Restart();

        var status = peer.AwaitStatus(s => s.LastApplied == 5, "last applied 5: its own snapshot restored");
        Assert.Equal(new ClientProtocol.PeerStatus("n1", RaftRole.Follower, 1, null, CommitIndex: 5, LastApplied: 5, LastLogIndex: 6, LastLogTerm: 1, SnapshotIndex: 5), status);

        // What it journals next follows the snapshot's sequence number, so the next recovery replays it.
        peer.Send("n2", new AppendEntries(1, "n2", 6, 1, [PeerDriver.Entry(7, 1)], LeaderCommit: 5));
        Assert.True(peer.Probe("n2").ExpectMsg<AppendEntriesResult>().Success);
        peer.Restart();
        var restarted = peer.Status();
        Assert.Equal((5L, 7L), (restarted.SnapshotIndex, restarted.LastLogIndex));
    }

    private static void AssertSameJournal(JournalRecovery expected, JournalRecovery actual)
    {
        Assert.Equal(expected.HardState, actual.HardState);
        Assert.Equal(expected.Snapshot?.ToString(), actual.Snapshot?.ToString());
        Assert.Equal(expected.Snapshot?.Data, actual.Snapshot?.Data);
        Assert.Equal(expected.Entries.Count, actual.Entries.Count);
        Assert.All(Enumerable.Zip(expected.Entries, actual.Entries), pair => Assert.True(pair.First.SameAs(pair.Second), $"expected {pair.First}, journal holds {pair.Second}"));
    }

    /// <summary>In <paramref name="term"/>, the peer refuses <paramref name="other"/> and grants its vote again to <paramref name="votedFor"/>.</summary>
    private static void AssertVotedFor(PeerUnderTest peer, long term, string votedFor, string other)
    {
        var status = peer.Status();
        peer.Send(other, new RequestVote(term, other, status.LastLogIndex, status.LastLogTerm));
        Assert.Equal(new RequestVoteResult(term, "n1", false), peer.Probe(other).ExpectMsg<RequestVoteResult>(hint: $"{other} asking in term {term}, in which n1 voted for {votedFor}"));
        peer.Send(votedFor, new RequestVote(term, votedFor, status.LastLogIndex, status.LastLogTerm));
        Assert.Equal(new RequestVoteResult(term, "n1", true), peer.Probe(votedFor).ExpectMsg<RequestVoteResult>(hint: $"{votedFor}, whom n1 voted for in term {term}"));
    }
}
