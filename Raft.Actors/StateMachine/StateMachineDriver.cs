using Raft.Actors.Core;
using Raft.Actors.Protocol;

namespace Raft.Actors.StateMachine;

/// <summary>
/// Feeds committed entries to the user's <see cref="IStateMachine"/>: in index order, each once (an entry that is not
/// the next index is a bug and throws), no-ops skipped; restores snapshots; snapshots the state when the
/// <see cref="SnapshotPolicy"/> says so. The applier actor and the simulation both drive the state machine through it.
/// A state machine that throws surfaces as <see cref="StateMachineFailedException"/> naming the member and index.
/// </summary>
public sealed class StateMachineDriver(string memberId, IStateMachine stateMachine, SnapshotPolicy policy, IRaftObserver? observer = null)
{
    private long _snapshotIndex;
    private long _entriesSinceSnapshot;
    private long _bytesSinceSnapshot;

    public string MemberId { get; } = memberId;

    public long LastApplied { get; private set; }

    public long LastAppliedTerm { get; private set; }

    /// <summary>True when the policy asks for a snapshot of what has been applied.</summary>
    public bool SnapshotDue => LastApplied > _snapshotIndex && policy.IsDue(_entriesSinceSnapshot, _bytesSinceSnapshot);

    /// <summary>Applies <paramref name="entries"/>; <paramref name="onResult"/> gets each command entry with the state machine's result.</summary>
    public void Apply(LogEntry[] entries, Action<LogEntry, byte[]>? onResult = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var entry in entries)
        {
            if (entry.Index != LastApplied + 1)
            {
                throw new InvalidOperationException($"Member '{MemberId}' was handed entry {entry.Index} after applying {LastApplied}: committed entries must arrive in order, once each.");
            }

            byte[] result = [];
            if (entry.Kind == EntryKind.Command)
            {
                // Inline rather than through Guard: this runs once per entry, and a closure each time shows in profiles.
                try
                {
                    result = stateMachine.Apply(entry.Index, entry.Command);
                }
                catch (Exception ex)
                {
                    throw new StateMachineFailedException(MemberId, entry.Index, "applying", ex);
                }
            }

            LastApplied = entry.Index;
            LastAppliedTerm = entry.Term;
            _entriesSinceSnapshot++;
            _bytesSinceSnapshot += entry.Command.Length;
            observer?.OnApplied(MemberId, entry);
            if (entry.Kind == EntryKind.Command)
            {
                onResult?.Invoke(entry, result);
            }
        }
    }

    /// <summary>Replaces the state with <paramref name="snapshot"/> unless it is older than what was applied; returns whether it did.</summary>
    public bool Restore(SnapshotRecord snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.LastIncludedIndex <= LastApplied)
        {
            return false;
        }

        Guard(snapshot.LastIncludedIndex, "restoring a snapshot at", () =>
        {
            stateMachine.Restore(snapshot.Data);
            return true;
        });
        LastApplied = _snapshotIndex = snapshot.LastIncludedIndex;
        LastAppliedTerm = snapshot.LastIncludedTerm;
        _entriesSinceSnapshot = _bytesSinceSnapshot = 0;
        observer?.OnRestored(MemberId, snapshot.LastIncludedIndex, snapshot.LastIncludedTerm);
        return true;
    }

    /// <summary>The state as of the last applied entry, or null when nothing was applied since the last snapshot.</summary>
    public SnapshotRecord? TakeSnapshot()
    {
        if (LastApplied <= _snapshotIndex)
        {
            return null;
        }

        var data = Guard(LastApplied, "snapshotting at", stateMachine.TakeSnapshot);
        _snapshotIndex = LastApplied;
        _entriesSinceSnapshot = _bytesSinceSnapshot = 0;
        return new SnapshotRecord(LastApplied, LastAppliedTerm, data);
    }

    /// <summary>
    /// Answers a read-only query from the state as applied so far (serve a read only once <see cref="LastApplied"/> has
    /// reached its read index). A query the state machine refuses or fails throws <see cref="StateMachineFailedException"/>;
    /// it changed nothing, so the member goes on.
    /// </summary>
    public byte[] Query(ReadOnlyMemory<byte> query) => Guard(LastApplied, "answering a query at", () => stateMachine.Query(query));

    private T Guard<T>(long index, string doing, Func<T> call)
    {
        try
        {
            return call();
        }
        catch (Exception ex)
        {
            throw new StateMachineFailedException(MemberId, index, doing, ex);
        }
    }
}
