using System.Text;

namespace Raft.Actors.TestKit.Linearizability;

/// <summary>
/// The bytes of <see cref="KeyValueScenarioStore"/>'s commands, queries and results. Commands: kind (1 put, 2
/// compare-and-set), key, value, and for compare-and-set whether a value is expected and which. Queries: the key.
/// A get's result is 0 for absent or 1 followed by the value; a compare-and-set's is 1 when it took effect.
/// </summary>
public static class KvCodec
{
    private const byte Put = 1;
    private const byte CompareAndSet = 2;

    /// <summary>The command of a put or compare-and-set.</summary>
    public static byte[] Command(KvInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var buffer = new MemoryStream();
        using var writer = new BinaryWriter(buffer, Encoding.UTF8);
        switch (input.Kind)
        {
            case KvOperationKind.Put:
                writer.Write(Put);
                break;
            case KvOperationKind.CompareAndSet:
                writer.Write(CompareAndSet);
                break;
            case KvOperationKind.Get:
                throw new ArgumentException("A Get is a query, not a command.", nameof(input));
            default:
                throw new ArgumentException($"The scenario store has no {input.Kind} command.", nameof(input));
        }

        writer.Write(input.Key);
        WriteBytes(writer, input.Value ?? []);
        if (input.Kind == KvOperationKind.CompareAndSet)
        {
            writer.Write(input.Expected is not null);
            WriteBytes(writer, input.Expected ?? []);
        }

        writer.Flush();
        return buffer.ToArray();
    }

    /// <summary>The query of a get.</summary>
    public static byte[] Query(string key) => Encoding.UTF8.GetBytes(key);

    /// <summary>What the operation returned, from the state machine's result bytes.</summary>
    public static KvOutput Output(KvInput input, ReadOnlySpan<byte> result) => input.Kind switch
    {
        KvOperationKind.Put => KvOutput.Done,
        KvOperationKind.Get => KvOutput.Read(result.Length > 0 && result[0] == 1 ? result[1..].ToArray() : null),
        KvOperationKind.CompareAndSet => KvOutput.CompareAndSet(result.Length > 0 && result[0] == 1),
        _ => throw new ArgumentException($"The scenario store has no {input.Kind} command.", nameof(input)),
    };

    internal static KvInput ReadCommand(ReadOnlyMemory<byte> command)
    {
        using var reader = new BinaryReader(new MemoryStream(command.ToArray()), Encoding.UTF8);
        var kind = reader.ReadByte();
        var key = reader.ReadString();
        var value = ReadBytes(reader);
        return kind switch
        {
            Put => KvInput.Put(key, value),
            CompareAndSet => KvInput.CompareAndSet(key, reader.ReadBoolean() ? ReadBytes(reader) : SkipBytes(reader), value),
            _ => throw new ArgumentException($"Unknown key-value command kind {kind}.", nameof(command)),
        };
    }

    internal static void WriteBytes(BinaryWriter writer, byte[] value)
    {
        writer.Write(value.Length);
        writer.Write(value);
    }

    internal static byte[] ReadBytes(BinaryReader reader) => reader.ReadBytes(reader.ReadInt32());

    private static byte[]? SkipBytes(BinaryReader reader)
    {
        ReadBytes(reader);
        return null;
    }
}
