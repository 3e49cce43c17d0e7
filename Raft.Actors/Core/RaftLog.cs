using Raft.Actors.Protocol;

namespace Raft.Actors.Core;

/// <summary>
/// The in-memory replicated log after its snapshot: entries SnapshotIndex+1 .. LastIndex. Every piece of
/// index arithmetic lives here, so peer code never indexes the backing list.
/// Terms never decrease along a log, which the term searches rely on.
/// </summary>
public sealed class RaftLog
{
    private readonly List<LogEntry> _entries = [];

    public RaftLog(long snapshotIndex = 0, long snapshotTerm = 0, IEnumerable<LogEntry>? entries = null)
    {
        SnapshotIndex = snapshotIndex;
        SnapshotTerm = snapshotTerm;
        foreach (var entry in entries ?? [])
        {
            Append(entry);
        }
    }

    /// <summary>The last index covered by the snapshot (lastIncludedIndex); 0 when there is none.</summary>
    public long SnapshotIndex { get; private set; }

    /// <summary>The term of <see cref="SnapshotIndex"/> (lastIncludedTerm).</summary>
    public long SnapshotTerm { get; private set; }

    public long FirstIndex => SnapshotIndex + 1;

    public long LastIndex => SnapshotIndex + _entries.Count;

    public long LastTerm => _entries.Count > 0 ? _entries[^1].Term : SnapshotTerm;

    public int Count => _entries.Count;

    /// <summary>Sum of the command sizes held in memory.</summary>
    public long CommandBytes { get; private set; }

    /// <summary>The term at <paramref name="index"/>, or null when the index is compacted away or beyond the end.</summary>
    public long? TermAt(long index)
    {
        if (index == SnapshotIndex)
        {
            return SnapshotTerm;
        }

        return index > SnapshotIndex && index <= LastIndex ? _entries[Offset(index)].Term : null;
    }

    /// <summary>True when the log holds an entry at <paramref name="index"/> (the snapshot point counts) with <paramref name="term"/>.</summary>
    public bool Matches(long index, long term) => TermAt(index) == term;

    public LogEntry EntryAt(long index)
    {
        if (index <= SnapshotIndex || index > LastIndex)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The log holds entries {FirstIndex}..{LastIndex}.");
        }

