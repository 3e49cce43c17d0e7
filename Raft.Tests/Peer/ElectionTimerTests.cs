using Akka.TestKit.Xunit2;
using Raft.Actors.Protocol;
using Raft.Actors.TestKit.Probes;
using Xunit.Abstractions;
using static Raft.Actors.Protocol.RaftProtocol;

namespace Raft.Tests.Peer;

/// <summary>
/// When the election timer restarts: on granting a vote, never on refusing one or on a stale-term message. The
/// timeout is fixed at 150 ms and time is virtual, so each test finds the exact instant the timer fires: 1 ms before
/// it n1 is still where it was; at it, n1 asks for votes in the next term.
/// </summary>
public sealed class ElectionTimerTests(ITestOutputHelper output) : TestKit(PeerUnderTest.Config, output)
{
    private static readonly TimeSpan OneMs = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan BeforeTimeout = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void Granting_a_vote_restarts_the_election_timer()
    {
        var peer = PeerDriver.Start(this, options: PeerDriver.FixedTimeoutOptions());
        peer.Advance(BeforeTimeout);

        peer.Send("n2", new RequestVote(1, "n2", 0, 0));
        Assert.True(peer.Probe("n2").ExpectMsg<RequestVoteResult>().VoteGranted);

        // 150 ms after the vote, not after the start.
        peer.Advance(PeerDriver.FixedElectionTimeout - OneMs);
        var status = peer.Status();
        Assert.Equal((RaftRole.Follower, 1L), (status.Role, status.Term));
        peer.Advance(OneMs);
        Assert.Equal(new RequestVote(2, "n1", 0, 0), peer.Probe("n3").ExpectMsg<RequestVote>());
    }

    [Fact]
    public void Refusing_a_vote_leaves_the_election_timer_running()
    {
        var peer = PeerDriver.Start(this, term: 1, terms: [1], options: PeerDriver.FixedTimeoutOptions());
        peer.Advance(BeforeTimeout);

        // A newer term but an emptier log: n1 adopts the term and refuses (§5.4.1).
        peer.Send("n2", new RequestVote(2, "n2", 0, 0));
        Assert.Equal(new RequestVoteResult(2, "n1", false), peer.Probe("n2").ExpectMsg<RequestVoteResult>());

        AssertTimerFiresAtItsFirstDeadline(peer, followerTerm: 2, expected: new RequestVote(3, "n1", 1, 1));
    }

    [Fact]
    public void A_stale_term_AppendEntries_neither_restarts_the_timer_nor_changes_the_follower()
    {
        var peer = PeerDriver.Start(this, term: 5, options: PeerDriver.FixedTimeoutOptions());
        peer.Advance(BeforeTimeout);

        peer.Send("n2", new AppendEntries(4, "n2", 0, 0, [], 0));

        Assert.Equal(new AppendEntriesResult(5, "n1", false, 0, 0, 0, 0, 0), peer.Probe("n2").ExpectMsg<AppendEntriesResult>());
        var status = peer.Status();
        Assert.Equal((RaftRole.Follower, 5L, (string?)null), (status.Role, status.Term, status.LeaderId));
        AssertTimerFiresAtItsFirstDeadline(peer, followerTerm: 5, expected: new RequestVote(6, "n1", 0, 0));
    }

    [Fact]
    public void A_stale_term_RequestVote_is_refused_without_restarting_the_timer()
    {
        var peer = PeerDriver.Start(this, term: 5, options: PeerDriver.FixedTimeoutOptions());
        peer.Advance(BeforeTimeout);

        peer.Send("n2", new RequestVote(4, "n2", 0, 0));

        Assert.Equal(new RequestVoteResult(5, "n1", false), peer.Probe("n2").ExpectMsg<RequestVoteResult>());
        AssertTimerFiresAtItsFirstDeadline(peer, followerTerm: 5, expected: new RequestVote(6, "n1", 0, 0));
    }

    [Fact]
    public void A_stale_term_AppendEntries_leaves_a_candidate_a_candidate_on_its_own_schedule()
    {
        var peer = PeerDriver.Start(this, term: 5, options: PeerDriver.FixedTimeoutOptions());
        peer.Advance(PeerDriver.FixedElectionTimeout);
        Assert.Equal(6, peer.Probe("n2").ExpectMsg<RequestVote>().Term);
        peer.Advance(BeforeTimeout);

        peer.Send("n3", new AppendEntries(5, "n3", 0, 0, [], 0));

        Assert.Equal(new RequestVote(6, "n1", 0, 0), peer.Probe("n3").ExpectMsg<RequestVote>());
        Assert.Equal(new AppendEntriesResult(6, "n1", false, 0, 0, 0, 0, 0), peer.Probe("n3").ExpectMsg<AppendEntriesResult>());
        var status = peer.Status();
        Assert.Equal((RaftRole.Candidate, 6L), (status.Role, status.Term));
        peer.Advance(PeerDriver.FixedElectionTimeout - BeforeTimeout - OneMs);
        Assert.Equal(6, peer.Status().Term);
        peer.Advance(OneMs);
        Assert.Equal(new RequestVote(7, "n1", 0, 0), peer.Probe("n2").ExpectMsg<RequestVote>(hint: "the next election, on the candidate's own timer"));
    }

    /// <summary>n1 started its timer at virtual time 0 and <see cref="BeforeTimeout"/> has passed: it must fire at 150 ms, not later.</summary>
    private static void AssertTimerFiresAtItsFirstDeadline(PeerUnderTest peer, long followerTerm, RequestVote expected)
    {
        peer.Advance(PeerDriver.FixedElectionTimeout - BeforeTimeout - OneMs);
        var status = peer.Status();
        Assert.Equal((RaftRole.Follower, followerTerm), (status.Role, status.Term));
        peer.Advance(OneMs);
        Assert.Equal(expected, peer.Probe("n3").ExpectMsg<RequestVote>(hint: "the election timer, which nothing restarted"));
    }
}
