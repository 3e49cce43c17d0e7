using System.Buffers.Binary;
using System.Text;

namespace Raft.Actors.StateMachine.Sessions;

/// <summary>
/// Reads the little-endian fields of session envelopes, results and snapshots. Every problem is a
/// <see cref="FormatException"/> saying what was being read, which field, and at which offset.
/// </summary>
internal ref struct SessionWireReader(ReadOnlySpan<byte> data, string what)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly ReadOnlySpan<byte> _data = data;
    private int _offset;

    public readonly int Remaining => _data.Length - _offset;

    public byte ReadByte(string field)
    {
        Need(1, field);
        return _data[_offset++];
    }

    public void ReadVersion(byte supported)
    {
        var version = ReadByte("format version");
        if (version != supported)
        {
            throw Error($"has format version {version}; this build reads version {supported}", _offset - 1);
        }
    }

    public long ReadInt64(string field)
    {
        Need(8, field);
        var value = BinaryPrimitives.ReadInt64LittleEndian(_data[_offset..]);
        _offset += 8;
        return value;
    }

    public int ReadCount(string field, int max)
    {
        Need(4, field);
        var count = BinaryPrimitives.ReadInt32LittleEndian(_data[_offset..]);
        if (count < 0 || count > max)
        {
            throw Error($"declares {field} {count}, outside 0..{max}", _offset);
        }

        _offset += 4;
        return count;
    }

    /// <summary>A 32-bit length, then that many bytes.</summary>
    public ReadOnlySpan<byte> ReadField(string field, int maxLength)
    {
        var start = _offset;
        var length = ReadCount($"length of its {field}", maxLength);
        if (length > Remaining)
        {
            throw Error($"declares {length} bytes for its {field} but only {Remaining} remain", start);
        }

        var bytes = _data.Slice(_offset, length);
        _offset += length;
        return bytes;
    }

    /// <summary>A length-prefixed, non-empty, valid UTF-8 string of at most <paramref name="maxBytes"/> bytes.</summary>
    public string ReadText(string field, int maxBytes)
    {
        var start = _offset;
        var bytes = ReadField(field, maxBytes);
        if (bytes.IsEmpty)
        {
            throw Error($"has an empty {field}", start);
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Error($"has a {field} that is not valid UTF-8", start);
        }
    }

    /// <summary>Everything after the current offset.</summary>
    public ReadOnlySpan<byte> ReadRest()
    {
        var rest = _data[_offset..];
        _offset = _data.Length;
        return rest;
    }

    public readonly void ExpectEnd()
    {
        if (Remaining != 0)
        {
            throw Error($"has {Remaining} unexpected trailing byte(s)", _offset);
        }
    }

    public readonly FormatException Error(string problem, int offset) => new($"The {what} ({_data.Length} bytes) {problem} (offset {offset}).");

    private readonly void Need(int bytes, string field)
    {
        if (Remaining < bytes)
        {
            throw Error($"ends before its {field}", _offset);
        }
    }
}
