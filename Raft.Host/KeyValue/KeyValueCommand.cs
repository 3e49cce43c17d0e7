using System.Text;

namespace Raft.Host.KeyValue;

/// <summary>
/// A command for <see cref="KeyValueStateMachine"/>, and its byte encoding (version <see cref="FormatVersion"/>,
/// described in docs/key-value-commands.md): the format version, the op code, then the operation's fields, each a
/// 32-bit little-endian length followed by that many bytes (length -1 marks an absent value).
/// </summary>
public sealed class KeyValueCommand
{
    /// <summary>The encoding this build writes and reads; a command of another version is refused as malformed.</summary>
    public const byte FormatVersion = 1;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private KeyValueCommand(KeyValueOperation operation, string key, byte[]? value, byte[]? expected)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        try
        {
            StrictUtf8.GetByteCount(key);
        }
        catch (EncoderFallbackException ex)
        {
            throw new ArgumentException("A key must be valid Unicode text (it is stored as UTF-8).", nameof(key), ex);
        }

        Operation = operation;
        Key = key;
        Value = value;
        Expected = expected;
    }

    public KeyValueOperation Operation { get; }

    public string Key { get; }

    /// <summary>The value to store: set by <see cref="KeyValueOperation.Set"/> and <see cref="KeyValueOperation.CompareAndSet"/>, null otherwise.</summary>
    public byte[]? Value { get; }

    /// <summary>For <see cref="KeyValueOperation.CompareAndSet"/>: the value the key must hold, or null if it must be absent.</summary>
    public byte[]? Expected { get; }

    public static KeyValueCommand Set(string key, byte[] value) => new(KeyValueOperation.Set, key, Required(value, nameof(value)), null);

    public static KeyValueCommand Set(string key, string value) => Set(key, Encoding.UTF8.GetBytes(value));

    public static KeyValueCommand Get(string key) => new(KeyValueOperation.Get, key, null, null);

    public static KeyValueCommand Delete(string key) => new(KeyValueOperation.Delete, key, null, null);

    /// <param name="expected">The value the key must hold for the set to happen; null if the key must not exist.</param>
    public static KeyValueCommand CompareAndSet(string key, byte[]? expected, byte[] value) =>
        new(KeyValueOperation.CompareAndSet, key, Required(value, nameof(value)), expected);

    public static KeyValueCommand CompareAndSet(string key, string? expected, string value) =>
        CompareAndSet(key, expected is null ? null : Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(value));

    public byte[] Encode()
    {
        var writer = new WireWriter().WriteByte(FormatVersion).WriteByte((byte)Operation).WriteText(Key);
        switch (Operation)
        {
            case KeyValueOperation.Set:
                writer.WriteField(Value);
                break;
            case KeyValueOperation.CompareAndSet:
                writer.WriteOptionalField(Expected).WriteField(Value);
                break;
        }

        return writer.ToArray();
    }

    /// <exception cref="FormatException">The bytes are not a command of this version; the message says what is wrong and where.</exception>
    public static KeyValueCommand Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new WireReader(bytes, "key-value command");
        reader.ReadVersion(FormatVersion);
        var code = reader.ReadByte("op code");
        var operation = (KeyValueOperation)code;
        var key = reader.ReadText("key");
        var command = operation switch
        {
            KeyValueOperation.Set => new KeyValueCommand(operation, key, reader.ReadField("value"), null),
            KeyValueOperation.Get or KeyValueOperation.Delete => new KeyValueCommand(operation, key, null, null),
            KeyValueOperation.CompareAndSet => DecodeCompareAndSet(ref reader, key),
            _ => throw new FormatException($"The key-value command ({bytes.Length} bytes) has unknown op code {code} (offset 1)."),
        };
        reader.ExpectEnd();
        return command;
    }

    public override string ToString() => Operation switch
    {
        KeyValueOperation.Set => $"SET {Key} = {Show(Value)}",
        KeyValueOperation.CompareAndSet => $"CAS {Key} {Show(Expected)} -> {Show(Value)}",
        _ => $"{Operation.ToString().ToUpperInvariant()} {Key}",
    };

    /// <summary>Bytes shown as text when they are printable UTF-8, else as hex; "(none)" for an absent value.</summary>
    internal static string Show(byte[]? value)
    {
        if (value is null)
        {
            return "(none)";
        }

        try
        {
            var text = StrictUtf8.GetString(value);
            return text.Any(char.IsControl) ? Convert.ToHexString(value) : $"\"{text}\"";
        }
        catch (DecoderFallbackException)
        {
            return Convert.ToHexString(value);
        }
    }

    private static KeyValueCommand DecodeCompareAndSet(ref WireReader reader, string key)
    {
        var expected = reader.ReadField("expected value", mayBeAbsent: true);
        var value = reader.ReadField("new value");
        return new KeyValueCommand(KeyValueOperation.CompareAndSet, key, value, expected);
    }

    private static byte[] Required(byte[] value, string name) => value ?? throw new ArgumentNullException(name);
}
