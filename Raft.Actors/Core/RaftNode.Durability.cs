namespace Raft.Actors.Core;

public sealed partial class RaftNode
{
    // The (currentTerm, votedFor) the journal holds, which may trail the one in memory.
    private HardState _durableHardState;

    /// <summary>
    /// What recovery needs as of the journal's last write, read off memory: the durable hard state, the newest durable
    /// snapshot and the durable entries after it. A host writes it as its storage snapshot before deleting older
    /// journal records. Null while memory cannot tell: a write is outstanding, no snapshot is durable yet, or queued
    /// operations already replaced entries or the snapshot that the journal still holds.
    /// </summary>
    public JournalRecovery? DurableState()
    {
        if (!_journal.MemoryMatchesJournal || _snapshot is null || _snapshot.LastIncludedIndex != _log.SnapshotIndex)
        {
            return null;
        }

        return new JournalRecovery(_durableHardState, _snapshot, _log.CopyRange(_log.SnapshotIndex + 1, _journal.DurableIndex));
    }
}
