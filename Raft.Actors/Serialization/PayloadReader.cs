using System.Runtime.Serialization;
using System.Text;
using Raft.Actors.Protocol;

namespace Raft.Actors.Serialization;

/// <summary>
/// Reads one payload written by <see cref="PayloadWriter"/>. Every length and count is checked against the bytes
/// left before anything is allocated, so no payload makes it allocate more than its own size; every problem throws a
/// <see cref="SerializationException"/> naming the manifest, the field, the byte offset and what is wrong.
/// </summary>
internal ref struct PayloadReader
{
    /// <summary>Longest member id, leader id or other name accepted (UTF-8 bytes).</summary>
    public const int MaxIdBytes = 256;

    /// <summary>Longest free text (a failure's detail) accepted (UTF-8 bytes).</summary>
    public const int MaxTextBytes = 64 << 10;

    // An encoded entry takes at least: index delta, term delta, kind and command length, one byte each.
    private const int MinEntryBytes = 4;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _bytes;
    private readonly string _manifest;
    private int _position;

    public PayloadReader(ReadOnlySpan<byte> bytes, string manifest)
    {
        _bytes = bytes;
        _manifest = manifest;
        if (bytes.IsEmpty)
        {
            throw Malformed("it is empty (a payload starts with its format version byte)");
        }

        var version = bytes[0];
        if (version != RaftSerializer.FormatVersion)
        {
            throw new SerializationException(
                $"Raft payload '{manifest}' has format version {version}; this build reads version {RaftSerializer.FormatVersion} only.");
        }

        _position = 1;
    }

    private readonly int Remaining => _bytes.Length - _position;

    public byte ReadByte(string field)
    {
        if (Remaining < 1)
        {
            throw Malformed($"{field} is missing: the payload ends at byte {_position}");
        }

        return _bytes[_position++];
    }

    public bool ReadBool(string field)
    {
        var at = _position;
        return ReadByte(field) switch
        {
            0 => false,
            1 => true,
            var other => throw Malformed($"{field} at byte {at} is {other}, not a boolean (0 or 1)"),
        };
    }

    public long ReadInt64(string field) => (long)ReadVarint(field);

    /// <summary>A value that must be at least 0, as indexes, terms, offsets and counts are.</summary>
    public long ReadNonNegative(string field)
    {
        var at = _position;
        var value = ReadInt64(field);
        return value >= 0 ? value : throw Malformed($"{field} at byte {at} is {value}; it cannot be negative");
    }

    public int ReadInt32(string field)
    {
        var at = _position;
        var value = ReadInt64(field);
        return value is >= int.MinValue and <= int.MaxValue ? (int)value : throw Malformed($"{field} at byte {at} is {value}, out of the range of a 32-bit integer");
    }

    public long ReadDelta(string field)
    {
        var raw = ReadVarint(field);
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    public byte[] ReadBytes(string field)
    {
        var length = ReadLength(field, int.MaxValue);
        var value = _bytes.Slice(_position, length).ToArray();
        _position += length;
        return value;
    }

    public string ReadString(string field, int maxBytes)
    {
        var length = ReadLength(field, maxBytes);
        return DecodeString(field, length);
    }

    public string? ReadNullableString(string field, int maxBytes)
    {
        var at = _position;
        var raw = ReadVarint(field);
        if (raw == 0)
        {
            return null;
        }

        return DecodeString(field, CheckLength(field, at, raw - 1, maxBytes));
    }

    public T ReadEnum<T>(string field)
        where T : struct, Enum
    {
        var at = _position;
        var value = ReadByte(field);
        var result = (T)Enum.ToObject(typeof(T), value);
        return Enum.IsDefined(result) ? result : throw Malformed($"{field} at byte {at} is {value}, not a {typeof(T).Name}");
    }

    /// <summary>
    /// A count of elements that take at least <paramref name="minElementBytes"/> each: a count the bytes left cannot
    /// hold is refused before anything is allocated for it.
    /// </summary>
    public int ReadCount(string field, int minElementBytes)
    {
        var at = _position;
        var raw = ReadVarint(field);
        if (raw > (ulong)(Remaining / minElementBytes))
        {
            throw Malformed($"{field} at byte {at} is {raw}, more than the {Remaining} bytes left can hold");
        }

        return (int)raw;
    }

    public LogEntry[] ReadEntries(string field)
    {
        var count = ReadCount($"{field}.Count", MinEntryBytes);
        var entries = new LogEntry[count];
        long index = 0, term = 0;
        for (var i = 0; i < count; i++)
        {
            var name = $"{field}[{i}]";
            index += ReadDelta($"{name}.Index");
            term += ReadDelta($"{name}.Term");
            if (index < 0 || term < 0)
            {
                throw Malformed($"{name} has index {index} and term {term}; neither can be negative");
            }

            var kind = ReadEnum<EntryKind>($"{name}.Kind");
            entries[i] = new LogEntry(index, term, kind, ReadBytes($"{name}.Command"));
        }

        return entries;
    }

    /// <summary>Every byte must have been read: trailing bytes mean the payload is not what its manifest says.</summary>
    public readonly void End()
    {
        if (Remaining != 0)
        {
            throw Malformed($"{Remaining} bytes are left over after its last field (byte {_position} of {_bytes.Length})");
        }
    }

    private int ReadLength(string field, int maxBytes)
    {
        var at = _position;
        return CheckLength(field, at, ReadVarint(field), maxBytes);
    }

    private readonly int CheckLength(string field, int at, ulong length, int maxBytes)
    {
        if (length > (ulong)maxBytes)
        {
            throw Malformed($"the length of {field} at byte {at} is {length}, over the limit of {maxBytes}");
        }

        if (length > (ulong)Remaining)
        {
            throw Malformed($"the length of {field} at byte {at} is {length}, but only {Remaining} bytes are left");
        }

        return (int)length;
    }

    private string DecodeString(string field, int length)
    {
        try
        {
            var value = Utf8.GetString(_bytes.Slice(_position, length));
            _position += length;
            return value;
        }
        catch (DecoderFallbackException ex)
        {
            throw Malformed($"{field} at byte {_position} is not valid UTF-8 ({ex.Message})");
        }
    }

    private ulong ReadVarint(string field)
    {
        var at = _position;
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (Remaining < 1)
            {
                throw Malformed($"{field} at byte {at} is cut off: the payload ends at byte {_position}");
            }

            var b = _bytes[_position++];
            if (shift == 63 && b > 1)
            {
                throw Malformed($"{field} at byte {at} overflows 64 bits");
            }

            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw Malformed($"{field} at byte {at} overflows 64 bits");
    }

    private readonly SerializationException Malformed(string problem) =>
        new($"Raft payload '{_manifest}' ({_bytes.Length} bytes) is malformed: {problem}.");
}
