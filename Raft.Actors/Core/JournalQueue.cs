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
    /// Entries an append event holds at most, in bytes (the command plus 32 per entry, as the serializer sizes its
    /// buffer): under the runtime's large object threshold (85,000 bytes) with room for the event's header, so that
    /// encoding an event allocates in gen0. A larger
    /// event would be allocated on the large object heap, buffer and copy, and that heap is collected only with gen2:
    /// under heavy load that was a gen2 collection for nearly every gen1 one.
    /// </summary>
    internal const int MaxAppendEventBytes = 80_000;

    /// <summary>
    /// The operations with each run of adjacent appends joined into as few events as <see cref="MaxAppendEventBytes"/>
    /// allows, so a write holds one append event (or a few) however many proposals or AppendEntries it gathered: a
    /// journal pays per event (a row, an index update), not per byte. Order is kept, and an entry larger than the
    /// limit is an event of its own. A run is gathered as pieces of the appends' arrays and copied once into an
    /// array of its exact size, or not at all when it is one whole array: this runs for every write of every member.
    /// </summary>
    private static List<JournalOperation> Coalesced(List<JournalOperation> batch)
    {
        var operations = new List<JournalOperation>(batch.Count);
        var run = new List<ArraySegment<LogEntry>>(batch.Count);
        var runBytes = 0L;
        var runCount = 0;
        foreach (var operation in batch)
        {
            if (operation is not JournalOperation.Append append)
            {
                CloseRun();
                operations.Add(operation);
                continue;
            }

            var entries = append.Entries;
            var start = 0;
            for (var i = 0; i < entries.Length; i++)
            {
                var bytes = 32L + entries[i].Command.Length;
                if (runBytes > 0 && runBytes + bytes > MaxAppendEventBytes)
                {
                    AddToRun(entries, start, i);
                    CloseRun();
                    start = i;
                }

                runBytes += bytes;
            }

            AddToRun(entries, start, entries.Length);
        }

        CloseRun();
        return operations;

        void AddToRun(LogEntry[] entries, int from, int to)
        {
            if (to > from)
            {
                run.Add(new ArraySegment<LogEntry>(entries, from, to - from));
                runCount += to - from;
            }
        }

        void CloseRun()
        {
            if (run.Count == 1 && run[0].Offset == 0 && run[0].Count == run[0].Array!.Length)
            {
                operations.Add(new JournalOperation.Append(run[0].Array!));
            }
            else if (run.Count > 0)
            {
                var joined = new LogEntry[runCount];
                var at = 0;
                foreach (var piece in run)
                {
                    piece.AsSpan().CopyTo(joined.AsSpan(at));
                    at += piece.Count;
                }

                operations.Add(new JournalOperation.Append(joined));
            }

            run.Clear();
            runBytes = 0;
            runCount = 0;
        }
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
