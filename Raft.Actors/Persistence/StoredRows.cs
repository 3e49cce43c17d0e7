using Raft.Actors.Messages;

namespace Raft.Actors.Persistence;

/// <summary>
/// Turns the columns a durable journal read back into records, refusing any row whose values do not check out, so
/// that damage surfaces as a <see cref="JournalCorruptedException"/> naming the journal and the row.
/// </summary>
internal static class StoredRows
{
    /// <summary>
    /// The entry stored at <paramref name="index"/>. The checksum covers the index, so a row that is missing, out of
    /// place or altered fails it: reading rows in index order proves the log contiguous without reading the keys.
    /// </summary>
    public static LogEntry Entry(string location, long index, long term, long kind, byte[] command, long checksum)
    {
        if (kind is < 0 or > byte.MaxValue || !Enum.IsDefined((EntryKind)kind))
        {
            throw new JournalCorruptedException(location, $"entry {index} has unknown kind {kind}");
        }

        var entry = new LogEntry(index, term, (EntryKind)kind, command);
        if (JournalChecksum.Of(entry) != checksum)
        {
            throw new JournalCorruptedException(location, $"entry {index} fails its checksum: it is missing, out of place, or its bytes were altered");
        }

        return entry;
    }

    public static HardState HardState(string location, long term, string? votedFor, long checksum)
    {
        var state = new HardState(term, votedFor);
        if (JournalChecksum.Of(state) != checksum)
        {
            throw new JournalCorruptedException(location, "the hard state (term and vote) fails its checksum: its stored bytes were altered");
        }

        return state;
    }

    public static SnapshotRecord Snapshot(string location, long lastIncludedIndex, long lastIncludedTerm, byte[] data, long checksum)
    {
        var snapshot = new SnapshotRecord(lastIncludedIndex, lastIncludedTerm, data);
        if (JournalChecksum.Of(snapshot) != checksum)
        {
            throw new JournalCorruptedException(location, $"the snapshot up to index {lastIncludedIndex} fails its checksum: its stored bytes were altered");
        }

        return snapshot;
    }
}
