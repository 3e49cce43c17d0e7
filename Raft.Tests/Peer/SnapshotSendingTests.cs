using Akka.TestKit.Xunit2;
using Raft.Actors.Core;
using Raft.Actors.TestKit.Probes;
using Xunit.Abstractions;
using static Raft.Actors.Protocol.RaftProtocol;

namespace Raft.Tests.Peer;

/// <summary>
/// The leader's side of §7: a follower that needs entries the leader compacted gets the snapshot, one chunk of at most
/// SnapshotChunkBytes at a time, and AppendEntries resume once it reports the snapshot installed.
/// </summary>
public sealed class SnapshotSendingTests(ITestOutputHelper output) : TestKit(PeerUnderTest.Config, output)
{
    private const int ChunkBytes = 30;
    private static readonly byte[] Data = PeerDriver.SnapshotData(100);

    [Fact]
    public void A_follower_behind_the_snapshot_gets_it_in_chunks_then_AppendEntries_resume()
    {
        var peer = StartLeaderWithFollowerBehindSnapshot();

        var received = new List<byte>();
        var n2 = peer.Probe("n2");
        while (true)
        {
            var chunk = n2.ExpectMsg<InstallSnapshot>(hint: $"the chunk at offset {received.Count}");
            Assert.Equal((2L, "n1", 5L, 1L, (long)received.Count), (chunk.Term, chunk.LeaderId, chunk.LastIncludedIndex, chunk.LastIncludedTerm, chunk.Offset));
            Assert.True(chunk.Data.Length is > 0 and <= ChunkBytes, $"a chunk should hold 1 to {ChunkBytes} bytes, not {chunk.Data.Length}");
            received.AddRange(chunk.Data);
            Assert.Equal(received.Count == Data.Length, chunk.Done);

            // One chunk in flight: nothing more until this one is answered, across a heartbeat tick.
            peer.Advance(peer.Options.HeartbeatInterval);
            peer.AssertHeardNothing("n2", $"the chunk at offset {chunk.Offset} is unanswered");
            peer.Send("n2", new InstallSnapshotResult(2, "n2", 5, received.Count, Installed: chunk.Done));
            if (chunk.Done)
            {
                break;
            }
        }

        Assert.Equal(Data, received.ToArray());
        Assert.Equal(PeerDriver.Append(2, 5, 1, "6@1 7@1 8@2", 8), PeerDriver.Describe(peer.ExpectAppend("n2", hint: "replication resumes after the snapshot")));
    }

    [Fact]
    public void A_chunk_left_unanswered_is_sent_again_after_two_heartbeat_intervals()
    {
        var peer = StartLeaderWithFollowerBehindSnapshot();
        var n2 = peer.Probe("n2");
        var chunk = n2.ExpectMsg<InstallSnapshot>();

        peer.Advance(peer.Options.HeartbeatInterval);
        peer.AssertHeardNothing("n2", "one interval is not yet a stall");
        peer.Advance(peer.Options.HeartbeatInterval);
        var again = n2.ExpectMsg<InstallSnapshot>(hint: "the same chunk, resent after the second interval");

        Assert.Equal((chunk.Offset, chunk.Done), (again.Offset, again.Done));
        Assert.Equal(chunk.Data, again.Data);
    }

    /// <summary>n1 recovers a snapshot through 5@1 and entries 6@1 7@1 and leads term 2 with its no-op at 8, committed with n3; n2 has rejected it with an empty log.</summary>
    private PeerUnderTest StartLeaderWithFollowerBehindSnapshot()
    {
        var peer = PeerDriver.Start(this, term: 1, terms: [1, 1], snapshot: new SnapshotRecord(5, 1, Data), options: new() { SnapshotChunkBytes = ChunkBytes });
        Assert.Equal(2, peer.ElectAsLeader());
        peer.Accept("n3", peer.ExpectAppend("n3"));
        var first = peer.ExpectAppend("n2");
        Assert.Equal(PeerDriver.Append(2, 7, 1, "8@2", 5), PeerDriver.Describe(first));
        peer.AwaitStatus(s => s.CommitIndex == 8, "commit index 8: n3 and n1 hold the no-op");

        // n2 needs entry 1, long compacted.
        peer.Send("n2", new AppendEntriesResult(2, "n2", false, 7, 0, ConflictTerm: 0, ConflictIndex: 1, LastLogIndex: 0));
        return peer;
    }
}
