using Raft.Actors.Messages;

namespace Raft.Tests.Peer;

/// <summary>A new leader announces itself at once; an idle leader sends each follower one heartbeat per interval, no more.</summary>
public sealed class HeartbeatTests
{
    [Fact]
    public void A_new_leader_sends_AppendEntries_to_every_follower_at_once()
    {
        using var harness = PeerDriver.Start(members: 5);
        var term = harness.ProbeIds.Select(m => harness.Probe(m).ExpectMsg<RaftProtocol.RequestVote>().Term).Distinct().Single();
        var votesSentAt = harness.Now;

        harness.Send("n2", new RaftProtocol.RequestVoteResult(term, "n2", true));
        harness.Send("n3", new RaftProtocol.RequestVoteResult(term, "n3", true));

        foreach (var member in harness.ProbeIds)
        {
            var append = harness.ExpectAppend(member);
            Assert.Equal(PeerDriver.Append(term, 0, 0, $"1@{term}", 0), PeerDriver.Describe(append));
            Assert.True(append.Entries[0].Kind == EntryKind.NoOp, $"the new leader's first entry for {member} should be its no-op");
            Assert.True(votesSentAt + (PeerDriver.Hop * 2) == harness.Now, $"{member} should hear the new leader one hop after the deciding vote reached it ({(votesSentAt + (PeerDriver.Hop * 2)).TotalMilliseconds} ms), not at {harness.Now.TotalMilliseconds} ms");
        }
    }

    [Fact]
    public void An_idle_leader_sends_exactly_one_heartbeat_per_interval_to_each_follower()
    {
        using var harness = PeerDriver.Start();
        var term = harness.ElectAsLeader();
        var leaderSince = harness.Now - PeerDriver.Hop;
        foreach (var member in harness.ProbeIds)
        {
            harness.Accept(member, harness.ExpectAppend(member));
        }

        Assert.True(harness.RunUntil(() => harness.Status.CommitIndex == 1, PeerDriver.Hop * 5), "the no-op should commit once both followers hold it");

        // Measure whole intervals from the middle of one, well after the acknowledgements.
        var interval = harness.Options.HeartbeatInterval;
        harness.RunFor(leaderSince + (interval * 2.5) - harness.Now);
        foreach (var member in harness.ProbeIds)
        {
            harness.Probe(member).ReceiveFor(TimeSpan.Zero);
        }

        for (var k = 1; k <= 10; k++)
        {
            harness.RunFor(interval);
            foreach (var member in harness.ProbeIds)
            {
                var received = harness.Probe(member).ReceiveFor(TimeSpan.Zero);
                var heartbeat = Assert.IsType<RaftProtocol.AppendEntries>(Assert.Single(received));
                Assert.Equal(PeerDriver.Append(term, 1, term, "", 1), PeerDriver.Describe(heartbeat));
                harness.Accept(member, heartbeat);
            }
        }
    }
}
