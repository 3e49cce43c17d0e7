using Akka.Persistence;
using Raft.Actors.Core;
using Raft.Actors.Protocol;

namespace Raft.Actors.Persistence;

/// <summary>
/// Rebuilds what a member's journal holds by applying its records in order: a storage snapshot
/// (<see cref="JournalRecovery"/>) first if there is one, then every <see cref="JournalOperation"/> written after it.
/// The peer actor replays its Akka.Persistence events through it; the simulation keeps its durable journals in it.
/// A record that does not fit what came before (an append that leaves a gap) is refused with a
/// <see cref="JournalCorruptedException"/> naming <see cref="Location"/>, and changes nothing.
/// </summary>
public sealed class JournalReplay(string location)
{
    private readonly List<LogEntry> _entries = [];
    private HardState _hardState = HardState.Initial;
    private SnapshotRecord? _snapshot;

    /// <summary>Where the records come from, for error messages (a persistence id, a file).</summary>
    public string Location { get; } = location;

    public long SnapshotIndex => _snapshot?.LastIncludedIndex ?? 0;

    public long LastIndex => SnapshotIndex + _entries.Count;

    public int EntryCount => _entries.Count;

    /// <summary>Starts over from a storage snapshot.</summary>
    public void Restore(JournalRecovery state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var expected = (state.Snapshot?.LastIncludedIndex ?? 0) + 1;
        foreach (var entry in state.Entries)
        {
            if (entry.Index != expected++)
            {
                throw new JournalCorruptedException(Location, $"its snapshot holds entry {entry.Index} where {expected - 1} was expected");
            }
        }

        _hardState = state.HardState;
        _snapshot = state.Snapshot;
        _entries.Clear();
        _entries.AddRange(state.Entries);
    }

    /// <summary>Applies one record; <paramref name="position"/> (a sequence number) is named if it does not fit.</summary>
    public void Apply(JournalOperation operation, long position = 0)
    {
        ArgumentNullException.ThrowIfNull(operation);
        switch (operation)
        {
            case JournalOperation.SaveHardState save:
                _hardState = save.State;
                break;
            case JournalOperation.TruncateFrom truncate:
                var keep = (int)Math.Clamp(truncate.Index - SnapshotIndex - 1, 0, _entries.Count);
                _entries.RemoveRange(keep, _entries.Count - keep);
                break;
            case JournalOperation.Append append:
                var expected = LastIndex + 1;
                for (var i = 0; i < append.Entries.Length; i++)
                {
                    if (append.Entries[i].Index != expected + i)
                    {
                        throw new JournalCorruptedException(Location, $"record {position} appends entry {append.Entries[i].Index} where {expected + i} was expected");
                    }
                }

                _entries.AddRange(append.Entries);
                break;
            case JournalOperation.SaveSnapshot save:
                var snapshot = save.Snapshot;
                if (Holds(snapshot.LastIncludedIndex, snapshot.LastIncludedTerm))
                {
                    _entries.RemoveRange(0, (int)(snapshot.LastIncludedIndex - SnapshotIndex));
                }
                else
                {
                    // The snapshot reaches past our log or disagrees with it: it replaces the whole log.
                    _entries.Clear();
                }

                _snapshot = snapshot;
                break;
            default:
                throw new JournalCorruptedException(Location, $"record {position} is an unknown operation {operation.GetType().Name}");
        }
    }

    /// <summary>
    /// One message of an Akka.Persistence recovery other than <see cref="RecoveryCompleted"/>: a storage snapshot
    /// (<see cref="SnapshotOffer"/> of a <see cref="JournalRecovery"/>) or a <see cref="JournalOperation"/> event at
    /// <paramref name="sequenceNr"/>. Anything else is not a Raft journal and is refused.
    /// </summary>
    public void Recover(object message, long sequenceNr)
    {
        switch (message)
        {
            case SnapshotOffer { Snapshot: JournalRecovery state }:
                Restore(state);
                break;
            case SnapshotOffer offer:
                throw new JournalCorruptedException(Location, $"its snapshot at sequence number {offer.Metadata.SequenceNr} is a {offer.Snapshot?.GetType().Name ?? "null"}, not a Raft snapshot");
            case JournalOperation operation:
                Apply(operation, sequenceNr);
                break;
            default:
                throw new JournalCorruptedException(Location, $"event {sequenceNr} is a {message.GetType().Name}, not a Raft journal operation");
        }
    }

    /// <summary>What recovery hands the node: the state after every record applied so far.</summary>
    public JournalRecovery ToRecovery() => new(_hardState, _snapshot, [.. _entries]);

    /// <summary>The journal holds (<paramref name="index"/>, <paramref name="term"/>), its snapshot's last entry included.</summary>
    private bool Holds(long index, long term) => index == SnapshotIndex
        ? (_snapshot?.LastIncludedTerm ?? 0) == term
        : index > SnapshotIndex && index <= LastIndex && _entries[(int)(index - SnapshotIndex - 1)].Term == term;
}
