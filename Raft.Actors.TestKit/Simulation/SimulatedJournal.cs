using Raft.Actors.Core;
using Raft.Actors.Persistence;

namespace Raft.Actors.TestKit.Simulation;

/// <summary>
/// A member's durable journal in a simulation: exactly what its writes made durable, kept as a <see cref="JournalReplay"/>.
/// It outlives the member's crashes; a write that had not completed when the member crashed never reaches it.
/// </summary>
public sealed class SimulatedJournal(string memberId)
{
    private JournalReplay _replay = new($"simulated journal of '{memberId}'");

    public string MemberId { get; } = memberId;

    /// <summary>Batches written so far (one per group commit).</summary>
    public long WriteCount { get; private set; }

    /// <summary>Times the journal was compacted to a storage snapshot, as the peer actor does after a Raft snapshot.</summary>
    public long Compactions { get; private set; }

    public int EntryCount => _replay.EntryCount;

    public long LastIndex => _replay.LastIndex;

    public long SnapshotIndex => _replay.SnapshotIndex;

    /// <summary>What a member starting from this journal recovers.</summary>
    public JournalRecovery Load() => _replay.ToRecovery();

    /// <summary>Makes a batch durable, in order.</summary>
    public void Write(IReadOnlyList<JournalOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        WriteCount++;
        foreach (var operation in operations)
        {
            _replay.Apply(operation, WriteCount);
        }
    }

    /// <summary>
    /// Replaces the journal by a storage snapshot, as the peer actor saves <see cref="RaftNode.DurableState"/> and deletes
    /// the events before it. The node derives that state from memory, so it must equal what the journal holds: if it
    /// does not, recovery after the actor's compaction would differ from recovery before it, and this throws.
    /// </summary>
    public void Compact(JournalRecovery durable)
    {
        ArgumentNullException.ThrowIfNull(durable);
        var held = _replay.ToRecovery();
        if (Difference(held, durable) is { } difference)
        {
            throw new InvalidOperationException($"Member '{MemberId}': the durable state its node reports differs from what its journal holds ({difference}); compacting to it would change what recovery returns.");
        }

        var compacted = new JournalReplay(_replay.Location);
        compacted.Restore(durable);
        _replay = compacted;
        Compactions++;
    }

    private static string? Difference(JournalRecovery held, JournalRecovery durable)
    {
        if (held.HardState != durable.HardState)
        {
            return $"hard state {durable.HardState}, journal {held.HardState}";
        }

        if ((held.Snapshot?.LastIncludedIndex, held.Snapshot?.LastIncludedTerm) != (durable.Snapshot?.LastIncludedIndex, durable.Snapshot?.LastIncludedTerm))
        {
            return $"{durable.Snapshot?.ToString() ?? "no snapshot"}, journal {held.Snapshot?.ToString() ?? "no snapshot"}";
        }

        if (held.Entries.Count != durable.Entries.Count)
        {
            return $"{durable.Entries.Count} entries after the snapshot, journal {held.Entries.Count}";
        }

        for (var i = 0; i < held.Entries.Count; i++)
        {
            if (!held.Entries[i].SameAs(durable.Entries[i]))
            {
                return $"entry {durable.Entries[i]}, journal {held.Entries[i]}";
            }
        }

        return null;
    }
}
