using System.Buffers.Binary;
using Raft.Actors.StateMachine;

namespace Raft.Tests.Persistence;

/// <summary>
/// A state machine whose state is the count of commands applied and a running checksum of them: two incarnations
/// that applied the same commands in the same order hold equal state. Readable from the test's thread.
/// </summary>
internal sealed class CountingStateMachine : IStateMachine
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    private long _count;
    private long _checksum = unchecked((long)FnvOffset);

    public long Count => Interlocked.Read(ref _count);

    public long Checksum => Interlocked.Read(ref _checksum);

    public byte[] Apply(long index, ReadOnlyMemory<byte> command)
    {
        var hash = (ulong)_checksum;
        foreach (var b in command.Span)
        {
            hash = (hash ^ b) * FnvPrime;
        }

        Interlocked.Exchange(ref _checksum, (long)hash);
        return BitConverter.GetBytes(Interlocked.Increment(ref _count));
    }

    public byte[] TakeSnapshot()
    {
        var data = new byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(data, _count);
        BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(8), _checksum);
        return data;
    }

    public void Restore(ReadOnlyMemory<byte> snapshot)
    {
        Interlocked.Exchange(ref _count, BinaryPrimitives.ReadInt64LittleEndian(snapshot.Span));
        Interlocked.Exchange(ref _checksum, BinaryPrimitives.ReadInt64LittleEndian(snapshot.Span[8..]));
    }
}
