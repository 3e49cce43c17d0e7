namespace Raft.Actors.TestKit.Linearizability;

/// <summary>
/// Records what clients did, for <see cref="LinearizabilityChecker"/>: each operation's call time, return time and
/// result. Time comes from the clock it is given: virtual time in a simulation, a monotonic clock in real-time tests
/// (<see cref="RealTime"/>). Thread-safe. An operation that is never answered, or marked <see cref="Unknown"/>, is
/// checked as possibly taking effect at any time after its call; one known to have had no effect (a write refused
/// by a member that does not lead, a failed read) is <see cref="Discard"/>ed.
/// </summary>
public sealed class HistoryRecorder(Func<TimeSpan> clock)
{
    private readonly object _gate = new();
    private readonly Dictionary<long, HistoryOperation> _operations = [];
    private long _nextId;

    /// <summary>A recorder timed by a monotonic clock started now.</summary>
    public static HistoryRecorder RealTime(TimeProvider? time = null)
    {
        var provider = time ?? TimeProvider.System;
        var start = provider.GetTimestamp();
        return new HistoryRecorder(() => provider.GetElapsedTime(start));
    }

    /// <summary>A client invokes <paramref name="input"/> now; returns the operation's id.</summary>
    public long Invoke(int clientId, KvInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var now = clock();
        lock (_gate)
        {
            var id = ++_nextId;
            _operations[id] = new HistoryOperation(id, clientId, input, now, null, null);
            return id;
        }
    }

    /// <summary>The operation returned <paramref name="output"/> now.</summary>
    public void Return(long id, KvOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var now = clock();
        lock (_gate)
        {
            var operation = Open(id);
            _operations[id] = operation with { Return = now, Output = output };
        }
    }

    /// <summary>The client gave up without knowing whether the operation took effect (it stays open for ever).</summary>
    public void Unknown(long id)
    {
        lock (_gate)
        {
            Open(id);
        }
    }

    /// <summary>The operation certainly had no effect: it is left out of the history.</summary>
    public void Discard(long id)
    {
        lock (_gate)
        {
            Open(id);
            _operations.Remove(id);
        }
    }

    /// <summary>The history so far, in call order; operations not answered yet count as of unknown outcome.</summary>
    public IReadOnlyList<HistoryOperation> History()
    {
        lock (_gate)
        {
            return [.. _operations.Values.OrderBy(o => o.Call).ThenBy(o => o.Id)];
        }
    }

    private HistoryOperation Open(long id)
    {
        if (!_operations.TryGetValue(id, out var operation))
        {
            throw new InvalidOperationException($"Operation #{id} was never invoked or was discarded.");
        }

        return operation.Output is null ? operation : throw new InvalidOperationException($"Operation #{id} ({operation}) was already answered.");
    }
}
