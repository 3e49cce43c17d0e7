using System.Buffers;
using System.Text;
using Raft.Actors.Protocol;

namespace Raft.Actors.Serialization;

/// <summary>
/// Writes one payload of <see cref="RaftSerializer"/>: a format version byte, then fields in a fixed order.
/// Integers are LEB128 varints (a long as its 64 bits, so any value round-trips), byte arrays and strings are
/// length-prefixed, a null string is length 0 and any other length n + 1.
/// It writes into a buffer rented from <see cref="ArrayPool{T}.Shared"/> and <see cref="ToArray"/> copies the payload
/// out once, so a payload costs its own size in allocations rather than its size plus an oversized buffer: every
/// journal event of every member goes through here. Buffers above <see cref="MaxPooledBytes"/> (a large snapshot)
/// are allocated and dropped as before, so the pool never keeps one alive.
/// </summary>
internal sealed class PayloadWriter
{
    /// <summary>The largest buffer taken from and given back to the pool: an AppendEntries of the default 1 MiB fits.</summary>
    internal const int MaxPooledBytes = 2 << 20;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private byte[] _buffer;
    private int _length;

    public PayloadWriter(int expectedBytes = 64)
    {
        _buffer = Rent(Math.Max(16, expectedBytes + 1));
        _buffer[_length++] = RaftSerializer.FormatVersion;
    }

    public void WriteByte(byte value)
    {
        Reserve(1);
        _buffer[_length++] = value;
    }

    public void WriteBool(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    public void WriteInt64(long value) => WriteVarint((ulong)value);

    public void WriteInt32(int value) => WriteVarint((ulong)(long)value);

    /// <summary>A signed difference: zig-zag, so small negatives stay short.</summary>
    public void WriteDelta(long value) => WriteVarint((ulong)((value << 1) ^ (value >> 63)));

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteVarint((ulong)value.Length);
        Reserve(value.Length);
        value.CopyTo(_buffer.AsSpan(_length));
        _length += value.Length;
    }

    public void WriteString(string value)
    {
        var count = Utf8.GetByteCount(value);
        WriteVarint((ulong)count);
        Reserve(count);
        _length += Utf8.GetBytes(value, _buffer.AsSpan(_length));
    }

    public void WriteNullableString(string? value)
    {
        if (value is null)
        {
            WriteVarint(0);
            return;
        }

        var count = Utf8.GetByteCount(value);
        WriteVarint((ulong)count + 1);
        Reserve(count);
        _length += Utf8.GetBytes(value, _buffer.AsSpan(_length));
    }

    /// <summary>
    /// Entries as a count, then each as (index - previous index, term - previous term, kind, command): a batch of
    /// consecutive entries of one term costs four bytes per entry besides its command.
    /// </summary>
    public void WriteEntries(IReadOnlyList<LogEntry> entries)
    {
        WriteVarint((ulong)entries.Count);
        long index = 0, term = 0;
        foreach (var entry in entries)
        {
            WriteDelta(entry.Index - index);
            WriteDelta(entry.Term - term);
            WriteByte((byte)entry.Kind);
            WriteBytes(entry.Command);
            index = entry.Index;
            term = entry.Term;
        }
    }

    /// <summary>The payload written; this ends the writer, whose buffer goes back to the pool.</summary>
    public byte[] ToArray()
    {
        ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);
        var payload = _buffer.AsSpan(0, _length).ToArray();
        GiveBack(_buffer);
        _buffer = [];
        return payload;
    }

    /// <summary>Bytes an entry list takes at most, to size the buffer once.</summary>
    public static int EstimateEntries(IReadOnlyList<LogEntry> entries)
    {
        long bytes = 10;
        foreach (var entry in entries)
        {
            bytes += 32 + entry.Command.Length;
        }

        return (int)Math.Min(bytes, Array.MaxLength);
    }

    private void WriteVarint(ulong value)
    {
        Reserve(10);
        while (value >= 0x80)
        {
            _buffer[_length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _buffer[_length++] = (byte)value;
    }

    private void Reserve(int count)
    {
        if (_buffer.Length - _length >= count)
        {
            return;
        }

        ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);
        var size = (int)Math.Min(Array.MaxLength, Math.Max((long)_buffer.Length * 2, (long)_length + count));
        var larger = Rent(size);
        _buffer.AsSpan(0, _length).CopyTo(larger);
        GiveBack(_buffer);
        _buffer = larger;
    }

    private static byte[] Rent(int size) => size <= MaxPooledBytes ? ArrayPool<byte>.Shared.Rent(size) : new byte[size];

    private static void GiveBack(byte[] buffer)
    {
        if (buffer.Length <= MaxPooledBytes)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
