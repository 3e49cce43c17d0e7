using System.Buffers.Binary;
using Akka.TestKit.Xunit2;
using Raft.Actors.Protocol;
using Raft.Actors.TestKit.Probes;
using Xunit.Abstractions;
using static Raft.Actors.Protocol.ClientProtocol;

namespace Raft.Tests.Peer;

/// <summary>What a client hears when it proposes a command: NotLeader from a follower; from the leader, Accepted at once, then Applied or Failed.</summary>
public sealed class ProposalTests(ITestOutputHelper output) : TestKit(PeerUnderTest.Config, output)
{
    private static readonly byte[] Command = [7, 7, 7];

    [Fact]
    public void A_follower_answers_NotLeader_naming_the_leader_it_knows()
    {
        var peer = PeerDriver.Start(this, term: 1);
        peer.Send("n2", new RaftProtocol.AppendEntries(1, "n2", 0, 0, [], 0));
        peer.Probe("n2").ExpectMsg<RaftProtocol.AppendEntriesResult>();
        var client = CreateTestProbe("client");

        peer.Ref.Tell(new Propose(Command), client.Ref);

        Assert.Equal(new NotLeader("n1", "n2"), client.ExpectMsg<NotLeader>());
    }

    [Fact]
    public void A_follower_that_knows_no_leader_answers_NotLeader_without_one()
    {
        var peer = PeerDriver.Start(this, term: 1);
        var client = CreateTestProbe("client");

        peer.Ref.Tell(new Propose(Command), client.Ref);

        Assert.Equal(new NotLeader("n1", null), client.ExpectMsg<NotLeader>());
    }

    [Fact]
    public void The_leader_accepts_at_once_and_answers_Applied_after_a_majority_holds_the_entry()
    {
        var (peer, term) = StartLeaderWithCommittedNoOp();
        var client = CreateTestProbe("client");

        // Virtual time stands still: Accepted comes on the proposal itself.
        peer.Ref.Tell(new Propose(Command), client.Ref);
        Assert.Equal(new ProposalAccepted(2, term), client.ExpectMsg<ProposalAccepted>());

        // Only n1 holds entry 2 so far: no majority, no answer.
        var append = peer.ExpectAppend("n2");
        Assert.Equal(PeerDriver.Append(term, 1, term, $"2@{term}", 1), PeerDriver.Describe(append));
        peer.Advance(peer.Options.HeartbeatInterval);
        Assert.Equal(1, peer.Status().CommitIndex);
        client.ExpectNoMsg(TimeSpan.Zero);

        peer.Accept("n2", append);
        var applied = client.ExpectMsg<ProposalApplied>();
        Assert.Equal((2L, term), (applied.Index, applied.Term));
        Assert.Equal(1, BinaryPrimitives.ReadInt64LittleEndian(applied.Result));
    }

    [Fact]
    public void A_leader_that_steps_down_fails_its_pending_proposals_with_LostLeadership()
    {
        var (peer, term) = StartLeaderWithCommittedNoOp(PeerDriver.Figure2Options());
        var client = CreateTestProbe("client");
        peer.Ref.Tell(new Propose(Command), client.Ref);
        Assert.Equal(new ProposalAccepted(2, term), client.ExpectMsg<ProposalAccepted>());

        peer.Send("n3", new RaftProtocol.RequestVote(term + 1, "n3", 2, term));

        var failed = client.ExpectMsg<ProposalFailed>();
        Assert.Equal((2L, term, ProposalFailureReason.LostLeadership), (failed.Index, failed.Term, failed.Reason));
    }

    [Fact]
    public void Results_of_one_batch_come_in_messages_that_fit_a_remote_frame()
    {
        // Eight 300 KB results are 2.4 MB: in one ProposalsApplied, more than a remote client's frame should be asked to carry.
        const int ResultBytes = 300_000;
        var (peer, term) = StartLeaderWithCommittedNoOp(stateMachine: () => new LargeResultStateMachine(ResultBytes));
        var client = CreateTestProbe("client");
        peer.Ref.Tell(new ProposeBatch([.. Enumerable.Range(0, 8).Select(_ => Command)]), client.Ref);
        Assert.Equal(new BatchAccepted(2, term, 8), client.ExpectMsg<BatchAccepted>());

        peer.Accept("n2", peer.ExpectAppend("n2"));
        var messages = new List<ProposalApplied[]>();
        while (messages.Sum(m => m.Length) < 8)
        {
            messages.Add(client.ExpectMsg<object>() switch
            {
                ProposalsApplied many => many.Results,
                ProposalApplied one => [one],
                var other => throw new Xunit.Sdk.XunitException($"unexpected {other}"),
            });
        }

        Assert.True(messages.Count > 1, $"{messages.Count} message(s) for 8 results of {ResultBytes} bytes");
        Assert.All(messages, m => Assert.InRange(m.Sum(r => (long)r.Result.Length), 1, Raft.Actors.Peer.StateMachineApplier.MaxReplyBytes));
        Assert.Equal(Enumerable.Range(2, 8).Select(i => (long)i), messages.SelectMany(m => m).Select(r => r.Index));
        Assert.All(messages.SelectMany(m => m), r => Assert.Equal((byte)r.Index, r.Result[^1]));
    }

    /// <summary>n1 leads with its no-op at index 1 committed (n2 acknowledged it; n3 never answers).</summary>
    private (PeerUnderTest Peer, long Term) StartLeaderWithCommittedNoOp(Raft.Actors.Core.RaftOptions? options = null, Func<Raft.Actors.StateMachine.IStateMachine>? stateMachine = null)
    {
        var peer = PeerDriver.Start(this, options: options, stateMachine: stateMachine);
        var term = peer.ElectAsLeader();
        peer.Accept("n2", peer.ExpectAppend("n2"));
        peer.AwaitStatus(s => s.CommitIndex == 1, "commit index 1: n2 and n1 hold the no-op");
        return (peer, term);
    }
}
