using System.Text;

namespace Raft.Actors.KeyValue;

/// <summary>
/// What <see cref="KeyValueStateMachine"/> returns for a command, and its encoding (version
/// <see cref="KeyValueCommand.FormatVersion"/>): the format version, the status, then one length-prefixed field,
/// the <see cref="Value"/> (length -1 if absent), or for <see cref="KeyValueStatus.Malformed"/> the UTF-8 <see cref="Error"/>.
/// </summary>
public sealed class KeyValueResult
{
    private KeyValueResult(KeyValueStatus status, byte[]? value, string? error)
    {
        Status = status;
        Value = value;
        Error = error;
    }

    public KeyValueStatus Status { get; }

    /// <summary>
    /// Set, CompareAndSet (on success): the previous value. Get: the value. Delete: the removed value.
    /// CompareAndSet (failed): the current value. Null when there is none.
    /// </summary>
    public byte[]? Value { get; }

    /// <summary>Why the command was malformed; null for every other status.</summary>
    public string? Error { get; }

    public string? ValueText => Value is null ? null : Encoding.UTF8.GetString(Value);

    public static KeyValueResult Ok(byte[]? value) => new(KeyValueStatus.Ok, value, null);

    public static KeyValueResult NotFound() => new(KeyValueStatus.NotFound, null, null);

    public static KeyValueResult CompareFailed(byte[]? current) => new(KeyValueStatus.CompareFailed, current, null);

    public static KeyValueResult Malformed(string error)
    {
        ArgumentException.ThrowIfNullOrEmpty(error);
        return new(KeyValueStatus.Malformed, null, error);
    }

    public byte[] Encode()
    {
        var writer = new WireWriter().WriteByte(KeyValueCommand.FormatVersion).WriteByte((byte)Status);
        return (Status == KeyValueStatus.Malformed ? writer.WriteText(Error!) : writer.WriteOptionalField(Value)).ToArray();
    }

    /// <exception cref="FormatException">The bytes are not a result of this version; the message says what is wrong and where.</exception>
    public static KeyValueResult Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new WireReader(bytes, "key-value result");
        reader.ReadVersion(KeyValueCommand.FormatVersion);
        var code = reader.ReadByte("status");
        var result = (KeyValueStatus)code switch
        {
            KeyValueStatus.Ok => Ok(reader.ReadField("value", mayBeAbsent: true)),
            KeyValueStatus.NotFound => reader.ReadField("value", mayBeAbsent: true) is null
                ? NotFound()
                : throw new FormatException($"The key-value result ({bytes.Length} bytes) says NotFound but carries a value (offset 2)."),
            KeyValueStatus.CompareFailed => CompareFailed(reader.ReadField("value", mayBeAbsent: true)),
            KeyValueStatus.Malformed => Malformed(reader.ReadText("error")),
            _ => throw new FormatException($"The key-value result ({bytes.Length} bytes) has unknown status {code} (offset 1)."),
        };
        reader.ExpectEnd();
        return result;
    }

    public override string ToString() => Status switch
    {
        KeyValueStatus.Malformed => $"Malformed: {Error}",
        _ when Value is null => Status.ToString(),
        _ => $"{Status} {KeyValueCommand.Show(Value)}",
    };
}
