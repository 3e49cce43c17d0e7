using System.Text;

namespace Raft.Actors.KeyValue;

/// <summary>
/// A command for <see cref="KeyValueStateMachine"/>, and its byte encoding (version <see cref="FormatVersion"/>,
/// described in docs/key-value-commands.md): the format version, the op code, then the operation's fields, each a
/// 32-bit little-endian length followed by that many bytes (length -1 marks an absent value). Keys and values are
/// bounded by <see cref="KeyValueLimits"/>.
/// </summary>
public sealed class KeyValueCommand
{
    /// <summary>The encoding this build writes and reads; a command of another version is refused as malformed.</summary>
    public const byte FormatVersion = 1;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private KeyValueCommand(KeyValueOperation operation, string key, byte[]? value, byte[]? expected)
    {
        if (Problem(key, value, expected) is { } problem)
        {
            throw new ArgumentException(problem);
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

    /// <param name="key">The key to set.</param>
    /// <param name="expected">The value the key must hold for the set to happen; null if the key must not exist.</param>
    /// <param name="value">The value to set.</param>
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
        byte[]? value = null;
        byte[]? expected = null;
        switch (operation)
        {
            case KeyValueOperation.Set:
                value = reader.ReadField("value");
                break;
            case KeyValueOperation.Get or KeyValueOperation.Delete:
                break;
            case KeyValueOperation.CompareAndSet:
                expected = reader.ReadField("expected value", mayBeAbsent: true);
                value = reader.ReadField("new value");
                break;
            default:
                throw new FormatException($"The key-value command ({bytes.Length} bytes) has unknown op code {code} (offset 1).");
        }

        reader.ExpectEnd();
        return Problem(key, value, expected) is { } problem
            ? throw new FormatException($"The key-value command ({bytes.Length} bytes) is out of bounds: {problem}")
            : new KeyValueCommand(operation, key, value, expected);
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

    /// <summary>What makes these fields unfit for a command (an empty, non-UTF-8 or oversized key, an oversized value), or null.</summary>
    public static string? Problem(string? key, byte[]? value, byte[]? expected)
    {
        if (string.IsNullOrEmpty(key))
        {
            return "A key must not be empty.";
        }

        int keyBytes;
        try
        {
            keyBytes = StrictUtf8.GetByteCount(key);
        }
        catch (EncoderFallbackException)
        {
            return "A key must be valid Unicode text (it is stored as UTF-8).";
        }

        if (keyBytes > KeyValueLimits.MaxKeyBytes)
        {
            return $"A key must be at most {KeyValueLimits.MaxKeyBytes} bytes of UTF-8; this one is {keyBytes}.";
        }

        if (value?.Length > KeyValueLimits.MaxValueBytes)
        {
            return $"A value must be at most {KeyValueLimits.MaxValueBytes} bytes; this one is {value.Length}.";
        }

        return expected?.Length > KeyValueLimits.MaxValueBytes
            ? $"An expected value must be at most {KeyValueLimits.MaxValueBytes} bytes; this one is {expected.Length}."
            : null;
    }

    private static byte[] Required(byte[] value, string name) => value ?? throw new ArgumentNullException(name);
}
