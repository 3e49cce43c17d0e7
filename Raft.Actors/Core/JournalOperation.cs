using Raft.Actors.Protocol;

namespace Raft.Actors.Core;

/// <summary>One change to a journal. A batch of them is written in order, in one transaction, with one sync.</summary>
public abstract record JournalOperation
{
    private JournalOperation()
    {
    }

    /// <summary>Replaces (currentTerm, votedFor).</summary>
    public sealed record SaveHardState(HardState State) : JournalOperation;

    /// <summary>Appends entries; the first follows the journal's last entry (after any truncation earlier in the batch).</summary>
    public sealed record Append(LogEntry[] Entries) : JournalOperation
    {
        public override string ToString() => $"Append {{ {Entries.Length} entries from {(Entries.Length > 0 ? Entries[0].Index : 0)} }}";
    }

    /// <summary>Deletes the entry at <see cref="Index"/> and every entry after it.</summary>
    public sealed record TruncateFrom(long Index) : JournalOperation;

    /// <summary>Replaces the stored snapshot and deletes the entries it covers (index ≤ LastIncludedIndex).</summary>
    public sealed record SaveSnapshot(SnapshotRecord Snapshot) : JournalOperation;
}
