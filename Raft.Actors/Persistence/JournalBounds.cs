using Raft.Actors.Messages;

namespace Raft.Actors.Persistence;

/// <summary>
/// The index range a journal holds (entries SnapshotIndex+1 .. LastIndex), kept in memory so a write can check
/// that an append is contiguous and know what a snapshot drops without reading the log. Every journal runs its
/// operations through <see cref="After"/> before storing them, so a batch that would break the log is refused
/// whole, before anything is written.
/// </summary>
internal readonly record struct JournalBounds(long SnapshotIndex, long LastIndex)
{
    public static readonly JournalBounds Empty = new(0, 0);

    /// <summary>The bounds once <paramref name="operation"/> is applied; throws when it would leave a gap in the log.</summary>
    public JournalBounds After(JournalOperation operation, string location) => operation switch
    {
        JournalOperation.SaveHardState => this,
        JournalOperation.TruncateFrom truncate => this with { LastIndex = Math.Clamp(truncate.Index - 1, SnapshotIndex, LastIndex) },
        JournalOperation.Append append => AfterAppend(append.Entries, location),
        JournalOperation.SaveSnapshot save => new(
            save.Snapshot.LastIncludedIndex,
            SnapshotKeepsSuffix(save.Snapshot.LastIncludedIndex) ? LastIndex : save.Snapshot.LastIncludedIndex),
        _ => throw new ArgumentException($"Unknown journal operation {operation.GetType().Name}.", nameof(operation)),
    };

    /// <summary>
    /// True when a snapshot up to <paramref name="lastIncludedIndex"/> leaves the entries after it in place; otherwise
    /// it replaces the whole log (it reaches past the last entry, or is older than the current snapshot), as in
    /// <see cref="InMemoryJournal"/>.
    /// </summary>
    public bool SnapshotKeepsSuffix(long lastIncludedIndex) => lastIncludedIndex >= SnapshotIndex && lastIncludedIndex < LastIndex;

    /// <summary>
    /// Reads the bounds from a row of (snapshot index or NULL, entry count, lowest index or NULL, highest index or NULL),
    /// the query both durable journals run on open, and checks them.
    /// </summary>
    public static JournalBounds Read(string location, System.Data.Common.DbDataReader reader)
    {
        reader.Read();
        return FromStored(
            location,
            reader.IsDBNull(0) ? 0 : reader.GetInt64(0),
            reader.GetInt64(1),
            reader.IsDBNull(2) ? 0 : reader.GetInt64(2),
            reader.IsDBNull(3) ? 0 : reader.GetInt64(3));
    }

    /// <summary>
    /// The bounds of stored entries, checked: they must be exactly SnapshotIndex+1 .. maxIndex with no gap. Indexes are
    /// unique keys in every store, so a count equal to the span proves there is no hole.
    /// </summary>
    public static JournalBounds FromStored(string location, long snapshotIndex, long count, long minIndex, long maxIndex)
    {
        if (count == 0)
        {
            return new(snapshotIndex, snapshotIndex);
        }

        if (minIndex != snapshotIndex + 1)
        {
            throw new JournalCorruptedException(location, $"the log starts at index {minIndex}, but the snapshot ends at {snapshotIndex} (expected {snapshotIndex + 1})");
        }

        if (maxIndex - minIndex + 1 != count)
        {
            throw new JournalCorruptedException(location, $"the log from {minIndex} to {maxIndex} holds only {count} entries: entries are missing");
        }

        return new(snapshotIndex, maxIndex);
    }

    private JournalBounds AfterAppend(LogEntry[] entries, string location)
    {
        var expected = LastIndex + 1;
        foreach (var entry in entries)
        {
            if (entry.Index != expected)
            {
                throw new InvalidOperationException($"Journal {location}: append of entry {entry.Index} where {expected} was expected.");
            }

            expected++;
        }

        return this with { LastIndex = expected - 1 };
    }
}
