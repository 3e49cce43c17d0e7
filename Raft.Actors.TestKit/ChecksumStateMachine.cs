using System.Buffers.Binary;
using Raft.Actors.StateMachine;

namespace Raft.Actors.TestKit;

/// <summary>
/// A test state machine whose whole state is a running checksum of the commands applied and their count, so two
/// peers that applied the same commands hold equal state. Its result is the count after applying. An optional
/// ballast makes snapshots large, to exercise chunked transfer.
/// </summary>
public sealed class ChecksumStateMachine(int snapshotBallastBytes = 0) : IStateMachine
{
    public ulong Checksum { get; private set; } = 14695981039346656037UL;

    public long Count { get; private set; }

    public long LastIndex { get; private set; }

    public byte[] Apply(long index, ReadOnlyMemory<byte> command)
    {
        var hash = Checksum;
        foreach (var b in command.Span)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        Checksum = (hash ^ (ulong)command.Length) * 1099511628211UL;
        Count++;
        LastIndex = index;
        var result = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(result, Count);
        return result;
    }

    public byte[] TakeSnapshot()
    {
        var data = new byte[24 + snapshotBallastBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(data, Checksum);
        BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(8), Count);
        BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(16), LastIndex);
        for (var i = 24; i < data.Length; i++)
        {
            data[i] = (byte)(i * 31);
        }

        return data;
    }

    public void Restore(ReadOnlyMemory<byte> snapshot)
    {
        var span = snapshot.Span;
        if (span.Length < 24)
        {
            throw new ArgumentException($"A checksum snapshot has at least 24 bytes, got {span.Length}.", nameof(snapshot));
        }

        for (var i = 24; i < span.Length; i++)
        {
            if (span[i] != (byte)(i * 31))
            {
                throw new ArgumentException($"Snapshot ballast corrupted at byte {i}.", nameof(snapshot));
            }
        }

        Checksum = BinaryPrimitives.ReadUInt64LittleEndian(span);
        Count = BinaryPrimitives.ReadInt64LittleEndian(span[8..]);
        LastIndex = BinaryPrimitives.ReadInt64LittleEndian(span[16..]);
    }
}
