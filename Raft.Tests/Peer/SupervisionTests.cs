using Akka.TestKit.Xunit2;
using Raft.Actors.TestKit.Probes;
using Xunit.Abstractions;
using static Raft.Actors.Protocol.ClientProtocol;
using static Raft.Actors.Protocol.RaftProtocol;

namespace Raft.Tests.Peer;

/// <summary>
/// A state machine that throws cannot be applied past: the peer stops (it is not restarted to apply the entry again)
/// with one error naming the member and the index, and tells every waiting proposer it stopped, including those
/// whose entries were already handed to the state machine.
/// </summary>
public sealed class SupervisionTests(ITestOutputHelper output) : TestKit(PeerUnderTest.Config, output)
{
    [Fact]
    public void A_state_machine_that_throws_applying_an_entry_stops_the_peer_with_an_error_naming_the_index()
    {
        var peer = PeerDriver.Start(this, term: 1, stateMachine: () => new FailingStateMachine(failApplyingAt: 2));
        Watch(peer.Ref);

        ExpectStopError("applying index 2").ExpectOne(() =>
        {
            peer.Send("n2", new AppendEntries(1, "n2", 0, 0, PeerDriver.Entries(1, 1, 1, 1), LeaderCommit: 3));
            ExpectTerminated(peer.Ref);
        });
    }

    [Fact]
    public void A_state_machine_that_throws_restoring_a_snapshot_stops_the_peer_with_an_error_naming_the_index()
    {
        var peer = PeerDriver.Start(this, term: 1, stateMachine: () => new FailingStateMachine(failRestoring: true));
        Watch(peer.Ref);

        ExpectStopError("restoring a snapshot at index 10").ExpectOne(() =>
        {
            peer.Send("n2", new InstallSnapshot(1, "n2", 10, 1, 0, PeerDriver.SnapshotData(32), Done: true));
            ExpectTerminated(peer.Ref);
        });
    }

    [Fact]
    public void A_leader_whose_state_machine_throws_tells_every_waiting_proposer_that_it_stopped()
    {
        var peer = PeerDriver.Start(this, stateMachine: () => new FailingStateMachine(failApplyingAt: 2));
        var term = peer.ElectAsLeader();
        peer.Accept("n2", peer.ExpectAppend("n2"));
        var first = CreateTestProbe("first-client");
        peer.Ref.Tell(new Propose([7]), first.Ref);
        Assert.Equal(new ProposalAccepted(2, term), first.ExpectMsg<ProposalAccepted>());
        var entry2 = peer.ExpectAppend("n2", hint: "entry 2 going out");
        var second = CreateTestProbe("second-client");
        peer.Ref.Tell(new Propose([8]), second.Ref);
        Assert.Equal(new ProposalAccepted(3, term), second.ExpectMsg<ProposalAccepted>());
        Watch(peer.Ref);

        // n2 acknowledges entry 2 only: it commits, the state machine throws on it, and entry 3 is never committed.
        ExpectStopError("applying index 2").ExpectOne(() =>
        {
            peer.Accept("n2", entry2);
            ExpectTerminated(peer.Ref);
        });

        // The proposer of the entry the state machine threw on hears it from the applier, the other from the peer.
        var atFailure = first.ExpectMsg<ProposalFailed>();
        Assert.Equal((2L, ProposalFailureReason.Stopped), (atFailure.Index, atFailure.Reason));
        Assert.Contains("index 2", atFailure.Detail, StringComparison.Ordinal);
        var failed = second.ExpectMsg<ProposalFailed>();
        Assert.Equal((3L, ProposalFailureReason.Stopped), (failed.Index, failed.Reason));
    }

    /// <summary>The one error the peer logs as it stops: it names the member and what the state machine was doing.</summary>
    private Akka.TestKit.IEventFilterApplier ExpectStopError(string doing) =>
        EventFilter.Custom<Akka.Event.Error>(e => e.Message?.ToString() is { } message
            && message.StartsWith("Raft member 'n1' of group 'probe' stops:", StringComparison.Ordinal)
            && message.Contains($"the state machine threw while {doing}", StringComparison.Ordinal));
}
