using Raft.Actors.Persistence;

namespace Raft.Actors.Peer;

/// <summary>
/// The peer's side of persist-before-act. Journal operations produced while handling a drain of the mailbox
/// form one batch; actions that may only happen once everything written so far is durable (replies to other
/// peers, counting one's own vote) wait here until the journal acknowledges their batch.
/// It also tracks <see cref="DurableIndex"/>: the last log index known durable, which a leader counts toward commit.
/// </summary>
internal sealed class JournalQueue(long durableIndex)
{
    private readonly List<JournalOperation> _batch = [];
    private readonly List<(long Sequence, long LastIndex)> _inFlight = [];
    private readonly Queue<(long Sequence, Action Action)> _waiting = new();
    private long _nextSequence = 1;

    public long DurableIndex { get; private set; } = durableIndex;

    public bool HasBatch => _batch.Count > 0;

    public void Add(JournalOperation operation) => _batch.Add(operation);

    /// <summary>Runs <paramref name="action"/> once every operation added so far is durable (at once if it already is).</summary>
    public void WhenDurable(Action action)
    {
        if (_batch.Count > 0)
        {
            _waiting.Enqueue((_nextSequence, action));
        }
        else if (_inFlight.Count > 0)
        {
            _waiting.Enqueue((_nextSequence - 1, action));
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
        for (var i = 0; i < _inFlight.Count; i++)
        {
            var (sequence, lastIndex) = _inFlight[i];
            _inFlight[i] = (sequence, Math.Min(lastIndex, fromIndex - 1));
        }
    }

    /// <summary>Takes the current batch to send to the journal actor; <paramref name="logLastIndex"/> is the log's end once it is written.</summary>
    public JournalProtocol.Write? TakeBatch(long logLastIndex)
    {
        if (_batch.Count == 0)
        {
            return null;
        }

        var sequence = _nextSequence++;
        _inFlight.Add((sequence, logLastIndex));
        var write = new JournalProtocol.Write(sequence, [.. _batch]);
        _batch.Clear();
        return write;
    }

    /// <summary>The journal made every batch through <paramref name="sequence"/> durable; returns the actions that may now run, in order.</summary>
    public List<Action> Written(long sequence)
    {
        var completed = 0;
        while (completed < _inFlight.Count && _inFlight[completed].Sequence <= sequence)
        {
            DurableIndex = _inFlight[completed].LastIndex;
            completed++;
        }

        _inFlight.RemoveRange(0, completed);
        var ready = new List<Action>();
        while (_waiting.Count > 0 && _waiting.Peek().Sequence <= sequence)
        {
            ready.Add(_waiting.Dequeue().Action);
        }

        return ready;
    }
}