        return _entries[Offset(index)];
    }

    public void Append(LogEntry entry)
    {
        if (entry.Index != LastIndex + 1)
        {
            throw new InvalidOperationException($"Entry {entry.Index} cannot follow index {LastIndex}.");
        }

        if (entry.Term < LastTerm)
        {
            throw new InvalidOperationException($"Entry {entry.Index} has term {entry.Term}, older than the last term {LastTerm}.");
        }

        _entries.Add(entry);
        CommandBytes += entry.Command.Length;
    }

    /// <summary>Deletes the entry at <paramref name="index"/> and all that follow it (§5.3).</summary>
    public void TruncateFrom(long index)
    {
        if (index <= SnapshotIndex)
        {
            throw new InvalidOperationException($"Cannot truncate at {index}: entries up to {SnapshotIndex} are in the snapshot.");
        }

        if (index > LastIndex)
        {
            return;
        }

        var offset = Offset(index);
        for (var i = offset; i < _entries.Count; i++)
        {
            CommandBytes -= _entries[i].Command.Length;
        }

        _entries.RemoveRange(offset, _entries.Count - offset);
    }

    /// <summary>Up to <paramref name="maxCount"/> entries from <paramref name="from"/>, stopping before <paramref name="maxBytes"/> is passed (at least one entry).</summary>
    public LogEntry[] Slice(long from, int maxCount, long maxBytes)
    {
        if (from <= SnapshotIndex)
        {
            throw new ArgumentOutOfRangeException(nameof(from), from, $"Entries up to {SnapshotIndex} are in the snapshot.");
        }

        if (from > LastIndex)
        {
            return [];
        }

        var offset = Offset(from);
        var count = 0;
        long bytes = 0;
        while (offset + count < _entries.Count && count < maxCount)
        {
            bytes += _entries[offset + count].Command.Length;
            if (count > 0 && bytes > maxBytes)
            {
                break;
            }

            count++;
        }

        var slice = new LogEntry[count];
        _entries.CopyTo(offset, slice, 0, count);
        return slice;
    }

    /// <summary>
    /// Entries from <paramref name="from"/> through <paramref name="to"/>, inclusive, as a new array of exactly their
    /// number (what <c>Range(from, to).ToArray()</c> gives, without the enumerator and the growing buffers).
    /// </summary>
    public LogEntry[] CopyRange(long from, long to)
    {
        var first = Math.Max(from, FirstIndex);
        var last = Math.Min(to, LastIndex);
        if (last < first)
        {
            return [];
        }

        var entries = new LogEntry[checked((int)(last - first + 1))];
        _entries.CopyTo(Offset(first), entries, 0, entries.Length);
        return entries;
    }

    /// <summary>Entries from <paramref name="from"/> through <paramref name="to"/>, inclusive.</summary>
    public IEnumerable<LogEntry> Range(long from, long to)
    {
        for (var index = Math.Max(from, FirstIndex); index <= Math.Min(to, LastIndex); index++)
        {
            yield return _entries[Offset(index)];
        }
    }

    /// <summary>§5.4.1: a candidate's log is at least as up to date as ours if its last term is higher, or equal with an index at least ours.</summary>
    public bool IsAtLeastAsUpToDateAs(long lastLogTerm, long lastLogIndex) =>
        lastLogTerm > LastTerm || (lastLogTerm == LastTerm && lastLogIndex >= LastIndex);

    /// <summary>
    /// The follower's half of fast backtracking: why PrevLogIndex did not match. A log that is too short
    /// reports term 0 and its end; otherwise the term it holds there and the first index of that term.
    /// </summary>
    public ConflictHint ConflictAt(long prevLogIndex)
    {
        var term = TermAt(prevLogIndex);
        if (term is null)
        {
            return new ConflictHint(0, LastIndex + 1);
        }

        return new ConflictHint(term.Value, FirstIndexOfTerm(term.Value, prevLogIndex));
    }

    /// <summary>
    /// The leader's half of fast backtracking, one whole term per round trip: if the follower's log was too
    /// short, resume at its end; if we hold the conflicting term, resume after our last entry of it;
    /// otherwise skip the follower's whole term.
    /// </summary>
    public long NextIndexAfterConflict(ConflictHint hint)
    {
        if (hint.Term == 0)
        {
            return hint.Index;
        }

        var lastOfTerm = LastIndexOfTerm(hint.Term);
        return lastOfTerm > 0 ? lastOfTerm + 1 : hint.Index;
    }

    /// <summary>The highest index holding <paramref name="term"/>, or 0 if this log has no entry of it after the snapshot.</summary>
    public long LastIndexOfTerm(long term)
    {
        // Binary search for the last entry with Term <= term, then check it is exactly term.
        int lo = 0, hi = _entries.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (_entries[mid].Term <= term)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        if (found >= 0 && _entries[found].Term == term)
        {
            return SnapshotIndex + 1 + found;
        }

        return found < 0 && SnapshotTerm == term && SnapshotIndex > 0 ? SnapshotIndex : 0;
    }

    /// <summary>The first index at or before <paramref name="atOrBefore"/> that still holds <paramref name="term"/> (never below the snapshot).</summary>
    public long FirstIndexOfTerm(long term, long atOrBefore)
    {
        var index = Math.Min(atOrBefore, LastIndex);
        while (index - 1 > SnapshotIndex && _entries[Offset(index - 1)].Term == term)
        {
            index--;
        }

        return Math.Max(index, FirstIndex);
    }

    /// <summary>
    /// Drops the prefix covered by a snapshot at (<paramref name="index"/>, <paramref name="term"/>) (§7). If the log
    /// holds that entry with that term, the suffix after it is kept; otherwise the whole log is discarded.
    /// </summary>
    public void CompactTo(long index, long term)
    {
        if (index <= SnapshotIndex)
        {
            return;
        }

        if (Matches(index, term))
        {
            var drop = Offset(index) + 1;
            for (var i = 0; i < drop; i++)
            {
                CommandBytes -= _entries[i].Command.Length;
            }

            _entries.RemoveRange(0, drop);
        }
        else
        {
            _entries.Clear();
            CommandBytes = 0;
        }

        SnapshotIndex = index;
        SnapshotTerm = term;
    }

    private int Offset(long index) => checked((int)(index - SnapshotIndex - 1));
}
