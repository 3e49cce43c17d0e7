namespace Raft.Actors.Actors;

/// <summary>
/// A deterministic discrete-event loop: one thread, virtual time, one seeded random source. Events run in
/// (virtual time, sequence) order, so the same seed replays a run event for event. Nothing waits for real
/// time: running ten simulated seconds costs only the events in them.
/// </summary>
public sealed class Simulation
{
    private readonly PriorityQueue<Action, (long Ticks, long Sequence)> _events = new();
    private long _nextSequence;
    private long _nowTicks;
    private Exception? _failure;
    private List<string>? _trace;

    public Simulation(int seed)
    {
        Seed = seed;
        Random = new Random(seed);
        Time = new VirtualTimeProvider(this);
    }

    public int Seed { get; }

    /// <summary>The one random source of the run; everything random in the simulation draws from it.</summary>
    public Random Random { get; }

    public VirtualTimeProvider Time { get; }

    /// <summary>Virtual time elapsed since the simulation began.</summary>
    public TimeSpan Now => TimeSpan.FromTicks(_nowTicks);

    public long EventsProcessed { get; private set; }

    /// <summary>The trace of delivered messages, when <see cref="EnableTrace"/> was called.</summary>
    public IReadOnlyList<string> Trace => _trace ?? throw new InvalidOperationException("Tracing is off: call EnableTrace first.");

    public void EnableTrace() => _trace ??= [];

    public bool IsTracing => _trace is not null;

    public void Schedule(TimeSpan delay, Action action)
    {
        var at = _nowTicks + Math.Max(0, delay.Ticks);
        _events.Enqueue(action, (at, _nextSequence++));
    }

    /// <summary>Runs the next event; false when there is none.</summary>
    public bool Step()
    {
        if (!_events.TryDequeue(out var action, out var key))
        {
            return false;
        }

        _nowTicks = Math.Max(_nowTicks, key.Ticks);
        EventsProcessed++;
        action();
        ThrowIfFailed();
        return true;
    }

    /// <summary>Runs every event due within <paramref name="duration"/>, then sets the clock to its end.</summary>
    public void RunFor(TimeSpan duration)
    {
        var deadline = _nowTicks + duration.Ticks;
        while (_events.TryPeek(out _, out var key) && key.Ticks <= deadline)
        {
            Step();
        }

        _nowTicks = Math.Max(_nowTicks, deadline);
    }

    /// <summary>Runs events until <paramref name="condition"/> holds (checked after each event) or <paramref name="timeout"/> of virtual time passes.</summary>
    public bool RunUntil(Func<bool> condition, TimeSpan timeout)
    {
        if (condition())
        {
            return true;
        }

        var deadline = _nowTicks + timeout.Ticks;
        while (_events.TryPeek(out _, out var key) && key.Ticks <= deadline)
        {
            Step();
            if (condition())
            {
                return true;
            }
        }

        _nowTicks = Math.Max(_nowTicks, deadline);
        return condition();
    }

    internal void Record(string line) => _trace?.Add($"{_nowTicks} {line}");

    /// <summary>Stops the run: the next <see cref="Step"/> throws, naming the seed.</summary>
    internal void Fail(Exception exception) => _failure ??= exception;

    private void ThrowIfFailed()
    {
        if (_failure is { } failure)
        {
            _failure = null;
            throw new SimulationFailedException(Seed, Now, failure);
        }
    }
}
