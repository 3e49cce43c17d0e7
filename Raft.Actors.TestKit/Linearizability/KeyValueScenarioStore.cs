using System.Text;
using Raft.Actors.StateMachine;

namespace Raft.Actors.TestKit.Linearizability;

/// <summary>
/// A small key-value state machine for scenarios (put, compare-and-set, get as a query), in the encoding of
/// <see cref="KvCodec"/>, so that what clients saw can be checked by <see cref="LinearizabilityChecker"/>.
/// </summary>
public sealed class KeyValueScenarioStore : IStateMachine
{
    private readonly SortedDictionary<string, byte[]> _values = new(StringComparer.Ordinal);

    public byte[] Apply(long index, ReadOnlyMemory<byte> command)
    {
        var input = KvCodec.ReadCommand(command);
        _values.TryGetValue(input.Key, out var current);
        if (input.Kind == KvOperationKind.Put)
        {
            _values[input.Key] = input.Value!;
            return [];
        }

        var matches = KvModel.Same(current, input.Expected);
        if (matches)
        {
            _values[input.Key] = input.Value!;
        }

        return [matches ? (byte)1 : (byte)0];
    }

    public byte[] Query(ReadOnlyMemory<byte> query) =>
        _values.TryGetValue(Encoding.UTF8.GetString(query.Span), out var value) ? [1, .. value] : [0];

    public byte[] TakeSnapshot()
    {
        using var buffer = new MemoryStream();
        using var writer = new BinaryWriter(buffer, Encoding.UTF8);
        writer.Write(_values.Count);
        foreach (var (key, value) in _values)
        {
            writer.Write(key);
            KvCodec.WriteBytes(writer, value);
        }

        writer.Flush();
        return buffer.ToArray();
    }

    public void Restore(ReadOnlyMemory<byte> snapshot)
    {
        using var reader = new BinaryReader(new MemoryStream(snapshot.ToArray()), Encoding.UTF8);
        _values.Clear();
        for (var count = reader.ReadInt32(); count > 0; count--)
        {
            _values[reader.ReadString()] = KvCodec.ReadBytes(reader);
        }
    }
}
