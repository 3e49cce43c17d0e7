namespace Raft.Actors.Core;

/// <summary>A snapshot being received chunk by chunk.</summary>
internal sealed class IncomingSnapshot(long index, long term)
{
    private readonly MemoryStream _data = new();

    public long Index { get; } = index;

    public long Term { get; } = term;

    public long Length => _data.Length;

    public void Add(byte[] chunk) => _data.Write(chunk);

    public byte[] ToArray() => _data.ToArray();
}
