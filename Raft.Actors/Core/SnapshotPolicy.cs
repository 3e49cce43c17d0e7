namespace Raft.Actors.Core;

/// <summary>When to snapshot: after this many entries, or this many command bytes, applied since the last snapshot (0 = never by that measure).</summary>
public sealed class SnapshotPolicy
{
    public long EveryEntries { get; set; } = 100_000;

    public long EveryBytes { get; set; } = 64L << 20;

    public bool IsDue(long entries, long bytes) =>
        (EveryEntries > 0 && entries >= EveryEntries) || (EveryBytes > 0 && bytes >= EveryBytes);
}
