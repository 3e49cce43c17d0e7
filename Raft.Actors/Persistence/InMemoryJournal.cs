using Raft.Actors.Messages;

namespace Raft.Actors.Persistence;

/// <summary>
/// A journal in memory, for tests and the simulation. What <see cref="Write"/> accepted counts as synced:
/// it survives "crashes" (the peer and its journal actor stopping), while writes still queued in the journal
/// actor are lost, as on a real disk. Reopening after <see cref="Dispose"/> is allowed, like reopening a file.
/// </summary>
public sealed class InMemoryJournal(string location = "memory") : IRaftJournal
{
    private readonly object _gate = new();
    private readonly List<LogEntry> _entries = [];
    private HardState _hardState = HardState.Initial;
    private SnapshotRecord? _snapshot;

    public string Location { get; } = location;

    /// <summary>Number of batches written, for tests of group commit.</summary>
    public long WriteCount { get; private set; }

    public long EntryCount
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public JournalRecovery Load()
    {
        lock (_gate)
        {
            return new JournalRecovery(_hardState, _snapshot, [.. _entries]);
        }
    }

    public void Write(IReadOnlyList<JournalOperation> operations)
    {
        lock (_gate)
        {
            // The batch is atomic: checked whole before anything changes, as a durable journal's rolled-back transaction.
            var snapshotIndex = _snapshot?.LastIncludedIndex ?? 0;
            var bounds = new JournalBounds(snapshotIndex, snapshotIndex + _entries.Count);
            foreach (var operation in operations)
            {
                bounds = bounds.After(operation, Location);
            }

            foreach (var operation in operations)
            {
                ApplyOperation(operation);
            }

            WriteCount++;
        }
    }

    public void Dispose()
    {
    }

    private void ApplyOperation(JournalOperation operation)
    {
        var firstIndex = (_snapshot?.LastIncludedIndex ?? 0) + 1;
        switch (operation)
        {
            case JournalOperation.SaveHardState save:
                _hardState = save.State;
                break;
            case JournalOperation.TruncateFrom truncate:
                var keep = (int)Math.Clamp(truncate.Index - firstIndex, 0, _entries.Count);
                _entries.RemoveRange(keep, _entries.Count - keep);
                break;
            case JournalOperation.Append append:
                _entries.AddRange(append.Entries);
                break;
            case JournalOperation.SaveSnapshot save:
                var covered = (int)Math.Clamp(save.Snapshot.LastIncludedIndex - firstIndex + 1, 0, _entries.Count);
                _entries.RemoveRange(0, covered);
                if (_entries.Count > 0 && _entries[0].Index != save.Snapshot.LastIncludedIndex + 1)
                {
                    _entries.Clear();
                }

                _snapshot = save.Snapshot;
                break;
        }
    }
}
