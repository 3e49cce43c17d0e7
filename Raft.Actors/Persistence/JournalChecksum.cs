using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using Raft.Actors.Messages;

namespace Raft.Actors.Persistence;

/// <summary>
/// CRC-32C of each stored row. Databases check their own page structure, but not the bytes inside a value: a flipped
/// bit in a command, a term or a vote would load silently. The checksum turns that into a
/// <see cref="JournalCorruptedException"/>. Uses the CPU's CRC-32C instruction where there is one.
/// </summary>
internal static class JournalChecksum
{
    public static long Of(LogEntry entry)
    {
        var crc = uint.MaxValue;
        crc = BitOperations.Crc32C(crc, (ulong)entry.Index);
        crc = BitOperations.Crc32C(crc, (ulong)entry.Term);
        crc = BitOperations.Crc32C(crc, (byte)entry.Kind);
        return ~Add(crc, entry.Command);
    }

    public static long Of(HardState state)
    {
        var crc = BitOperations.Crc32C(uint.MaxValue, (ulong)state.Term);

        // The marker byte tells "no vote" from a vote for the empty name.
        crc = BitOperations.Crc32C(crc, state.VotedFor is null ? (byte)0 : (byte)1);
        return ~Add(crc, Encoding.UTF8.GetBytes(state.VotedFor ?? ""));
    }

    public static long Of(SnapshotRecord snapshot)
    {
        var crc = uint.MaxValue;
        crc = BitOperations.Crc32C(crc, (ulong)snapshot.LastIncludedIndex);
        crc = BitOperations.Crc32C(crc, (ulong)snapshot.LastIncludedTerm);
        return ~Add(crc, snapshot.Data);
    }

    private static uint Add(uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= sizeof(ulong))
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return crc;
    }
}
