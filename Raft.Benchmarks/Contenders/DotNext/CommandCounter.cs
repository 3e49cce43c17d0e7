using System.Buffers.Binary;
using DotNext.IO;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;

namespace Raft.Benchmarks.Contenders.DotNext;

/// <summary>
/// dotNext's side of the benchmark's state machine: counts the commands applied (entries with a payload; dotNext's
/// own no-op and configuration entries have none), as our <c>CountingStateMachine</c> does. It is a
/// <see cref="SimpleStateMachine"/>, the state machine dotNext's documentation pairs with <see cref="WriteAheadLog"/>:
/// the state in memory, a snapshot file (the count) every <c>snapshotEvery</c> entries, like our default snapshot
/// policy (every 100,000 entries).
/// </summary>
internal sealed class CommandCounter(DirectoryInfo location, long snapshotEvery) : SimpleStateMachine(location)
{
    private long _count;

    /// <summary>Commands counted so far (snapshot included); read from any thread.</summary>
    public long Count => Volatile.Read(ref _count);

    protected override ValueTask<bool> ApplyAsync(LogEntry entry, CancellationToken token)
    {
        if (entry.TryGetPayload(out var payload) && !payload.IsEmpty)
        {
            Volatile.Write(ref _count, _count + 1);
        }

        return new(snapshotEvery > 0 && entry.Index % snapshotEvery == 0);
    }

    protected override ValueTask PersistAsync(IAsyncBinaryWriter writer, CancellationToken token)
    {
        var data = new byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(data, _count);
        return writer.Invoke(data, token);
    }

    protected override async ValueTask RestoreAsync(FileInfo snapshotFile, CancellationToken token)
    {
        var data = await File.ReadAllBytesAsync(snapshotFile.FullName, token).ConfigureAwait(false);
        if (data.Length != sizeof(long))
        {
            throw new InvalidDataException($"The counting snapshot {snapshotFile.FullName} has {data.Length} bytes, not {sizeof(long)}.");
        }

        Volatile.Write(ref _count, BinaryPrimitives.ReadInt64LittleEndian(data));
    }
}
