using System.Buffers.Binary;
using Raft.Actors.StateMachine;

namespace Raft.Tests.Persistence;

/// <summary>
/// Remembers the value of every command applied, by index; its snapshot is every (index, value) pair, so a
/// recovered journal tells exactly which commands survived. A command is an 8-byte value; its result is the command.
/// </summary>
internal sealed class AppliedLogStateMachine : IStateMachine
{
    private readonly SortedDictionary<long, long> _applied = [];

    public byte[] Apply(long index, ReadOnlyMemory<byte> command)
    {
        _applied[index] = ValueOf(command.Span);
        return command.ToArray();
    }

    public byte[] TakeSnapshot()
    {
        var data = new byte[_applied.Count * 16];
        var at = 0;
        foreach (var (index, value) in _applied)
        {
            BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(at), index);
            BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(at + 8), value);
            at += 16;
        }

        return data;
    }

    public void Restore(ReadOnlyMemory<byte> snapshot)
    {
        _applied.Clear();
        foreach (var (index, value) in Read(snapshot.Span))
        {
            _applied[index] = value;
        }
    }

    public static byte[] Command(long value)
    {
        var command = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(command, value);
        return command;
    }

    public static long ValueOf(ReadOnlySpan<byte> command) => BinaryPrimitives.ReadInt64LittleEndian(command);

    /// <summary>The (index, value) pairs of a snapshot this state machine took.</summary>
    public static IEnumerable<(long Index, long Value)> Read(ReadOnlySpan<byte> snapshot)
    {
        var pairs = new List<(long, long)>(snapshot.Length / 16);
        for (var at = 0; at + 16 <= snapshot.Length; at += 16)
        {
            pairs.Add((BinaryPrimitives.ReadInt64LittleEndian(snapshot[at..]), BinaryPrimitives.ReadInt64LittleEndian(snapshot[(at + 8)..])));
        }

        return pairs;
    }
}
