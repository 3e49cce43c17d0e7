using Akka.TestKit.Xunit2;
using Raft.Actors.Core;
using Raft.Actors.Protocol;
using Raft.Actors.TestKit;
using Raft.Actors.TestKit.Linearizability;
using Raft.Actors.TestKit.Probes;
using Xunit.Abstractions;
using static Raft.Actors.Protocol.RaftProtocol;

namespace Raft.Tests.Peer;

/// <summary>
/// Reads on the real actor (thesis §6.4): the peer confirms them with its neighbours (probes) and its applier answers
/// them from the state machine once it has applied through the read index. The journal starts with "k" = "v" at index 1.
/// </summary>
public sealed class ReadTests(ITestOutputHelper output) : TestKit(PeerUnderTest.Config, output)
{
    private static readonly byte[] Query = KvCodec.Query("k");

    [Fact]
    public void A_leader_answers_a_read_from_its_state_machine_once_a_majority_acknowledged_its_read_heartbeat()
    {
        var peer = StartPeer();
        var term = peer.ElectAsLeader();
        peer.Accept("n2", peer.ExpectAppend("n2"));
        peer.AwaitStatus(s => s.LastApplied == 2, "its no-op applied");
        var client = CreateTestProbe();

        peer.Ref.Tell(new ClientProtocol.Read(Query), client.Ref);

        var heartbeat = peer.Probe("n3").FishForMessage<ReadHeartbeat>(_ => true, hint: "a read heartbeat to n3");
        client.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        peer.Send("n3", new ReadHeartbeatResult(term, "n3", heartbeat.Round));
        var result = client.ExpectMsg<ClientProtocol.ReadResult>();
        Assert.Equal((2L, "v"), (result.ReadIndex, KvText(result.Result)));
    }

    [Fact]
    public void A_follower_answers_a_read_at_the_read_index_its_leader_granted()
    {
        var peer = StartPeer();
        peer.Send("n2", new AppendEntries(1, "n2", 1, 1, [], 1));
        peer.AwaitStatus(s => s.LastApplied == 1, "the committed entry applied");
        var client = CreateTestProbe();

        peer.Ref.Tell(new ClientProtocol.Read(Query), client.Ref);

        var request = peer.Probe("n2").FishForMessage<ReadIndexRequest>(_ => true, hint: "a read index request to the leader");
        peer.Send("n2", new ReadIndexResult(1, "n2", request.RequestId, Granted: true, 1));
        var result = client.ExpectMsg<ClientProtocol.ReadResult>();
        Assert.Equal((1L, "v"), (result.ReadIndex, KvText(result.Result)));
    }

    [Fact]
    public void A_read_waits_until_the_state_machine_has_applied_through_its_read_index()
    {
        var peer = StartPeer();
        peer.Send("n2", new AppendEntries(1, "n2", 1, 1, [], 0));
        var client = CreateTestProbe();
        peer.Ref.Tell(new ClientProtocol.Read(Query), client.Ref);
        var request = peer.Probe("n2").FishForMessage<ReadIndexRequest>(_ => true, hint: "a read index request to the leader");

        peer.Send("n2", new ReadIndexResult(1, "n2", request.RequestId, Granted: true, 1));
        client.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        peer.Send("n2", new AppendEntries(1, "n2", 1, 1, [], 1));

        Assert.Equal("v", KvText(client.ExpectMsg<ClientProtocol.ReadResult>().Result));
    }

    [Fact]
    public void A_member_that_knows_no_leader_fails_a_read_at_once()
    {
        var peer = StartPeer();
        var client = CreateTestProbe();

        peer.Ref.Tell(new ClientProtocol.Read(Query), client.Ref);

        Assert.Equal(ClientProtocol.ReadFailureReason.NoLeader, client.ExpectMsg<ClientProtocol.ReadFailed>().Reason);
    }

    [Fact]
    public void A_state_machine_that_does_not_answer_queries_fails_the_read_and_the_member_goes_on()
    {
        var peer = PeerUnderTest.Start(this, new PeerUnderTestSettings { StateMachine = () => new ChecksumStateMachine() });
        peer.Send("n2", new AppendEntries(1, "n2", 0, 0, [], 0));
        var client = CreateTestProbe();
        peer.Ref.Tell(new ClientProtocol.Read(Query), client.Ref);
        var request = peer.Probe("n2").FishForMessage<ReadIndexRequest>(_ => true, hint: "a read index request to the leader");

        peer.Send("n2", new ReadIndexResult(1, "n2", request.RequestId, Granted: true, 0));

        var failed = client.ExpectMsg<ClientProtocol.ReadFailed>();
        Assert.Equal(ClientProtocol.ReadFailureReason.QueryFailed, failed.Reason);
        Assert.Contains("override IStateMachine.Query", failed.Detail);
        Assert.Equal(RaftRole.Follower, peer.Status().Role);
    }

    private PeerUnderTest StartPeer() => PeerUnderTest.Start(this, new PeerUnderTestSettings
    {
        StateMachine = () => new KeyValueScenarioStore(),
        InitialJournal = new JournalRecovery(new HardState(1, null), null, [new LogEntry(1, 1, EntryKind.Command, KvCodec.Command(KvInput.Put("k", "v"u8.ToArray())))]),
    });

    private static string? KvText(byte[] result) =>
        KvCodec.Output(KvInput.Get("k"), result).Value is { } value ? System.Text.Encoding.ASCII.GetString(value) : null;
}
