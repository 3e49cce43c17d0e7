using System.Buffers.Binary;
using Raft.Actors.StateMachine;

namespace Raft.Benchmarks.Scenarios;

/// <summary>
/// The cheapest state machine that is still one: it counts the commands applied and answers with an empty result;
/// its snapshot is the count. The benchmark measures Raft, not this.
/// </summary>
internal sealed class CountingStateMachine : IStateMachine
{
    private long _count;

    /// <summary>Commands counted so far (snapshot included); read from any thread.</summary>
    public long Count => Volatile.Read(ref _count);

    public byte[] Apply(long index, ReadOnlyMemory<byte> command)
    {
        Volatile.Write(ref _count, _count + 1);
        return [];
    }

    /// <summary>Any query reads the count: the read benchmark measures the protocol, not the query.</summary>
    public byte[] Query(ReadOnlyMemory<byte> query)
    {
        var data = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(data, _count);
        return data;
    }

    public byte[] TakeSnapshot()
    {
        var data = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(data, _count);
        return data;
    }

    public void Restore(ReadOnlyMemory<byte> snapshot)
    {
        if (snapshot.Length != 8)
        {
            throw new ArgumentException($"A counting snapshot has 8 bytes, got {snapshot.Length}.", nameof(snapshot));
        }

        Volatile.Write(ref _count, BinaryPrimitives.ReadInt64LittleEndian(snapshot.Span));
    }
}
