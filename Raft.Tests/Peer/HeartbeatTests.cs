using Akka.TestKit.Xunit2;
using Raft.Actors.Protocol;
using Raft.Actors.TestKit.Probes;
using Xunit.Abstractions;

namespace Raft.Tests.Peer;

/// <summary>A new leader announces itself at once; an idle leader sends each follower one heartbeat per interval, no more.</summary>
public sealed class HeartbeatTests(ITestOutputHelper output) : TestKit(PeerUnderTest.Config, output)
{
    [Fact]
    public void A_new_leader_sends_AppendEntries_to_every_follower_at_once()
    {
        var peer = PeerDriver.Start(this, members: 5, options: PeerDriver.Figure2Options());
        peer.Advance(peer.Options.ElectionTimeoutMax);
        var term = peer.ProbeIds.Select(m => peer.Probe(m).ExpectMsg<RaftProtocol.RequestVote>().Term).Distinct().Single();

        // Virtual time stands still from here: what follows is sent on the deciding vote, not on a timer.
        peer.Send("n2", new RaftProtocol.RequestVoteResult(term, "n2", true));
        peer.Send("n3", new RaftProtocol.RequestVoteResult(term, "n3", true));

        foreach (var member in peer.ProbeIds)
        {
            var append = peer.ExpectAppend(member);
            Assert.Equal(PeerDriver.Append(term, 0, 0, $"1@{term}", 0), PeerDriver.Describe(append));
            Assert.True(append.Entries[0].Kind == EntryKind.NoOp, $"the new leader's first entry for {member} should be its no-op");
        }
    }

    [Fact]
    public void An_idle_leader_sends_exactly_one_heartbeat_per_interval_to_each_follower()
    {
        var peer = PeerDriver.Start(this);
        var term = peer.ElectAsLeader();
        foreach (var member in peer.ProbeIds)
        {
            peer.Accept(member, peer.ExpectAppend(member));
        }

        peer.AwaitStatus(s => s.CommitIndex == 1, "commit index 1: the no-op is on both followers and durable on n1");

        // Whatever the first interval brings (the no-op went out within it), each later one brings one heartbeat.
        var interval = peer.Options.HeartbeatInterval;
        peer.Advance(interval);
        foreach (var member in peer.ProbeIds)
        {
            while (peer.Probe(member).HasMessages)
            {
                peer.Probe(member).ReceiveOne(TimeSpan.Zero);
            }
        }

        for (var k = 1; k <= 10; k++)
        {
            peer.Advance(interval);
            foreach (var member in peer.ProbeIds)
            {
                var heartbeat = peer.ExpectAppend(member, $"heartbeat {k} to {member}");
                Assert.Equal(PeerDriver.Append(term, 1, term, "", 1), PeerDriver.Describe(heartbeat));
                peer.AssertHeardNothing(member, $"one heartbeat per interval (interval {k})");
                peer.Accept(member, heartbeat);
            }
        }
    }
}
