namespace Raft.Actors.KeyValue;

/// <summary>
/// The largest key and value a <see cref="KeyValueCommand"/> may carry. Every command is a log entry replicated to
/// every member, and every value is held in memory and in snapshots: the limits keep one command from stalling replication.
/// </summary>
public static class KeyValueLimits
{
    /// <summary>A key is 1 to this many bytes of UTF-8.</summary>
    public const int MaxKeyBytes = 1024;

    /// <summary>
    /// A value (and a compare-and-set's expected value) is 0 to this many bytes: 510 KiB, so that the largest command
    /// (a compare-and-set of two such values under the longest key, in a session's envelope) stays under the default
    /// <c>RaftOptions.MaxCommandBytes</c> of 1 MiB.
    /// </summary>
    public const int MaxValueBytes = 510 << 10;
}
