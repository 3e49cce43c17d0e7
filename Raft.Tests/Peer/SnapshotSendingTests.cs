using Raft.Actors.Persistence;
using Raft.Actors.Testing;
using static Raft.Actors.Messages.RaftProtocol;

namespace Raft.Tests.Peer;

/// <summary>
/// The leader's side of §7: a follower that needs entries the leader compacted gets the snapshot, one chunk of at most
/// SnapshotChunkBytes at a time, and AppendEntries resume once it reports the snapshot installed.
/// </summary>
public sealed class SnapshotSendingTests
{
    private const int ChunkBytes = 30;
    private static readonly byte[] Data = PeerDriver.SnapshotData(100);

    [Fact]
    public void A_follower_behind_the_snapshot_gets_it_in_chunks_then_AppendEntries_resume()
    {
        using var harness = StartLeaderWithFollowerBehindSnapshot();

        var received = new List<byte>();
        var n2 = harness.Probe("n2");
        while (true)
        {
            var chunk = n2.ExpectMsg<InstallSnapshot>(hint: $"the chunk at offset {received.Count}");
            Assert.Equal((2L, "n1", 5L, 1L, (long)received.Count), (chunk.Term, chunk.LeaderId, chunk.LastIncludedIndex, chunk.LastIncludedTerm, chunk.Offset));
            Assert.True(chunk.Data.Length is > 0 and <= ChunkBytes, $"a chunk should hold 1 to {ChunkBytes} bytes, not {chunk.Data.Length}");
            received.AddRange(chunk.Data);
            Assert.Equal(received.Count == Data.Length, chunk.Done);

            // One chunk in flight: nothing more until this one is answered, across a heartbeat tick.
            n2.ExpectNoMsg(harness.Options.HeartbeatInterval);
            harness.Send("n2", new InstallSnapshotResult(2, "n2", 5, received.Count, Installed: chunk.Done));
            if (chunk.Done)
            {
                break;
            }
        }

        Assert.Equal(Data, received.ToArray());
        Assert.Equal(PeerDriver.Append(2, 5, 1, "6@1 7@1 8@2", 8), PeerDriver.Describe(harness.ExpectAppend("n2", hint: "replication resumes after the snapshot")));
    }

    [Fact]
    public void A_chunk_left_unanswered_is_sent_again_after_two_heartbeat_intervals()
    {
        using var harness = StartLeaderWithFollowerBehindSnapshot();
        var n2 = harness.Probe("n2");
        var chunk = n2.ExpectMsg<InstallSnapshot>();
        var sentAt = harness.Now;

        var again = n2.ExpectMsg<InstallSnapshot>(hint: "the same chunk, resent", within: harness.Options.HeartbeatInterval * 3);

        Assert.Equal((chunk.Offset, chunk.Done), (again.Offset, again.Done));
        Assert.Equal(chunk.Data, again.Data);
        Assert.True(harness.Now - sentAt > harness.Options.HeartbeatInterval, $"the chunk was resent after {(harness.Now - sentAt).TotalMilliseconds} ms, before a whole heartbeat interval passed");
    }

    /// <summary>n1 recovers a snapshot through 5@1 and entries 6@1 7@1 and leads term 2 with its no-op at 8; n2 has rejected it with an empty log.</summary>
    private static PeerProbeHarness StartLeaderWithFollowerBehindSnapshot()
    {
        var options = PeerDriver.Options();
        options.SnapshotChunkBytes = ChunkBytes;
        var harness = PeerDriver.Start(term: 1, terms: [1, 1], snapshot: new SnapshotRecord(5, 1, Data), options: options);
        Assert.Equal(2, harness.ElectAsLeader());
        harness.Accept("n3", harness.ExpectAppend("n3"));
        var first = harness.ExpectAppend("n2");
        Assert.Equal(PeerDriver.Append(2, 7, 1, "8@2", 5), PeerDriver.Describe(first));

        // n2 needs entry 1, long compacted.
        harness.Send("n2", new AppendEntriesResult(2, "n2", false, 7, 0, ConflictTerm: 0, ConflictIndex: 1, LastLogIndex: 0));
        return harness;
    }
}
