using System.Buffers.Binary;
using Raft.Actors.Messages;
using Raft.Actors.Testing;
using static Raft.Actors.Messages.ClientProtocol;

namespace Raft.Tests.Peer;

/// <summary>What a client hears when it proposes a command: NotLeader from a follower; from the leader, Accepted at once, then Applied or Failed.</summary>
public sealed class ProposalTests
{
    private static readonly byte[] Command = [7, 7, 7];

    [Fact]
    public void A_follower_answers_NotLeader_naming_the_leader_it_knows()
    {
        using var harness = PeerDriver.Start(term: 1);
        harness.Send("n2", new RaftProtocol.AppendEntries(1, "n2", 0, 0, [], 0));
        harness.Probe("n2").ExpectMsg<RaftProtocol.AppendEntriesResult>();
        var client = harness.CreateProbe("client");

        client.Send(harness.Peer, new Propose(Command));

        Assert.Equal(new NotLeader("n1", "n2"), client.ExpectMsg<NotLeader>());
    }

    [Fact]
    public void A_follower_that_knows_no_leader_answers_NotLeader_without_one()
    {
        using var harness = PeerDriver.Start(term: 1);
        var client = harness.CreateProbe("client");

        client.Send(harness.Peer, new Propose(Command));

        Assert.Equal(new NotLeader("n1", null), client.ExpectMsg<NotLeader>());
    }

    [Fact]
    public void The_leader_accepts_at_once_and_answers_Applied_after_a_majority_holds_the_entry()
    {
        using var harness = StartLeaderWithCommittedNoOp(out var term);
        var client = harness.CreateProbe("client");

        var proposedAt = harness.Now;
        client.Send(harness.Peer, new Propose(Command));
        Assert.Equal(new ProposalAccepted(2, term), client.ExpectMsg<ProposalAccepted>());
        Assert.True(proposedAt == harness.Now, $"Accepted should come in the same instant as the proposal ({proposedAt.TotalMilliseconds} ms), not at {harness.Now.TotalMilliseconds} ms");

        // Only n1 holds entry 2 so far: no majority, no answer.
        var append = harness.ExpectAppend("n2");
        Assert.Equal(PeerDriver.Append(term, 1, term, $"2@{term}", 1), PeerDriver.Describe(append));
        client.ExpectNoMsg(harness.Options.HeartbeatInterval);

        harness.Accept("n2", append);
        var applied = client.ExpectMsg<ProposalApplied>();
        Assert.Equal((2L, term), (applied.Index, applied.Term));
        Assert.Equal(1, BinaryPrimitives.ReadInt64LittleEndian(applied.Result));
    }

    [Fact]
    public void A_leader_that_steps_down_fails_its_pending_proposals_with_LostLeadership()
    {
        using var harness = StartLeaderWithCommittedNoOp(out var term);
        var client = harness.CreateProbe("client");
        client.Send(harness.Peer, new Propose(Command));
        Assert.Equal(new ProposalAccepted(2, term), client.ExpectMsg<ProposalAccepted>());

        harness.Send("n3", new RaftProtocol.RequestVote(term + 1, "n3", 2, term));

        var failed = client.ExpectMsg<ProposalFailed>();
        Assert.Equal((2L, term, ProposalFailureReason.LostLeadership), (failed.Index, failed.Term, failed.Reason));
    }

    /// <summary>n1 leads with its no-op at index 1 committed (n2 acknowledged it; n3 never answers).</summary>
    private static PeerProbeHarness StartLeaderWithCommittedNoOp(out long term)
    {
        var harness = PeerDriver.Start();
        term = harness.ElectAsLeader();
        harness.Accept("n2", harness.ExpectAppend("n2"));
        Assert.True(harness.RunUntil(() => harness.Status.CommitIndex == 1, PeerDriver.Hop * 5), "the no-op should commit");
        return harness;
    }
}
