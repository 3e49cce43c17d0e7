using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Raft.Actors.StateMachine.Sessions;

/// <summary>Writes the fields that <see cref="SessionWireReader"/> reads.</summary>
internal sealed class SessionWireWriter(int capacity = 256)
{
    private readonly ArrayBufferWriter<byte> _buffer = new(capacity);

    public SessionWireWriter WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
        return this;
    }

    public SessionWireWriter WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
        return this;
    }

    public SessionWireWriter WriteCount(int count)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.GetSpan(4), count);
        _buffer.Advance(4);
        return this;
    }

    public SessionWireWriter WriteField(ReadOnlySpan<byte> value) => WriteCount(value.Length).WriteRaw(value);

    public SessionWireWriter WriteText(string value) => WriteField(Encoding.UTF8.GetBytes(value));

    public SessionWireWriter WriteRaw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer.GetSpan(bytes.Length));
        _buffer.Advance(bytes.Length);
        return this;
    }

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();
}
