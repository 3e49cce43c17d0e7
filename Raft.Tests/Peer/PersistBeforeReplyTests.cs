using Akka.Persistence;
using Akka.Persistence.TestKit;
using Akka.TestKit.Xunit2;
using Raft.Actors.Core;
using Raft.Actors.Protocol;
using Raft.Actors.TestKit.Probes;
using Xunit.Abstractions;
using static Raft.Actors.Protocol.RaftProtocol;

namespace Raft.Tests.Peer;

/// <summary>
/// Persist before replying (§5.1, Figure 2): a reply that rests on new state goes out only once that state is durable,
/// and a leader counts its own entries toward a majority only once durable. The peer journals to Akka.Persistence.TestKit's
/// test journal, whose writes a <see cref="JournalGate"/> holds: while held, the peer must stay silent; once let
/// through, it answers. A failed or rejected write stops the peer with an error naming it.
/// </summary>
public sealed class PersistBeforeReplyTests(ITestOutputHelper output) : TestKit(Config, output)
{
    private const string TestJournalId = "akka.persistence.journal.test";

    private const string Config = PeerUnderTest.Config + $$"""

        akka.persistence.journal.plugin = "{{TestJournalId}}"
        akka.persistence.journal.test {
          class = "Akka.Persistence.TestKit.TestJournal, Akka.Persistence.TestKit"
          plugin-dispatcher = "akka.actor.default-dispatcher"
        }
        """;

    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);

    // How long a reply that must not come is given to show up anyway; a reply sent early is already queued by then.
    private static readonly TimeSpan Silence = TimeSpan.FromMilliseconds(200);

    private readonly JournalGate _gate = new();

    [Fact]
    public async Task A_vote_is_sent_only_once_the_term_and_vote_are_durable()
    {
        var peer = await StartBehindGate();
        _gate.Close();

        peer.Send("n2", new RequestVote(1, "n2", 0, 0));

        _gate.AwaitHeldWrite(Generous);
        AssertSilentWhileHeld(peer, "n2", s => s.Term == 1);
        Assert.Equal(HardState.Initial, peer.Journal.Read().HardState);

        _gate.Open();
        Assert.Equal(new RequestVoteResult(1, "n1", true), peer.Probe("n2").ExpectMsg<RequestVoteResult>());
        Assert.Equal(new HardState(1, "n2"), peer.Journal.Read().HardState);
    }

    [Fact]
    public async Task AppendEntries_success_is_sent_only_once_the_appended_entries_are_durable()
    {
        var peer = await StartBehindGate(term: 1);
        _gate.Close();

        peer.Send("n2", new AppendEntries(1, "n2", 0, 0, PeerDriver.Entries(1, 1, 1), 0));

        _gate.AwaitHeldWrite(Generous);
        AssertSilentWhileHeld(peer, "n2", s => s.LastLogIndex == 2);
        Assert.Empty(peer.JournalTerms());

        _gate.Open();
        Assert.True(peer.Probe("n2").ExpectMsg<AppendEntriesResult>().Success);
        Assert.Equal([1L, 1], peer.JournalTerms());
    }

    [Fact]
    public async Task Success_after_a_truncation_is_sent_only_once_the_replacement_is_durable()
    {
        var peer = await StartBehindGate(term: 2, terms: [1, 1, 1]);
        _gate.Close();

        peer.Send("n2", new AppendEntries(2, "n2", 1, 1, PeerDriver.Entries(2, 2, 2), 0));

        _gate.AwaitHeldWrite(Generous);
        AssertSilentWhileHeld(peer, "n2", s => s.LastLogTerm == 2);
        Assert.Equal([1L, 1, 1], peer.JournalTerms());

        _gate.Open();
        Assert.True(peer.Probe("n2").ExpectMsg<AppendEntriesResult>().Success);
        Assert.Equal([1L, 2, 2], peer.JournalTerms());
    }

    [Fact]
    public async Task Installed_is_reported_only_once_the_snapshot_is_durable()
    {
        var data = PeerDriver.SnapshotData(64);
        var peer = await StartBehindGate(term: 1);
        _gate.Close();

        peer.Send("n2", new InstallSnapshot(1, "n2", 10, 1, 0, data, Done: true));

        _gate.AwaitHeldWrite(Generous);
        AssertSilentWhileHeld(peer, "n2", s => s.SnapshotIndex == 10);
        Assert.Null(peer.Journal.Read().Snapshot);

        _gate.Open();
        Assert.True(peer.Probe("n2").ExpectMsg<InstallSnapshotResult>().Installed);
        var stored = peer.Journal.Read().Snapshot;
        Assert.True(stored is not null, "the snapshot should be in the journal when Installed arrives");
        Assert.Equal((10L, 1L), (stored.LastIncludedIndex, stored.LastIncludedTerm));
        Assert.Equal(data, stored.Data);
    }

    [Fact]
    public async Task Leader_counts_itself_toward_a_majority_only_once_its_own_entry_is_durable()
    {
        var peer = await StartBehindGate(options: PeerDriver.Figure2Options());
        peer.Advance(peer.Options.ElectionTimeoutMax);
        var term = peer.Probe("n2").ExpectMsg<RequestVote>().Term;
        _gate.Close();

        // Elected, n1 journals its no-op and sends it at once; n2 acknowledges it while n1's own write is held.
        peer.Send("n2", new RequestVoteResult(term, "n2", true));
        peer.Accept("n2", peer.ExpectAppend("n2"));
        _gate.AwaitHeldWrite(Generous);

        var status = peer.Status();
        Assert.True(status.Role == RaftRole.Leader && status.CommitIndex == 0, $"n1 must not commit the no-op on n2's copy alone, before its own is durable; it is {status.Role} with commit index {status.CommitIndex}");
        Assert.Empty(peer.JournalTerms());

        _gate.Open();
        peer.AwaitStatus(s => s.CommitIndex == 1, "commit index 1 once its own no-op is durable");
    }

    [Fact]
    public async Task A_failed_journal_write_stops_the_peer_with_an_error_naming_it()
    {
        var peer = await StartBehindGate(term: 1);
        await TestJournal().OnWrite.Fail();
        Watch(peer.Ref);

        EventFilter.Error(contains: "Raft member 'n1' of group 'probe' stops: its journal failed to write").ExpectOne(() =>
        {
            peer.Send("n2", new AppendEntries(1, "n2", 0, 0, PeerDriver.Entries(1, 1), 0));
            ExpectTerminated(peer.Ref);
        });
        peer.AssertHeardNothing("n2", "nothing was durable, so nothing may be acknowledged");
    }

    [Fact]
    public async Task A_rejected_journal_write_stops_the_peer_with_an_error_naming_it()
    {
        var peer = await StartBehindGate(term: 1);
        await TestJournal().OnWrite.Reject();
        Watch(peer.Ref);

        EventFilter.Error(contains: "Raft member 'n1' of group 'probe' stops: its journal rejected event").ExpectOne(() =>
        {
            peer.Send("n2", new RequestVote(2, "n2", 0, 0));
            ExpectTerminated(peer.Ref);
        });
        peer.AssertHeardNothing("n2", "the vote was not durable, so it may not be granted");
    }

    /// <summary>Starts n1 over the test journal with the (open) gate on its writes.</summary>
    private async Task<PeerUnderTest> StartBehindGate(long term = 0, long[]? terms = null, RaftOptions? options = null)
    {
        await TestJournal().OnWrite.SetInterceptorAsync(_gate);
        return PeerDriver.Start(this, term: term, terms: terms, options: options);
    }

    private ITestJournal TestJournal() => Akka.Persistence.TestKit.TestJournal.FromRef(Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(TestJournalId));

    /// <summary>The peer has handled the request (its status shows it) yet <paramref name="member"/> heard nothing.</summary>
    private void AssertSilentWhileHeld(PeerUnderTest peer, string member, Func<ClientProtocol.PeerStatus, bool> handled)
    {
        var status = peer.Status();
        Assert.True(handled(status), $"n1 should have handled the request by now; its status is {status}");
        peer.Probe(member).ExpectNoMsg(Silence);
    }
}
