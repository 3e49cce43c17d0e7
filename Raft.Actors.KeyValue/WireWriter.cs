using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Raft.Actors.KeyValue;

/// <summary>Writes the length-prefixed fields that <see cref="WireReader"/> reads.</summary>
internal sealed class WireWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new();

    public WireWriter WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
        return this;
    }

    /// <summary>A 32-bit little-endian length, then the bytes; a null value is written as length -1 (absent).</summary>
    public WireWriter WriteField(ReadOnlySpan<byte> value) => WriteLength(value.Length).WriteRaw(value);

    public WireWriter WriteOptionalField(byte[]? value) => value is null ? WriteLength(WireReader.Absent) : WriteField(value);

    public WireWriter WriteText(string value) => WriteField(Encoding.UTF8.GetBytes(value));

    public WireWriter WriteCount(int count) => WriteLength(count);

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    private WireWriter WriteLength(int length)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.GetSpan(4), length);
        _buffer.Advance(4);
        return this;
    }

    private WireWriter WriteRaw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer.GetSpan(bytes.Length));
        _buffer.Advance(bytes.Length);
        return this;
    }
}
