using System.Net;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
using Raft.Benchmarks.Reporting;

namespace Raft.Benchmarks.Contenders.DotNext;

/// <summary>
/// How every dotNext member is configured, in one place, so the output can say exactly what ran. Everything is
/// dotNext's default except: the election timeouts (ours: [T, 2T)); a static three-member configuration
/// (<c>ColdStart = false</c>, as dotNext's RaftNode example starts a fixed cluster); and the write-ahead log's
/// <see cref="WriteAheadLog.MemoryManagementStrategy.PrivateMemory"/>, which its documentation names the best for
/// write performance, with 512 KiB chunks: both as dotNext's own WAL benchmark (<c>DotNext.Benchmarks.WAL</c>)
/// configures it (the default chunk is one OS page, 4 KiB here, which makes a file per ~40 commands). In 6.12 the log flushes and writes a checkpoint on every commit, always (its
/// <c>FlushOnCommit</c> and <c>FlushInterval</c> options are obsolete and have no effect), so there is no durability to choose.
/// </summary>
internal sealed record DotNextSettings(TimeSpan ElectionTimeout, long SnapshotEvery)
{
    public int LowerElectionTimeoutMs => (int)ElectionTimeout.TotalMilliseconds;

    public int UpperElectionTimeoutMs => (int)(ElectionTimeout.TotalMilliseconds * 2);

    /// <summary>What a commit vouches for, as dotNext 6.12 documents its log (and as we read its source).</summary>
    public static string Durability =>
        "WriteAheadLog, one per member: every commit writes the committed entries and a checkpoint through files opened O_SYNC (always on in 6.12); a follower acknowledges appended entries before writing them";

    public RaftCluster.TcpConfiguration Transport(IPEndPoint endPoint) => new(endPoint)
    {
        LowerElectionTimeout = LowerElectionTimeoutMs,
        UpperElectionTimeout = UpperElectionTimeoutMs,
        ColdStart = false,

        // null: dotNext creates its in-memory configuration storage, filled by the member (as in dotNext's RaftNode example).
        ConfigurationStorage = null!,
    };

    public WriteAheadLog.Options Log(string location) => new()
    {
        Location = location,
        MemoryManagement = WriteAheadLog.MemoryManagementStrategy.PrivateMemory,
        ChunkSize = 512 * 1024,
    };

    /// <summary>The options that matter, as dotNext resolves them (defaults included), for the output.</summary>
    public string Describe()
    {
        var transport = Transport(new IPEndPoint(IPAddress.Loopback, 1));
        var log = Log(Path.GetTempPath());
        return Format.Invariant(
            $"TCP on loopback: election timeout {transport.LowerElectionTimeout}-{transport.UpperElectionTimeout} ms, heartbeat threshold {transport.HeartbeatThreshold} (heartbeat every {transport.LowerElectionTimeout * transport.HeartbeatThreshold:0} ms), request timeout {transport.RequestTimeout.TotalMilliseconds:0} ms, transmission block {transport.TransmissionBlockSize} B, server backlog {transport.ServerBacklog}; WriteAheadLog: {log.MemoryManagement}, chunk {log.ChunkSize} B, concurrency level {log.ConcurrencyLevel}, hash {log.HashAlgorithm}; SimpleStateMachine snapshot every {SnapshotEvery:N0} entries");
    }
}
