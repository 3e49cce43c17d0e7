using System.Buffers.Binary;
using System.Text;

namespace Raft.Actors.KeyValue;

/// <summary>
/// Reads the length-prefixed fields shared by key-value commands, results and snapshots. Every problem is a
/// <see cref="FormatException"/> that says what was being read, which field, and at which offset.
/// </summary>
internal ref struct WireReader(ReadOnlySpan<byte> data, string what)
{
    /// <summary>The length prefix that marks an absent value.</summary>
    public const int Absent = -1;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly ReadOnlySpan<byte> _data = data;
    private int _offset;

    public byte ReadByte(string field)
    {
        if (_offset >= _data.Length)
        {
            throw Error($"ends before its {field} (offset {_offset})");
        }

        return _data[_offset++];
    }

    /// <summary>Checks the version byte that starts every encoding.</summary>
    public void ReadVersion(byte supported)
    {
        var version = ReadByte("format version");
        if (version != supported)
        {
            throw Error($"has format version {version}; this build reads version {supported}");
        }
    }

    /// <summary>A length-prefixed byte field; null if it is marked absent and <paramref name="mayBeAbsent"/>.</summary>
    public byte[]? ReadField(string field, bool mayBeAbsent = false)
    {
        var length = ReadLength(field);
        if (length == Absent && mayBeAbsent)
        {
            return null;
        }

        if (length < 0)
        {
            throw Error($"declares a negative length {length} for its {field} (offset {_offset - 4})");
        }

        if (length > _data.Length - _offset)
        {
            throw Error($"declares {length} bytes for its {field} but only {_data.Length - _offset} remain (offset {_offset - 4})");
        }

        var bytes = _data.Slice(_offset, length).ToArray();
        _offset += length;
        return bytes;
    }

    /// <summary>A length-prefixed, non-empty, valid UTF-8 string.</summary>
    public string ReadText(string field)
    {
        var start = _offset;
        var bytes = ReadField(field)!;
        if (bytes.Length == 0)
        {
            throw Error($"has an empty {field} (offset {start})");
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Error($"has a {field} that is not valid UTF-8 (offset {start})");
        }
    }

    /// <summary>A non-negative 32-bit little-endian count.</summary>
    public int ReadCount(string field)
    {
        var count = ReadLength(field);
        return count >= 0 ? count : throw Error($"declares a negative {field} {count} (offset {_offset - 4})");
    }

    public readonly void ExpectEnd()
    {
        if (_offset != _data.Length)
        {
            throw Error($"has {_data.Length - _offset} unexpected trailing byte(s) (offset {_offset})");
        }
    }

    private int ReadLength(string field)
    {
        if (_data.Length - _offset < 4)
        {
            throw Error($"ends inside the length of its {field} (offset {_offset})");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(_data[_offset..]);
        _offset += 4;
        return length;
    }

    private readonly FormatException Error(string problem) => new($"The {what} ({_data.Length} bytes) {problem}.");
}
