using Raft.Actors.Protocol;

namespace Raft.Actors.Core;

/// <summary>What a journal held when opened: exactly what had been written and synced.</summary>
/// <param name="HardState">The last (currentTerm, votedFor) written.</param>
/// <param name="Snapshot">The newest snapshot, if any.</param>
/// <param name="Entries">Contiguous entries after the snapshot (or from index 1 when there is none).</param>
public sealed record JournalRecovery(HardState HardState, SnapshotRecord? Snapshot, IReadOnlyList<LogEntry> Entries)
{
    public static readonly JournalRecovery Empty = new(HardState.Initial, null, []);
}
