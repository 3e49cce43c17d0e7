using Raft.Actors.Protocol;

namespace Raft.Actors.Core;

/// <summary>
/// The node's side of persist-before-act, and group commit. Journal operations accumulate into a batch; at most one
/// batch is outstanding, so everything produced while a write is in flight goes out together as the next one.
/// Actions that may only happen once everything journaled so far is durable (replies to other members, counting
/// one's own vote) wait here until the host reports their batch written. It also tracks <see cref="DurableIndex"/>:
/// the last log index known durable, which a leader counts toward commit.
/// </summary>
internal sealed class JournalQueue(long durableIndex)
{
    private readonly List<JournalOperation> _batch = [];
    private readonly Queue<(long Sequence, Action Action)> _waiting = new();
    private (long Sequence, long LastIndex, HardState? HardState)? _inFlight;
    private long _nextSequence = 1;

    // The batch rewrites entries or the snapshot that the journal still holds, so memory is ahead of the disk there.
    private bool _batchRewrites;

    public long DurableIndex { get; private set; } = durableIndex;

    /// <summary>A batch is waiting and no write is outstanding.</summary>
    public bool CanTakeBatch => _batch.Count > 0 && _inFlight is null;

    /// <summary>
    /// Nothing is being written, and nothing queued has replaced entries or the snapshot yet: the log in memory
    /// through <see cref="DurableIndex"/> is exactly what the journal holds.
    /// </summary>
    public bool MemoryMatchesJournal => _inFlight is null && !_batchRewrites;

    public void Add(JournalOperation operation)
    {
        _batch.Add(operation);
        _batchRewrites |= operation is JournalOperation.TruncateFrom or JournalOperation.SaveSnapshot;
    }

    /// <summary>Runs <paramref name="action"/> once every operation added so far is durable (at once if it already is).</summary>
    public void WhenDurable(Action action)
    {
        if (_batch.Count > 0)
        {
            _waiting.Enqueue((_nextSequence, action));
        }
        else if (_inFlight is { } inFlight)
        {
            _waiting.Enqueue((inFlight.Sequence, action));
        }
        else
        {
            action();
        }
    }

    /// <summary>Entries from <paramref name="fromIndex"/> on are being replaced: whatever the disk holds there no longer counts.</summary>
    public void NoteTruncation(long fromIndex)
    {
        DurableIndex = Math.Min(DurableIndex, fromIndex - 1);
        if (_inFlight is { } inFlight)
        {
            _inFlight = inFlight with { LastIndex = Math.Min(inFlight.LastIndex, fromIndex - 1) };
        }
    }

    /// <summary>
    /// Takes the batch as the next write, unless one is outstanding; <paramref name="logLastIndex"/> is the log's
    /// end once it is written.
    /// </summary>
    public RaftEffect.Persist? TakeBatch(long logLastIndex)
    {
        if (!CanTakeBatch)
        {
            return null;
        }

        HardState? hardState = null;
        foreach (var operation in _batch)
        {
            if (operation is JournalOperation.SaveHardState save)
            {
                hardState = save.State;
            }
        }

        var sequence = _nextSequence++;
        _inFlight = (sequence, logLastIndex, hardState);
        var write = new RaftEffect.Persist(sequence, Coalesced(_batch));
        _batch.Clear();
        _batchRewrites = false;
        return write;
    }

    /// <summary>
    /// The operations with each run of adjacent appends joined into one, so a write holds one append event however
    /// many proposals or AppendEntries it gathered: a journal pays per event (a row, an index update), not per byte.
    /// </summary>
    private static List<JournalOperation> Coalesced(List<JournalOperation> batch)
    {
        var operations = new List<JournalOperation>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i] is not JournalOperation.Append || i + 1 >= batch.Count || batch[i + 1] is not JournalOperation.Append)
            {
                operations.Add(batch[i]);
                continue;
            }

            var end = i;
            var count = 0;
            while (end < batch.Count && batch[end] is JournalOperation.Append append)
            {
                count += append.Entries.Length;
                end++;
            }

            var entries = new LogEntry[count];
            var at = 0;
            for (var j = i; j < end; j++)
            {
                var appended = ((JournalOperation.Append)batch[j]).Entries;
                appended.CopyTo(entries, at);
                at += appended.Length;
            }

            operations.Add(new JournalOperation.Append(entries));
            i = end - 1;
        }

        return operations;
    }

    /// <summary>
    /// The host made the batch <paramref name="sequence"/> durable; returns the actions that may now run, in order,
    /// and updates <paramref name="durableHardState"/> if the batch saved one.
    /// </summary>
    public List<Action> Written(long sequence, ref HardState durableHardState)
    {
        if (_inFlight is not { } inFlight || inFlight.Sequence != sequence)
        {
            throw new InvalidOperationException($"The host reported write #{sequence} durable, but the outstanding write is {(_inFlight is { } w ? $"#{w.Sequence}" : "none")}.");
        }

        DurableIndex = inFlight.LastIndex;
        durableHardState = inFlight.HardState ?? durableHardState;
        _inFlight = null;
        var ready = new List<Action>();
        while (_waiting.Count > 0 && _waiting.Peek().Sequence <= sequence)
        {
            ready.Add(_waiting.Dequeue().Action);
        }

        return ready;
    }
}
