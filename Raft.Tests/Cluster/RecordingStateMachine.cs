using System.Buffers.Binary;
using Raft.Actors.StateMachine;

namespace Raft.Tests.Cluster;

/// <summary>
/// A test state machine whose state is the list of commands applied, in order; its result is how many it has
/// applied. Readable from the test thread. Throws on a command <paramref name="failOn"/> picks.
/// </summary>
internal sealed class RecordingStateMachine(Func<ReadOnlyMemory<byte>, bool>? failOn = null) : IStateMachine
{
    private readonly List<byte[]> _applied = [];

    public IReadOnlyList<byte[]> Applied
    {
        get
        {
            lock (_applied)
            {
                return [.. _applied];
            }
        }
    }

    public byte[] Apply(long index, ReadOnlyMemory<byte> command)
    {
        if (failOn?.Invoke(command) == true)
        {
            throw new InvalidOperationException($"refusing the command at index {index}");
        }

        int count;
        lock (_applied)
        {
            _applied.Add(command.ToArray());
            count = _applied.Count;
        }

        var result = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(result, count);
        return result;
    }

    public byte[] TakeSnapshot()
    {
        lock (_applied)
        {
            using var buffer = new MemoryStream();
            using var writer = new BinaryWriter(buffer);
            writer.Write(_applied.Count);
            foreach (var command in _applied)
            {
                writer.Write(command.Length);
                writer.Write(command);
            }

            writer.Flush();
            return buffer.ToArray();
        }
    }

    public void Restore(ReadOnlyMemory<byte> snapshot)
    {
        using var reader = new BinaryReader(new MemoryStream(snapshot.ToArray()));
        var commands = new List<byte[]>();
        for (var count = reader.ReadInt32(); count > 0; count--)
        {
            commands.Add(reader.ReadBytes(reader.ReadInt32()));
        }

        lock (_applied)
        {
            _applied.Clear();
            _applied.AddRange(commands);
        }
    }

    public static long CountOf(byte[] result) => BinaryPrimitives.ReadInt64LittleEndian(result);
}
