using Raft.Actors.Messages;
using static Raft.Actors.Messages.RaftProtocol;

namespace Raft.Tests.Peer;

/// <summary>
/// When the election timer restarts: on granting a vote, never on refusing one or on a stale-term message. The
/// timeout is fixed at 150 ms here, so the time n1's next RequestVote reaches a probe tells when the timer last
/// started: that time + 150 ms, + one sync for the new term, + one network hop.
/// </summary>
public sealed class ElectionTimerTests
{
    private static readonly TimeSpan SyncAndHop = PeerDriver.DefaultSync + PeerDriver.Hop;
    private static readonly TimeSpan BeforeTimeout = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void Granting_a_vote_restarts_the_election_timer()
    {
        using var harness = PeerDriver.Start(options: PeerDriver.FixedTimeoutOptions());
        harness.RunFor(BeforeTimeout);

        harness.Send("n2", new RequestVote(1, "n2", 0, 0));
        var votedAt = harness.Now + PeerDriver.Hop;
        Assert.True(harness.Probe("n2").ExpectMsg<RequestVoteResult>().VoteGranted);

        Assert.Equal(new RequestVote(2, "n1", 0, 0), harness.Probe("n3").ExpectMsg<RequestVote>());
        Assert.Equal(votedAt + PeerDriver.FixedElectionTimeout + SyncAndHop, harness.Now);
    }

    [Fact]
    public void Refusing_a_vote_leaves_the_election_timer_running()
    {
        using var harness = PeerDriver.Start(term: 1, terms: [1], options: PeerDriver.FixedTimeoutOptions());
        harness.RunFor(BeforeTimeout);

        // A newer term but an emptier log: n1 adopts the term and refuses (§5.4.1).
        harness.Send("n2", new RequestVote(2, "n2", 0, 0));
        Assert.Equal(new RequestVoteResult(2, "n1", false), harness.Probe("n2").ExpectMsg<RequestVoteResult>());

        Assert.Equal(new RequestVote(3, "n1", 1, 1), harness.Probe("n3").ExpectMsg<RequestVote>());
        Assert.Equal(PeerDriver.FixedElectionTimeout + SyncAndHop, harness.Now);
    }

    [Fact]
    public void A_stale_term_AppendEntries_neither_restarts_the_timer_nor_changes_the_follower()
    {
        using var harness = PeerDriver.Start(term: 5, options: PeerDriver.FixedTimeoutOptions());
        harness.RunFor(BeforeTimeout);

        harness.Send("n2", new AppendEntries(4, "n2", 0, 0, [], 0));

        Assert.Equal(new AppendEntriesResult(5, "n1", false, 0, 0, 0, 0, 0), harness.Probe("n2").ExpectMsg<AppendEntriesResult>());
        Assert.Equal((RaftRole.Follower, 5L, (string?)null), (harness.Status.Role, harness.Status.Term, harness.Status.LeaderId));
        Assert.Equal(new RequestVote(6, "n1", 0, 0), harness.Probe("n3").ExpectMsg<RequestVote>());
        Assert.Equal(PeerDriver.FixedElectionTimeout + SyncAndHop, harness.Now);
    }

    [Fact]
    public void A_stale_term_RequestVote_is_refused_without_restarting_the_timer()
    {
        using var harness = PeerDriver.Start(term: 5, options: PeerDriver.FixedTimeoutOptions());
        harness.RunFor(BeforeTimeout);

        harness.Send("n2", new RequestVote(4, "n2", 0, 0));

        Assert.Equal(new RequestVoteResult(5, "n1", false), harness.Probe("n2").ExpectMsg<RequestVoteResult>());
        Assert.Equal(new RequestVote(6, "n1", 0, 0), harness.Probe("n3").ExpectMsg<RequestVote>());
        Assert.Equal(PeerDriver.FixedElectionTimeout + SyncAndHop, harness.Now);
    }

    [Fact]
    public void A_stale_term_AppendEntries_leaves_a_candidate_a_candidate_on_its_own_schedule()
    {
        using var harness = PeerDriver.Start(term: 5, options: PeerDriver.FixedTimeoutOptions());
        Assert.Equal(6, harness.Probe("n2").ExpectMsg<RequestVote>().Term);
        var candidateSince = harness.Now - SyncAndHop;

        harness.Send("n3", new AppendEntries(5, "n3", 0, 0, [], 0));

        Assert.Equal(new RequestVote(6, "n1", 0, 0), harness.Probe("n3").ExpectMsg<RequestVote>());
        Assert.Equal(new AppendEntriesResult(6, "n1", false, 0, 0, 0, 0, 0), harness.Probe("n3").ExpectMsg<AppendEntriesResult>());
        Assert.Equal((RaftRole.Candidate, 6L), (harness.Status.Role, harness.Status.Term));
        Assert.Equal(new RequestVote(7, "n1", 0, 0), harness.Probe("n2").ExpectMsg<RequestVote>(hint: "the next election, on the candidate's own timer"));
        Assert.Equal(candidateSince + PeerDriver.FixedElectionTimeout + SyncAndHop, harness.Now);
    }
}
