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
    private const int HeaderBytes = 24;

    // The ballast repeats this block after the header, so a corrupted or misassembled chunk is caught on restore.
    private static readonly byte[] Ballast = [.. Enumerable.Range(0, 256).Select(i => (byte)(i * 31))];

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
        var data = new byte[HeaderBytes + snapshotBallastBytes];
        for (var offset = HeaderBytes; offset < data.Length; offset += Ballast.Length)
        {
            Ballast.AsSpan(0, Math.Min(Ballast.Length, data.Length - offset)).CopyTo(data.AsSpan(offset));
        }

        BinaryPrimitives.WriteUInt64LittleEndian(data, Checksum);
        BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(8), Count);
        BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(16), LastIndex);
        return data;
    }

    public void Restore(ReadOnlyMemory<byte> snapshot)
    {
        var span = snapshot.Span;
        if (span.Length < HeaderBytes)
        {
            throw new ArgumentException($"A checksum snapshot has at least {HeaderBytes} bytes, got {span.Length}.", nameof(snapshot));
        }

        for (var offset = HeaderBytes; offset < span.Length; offset += Ballast.Length)
        {
            var block = span.Slice(offset, Math.Min(Ballast.Length, span.Length - offset));
            var wrong = block.CommonPrefixLength(Ballast.AsSpan(0, block.Length));
            if (wrong < block.Length)
            {
                throw new ArgumentException($"Snapshot ballast corrupted at byte {offset + wrong}.", nameof(snapshot));
            }
        }

        Checksum = BinaryPrimitives.ReadUInt64LittleEndian(span);
        Count = BinaryPrimitives.ReadInt64LittleEndian(span[8..]);
        LastIndex = BinaryPrimitives.ReadInt64LittleEndian(span[16..]);
    }
}
