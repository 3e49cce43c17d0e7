namespace Raft.Actors.TestKit.Simulation;

/// <summary>
/// A deterministic discrete-event loop: one thread, virtual time, one seeded random source. Events run in
/// (virtual time, sequence) order, so the same seed replays a run event for event. Nothing waits for real time:
/// ten simulated seconds cost only the events in them. An event that throws fails the run with a
/// <see cref="SimulationFailedException"/> naming the seed.
/// </summary>
public sealed class Simulator
{
    private readonly PriorityQueue<Action, (long Ticks, long Sequence)> _events = new();
    private long _nextSequence;
    private long _nowTicks;
    private List<string>? _trace;

    public Simulator(int seed)
    {
        Seed = seed;
        Random = new Random(seed);
    }

    public int Seed { get; }

    /// <summary>The one random source of the run: the network, the members' election timeouts and the scenario draw from it.</summary>
    public Random Random { get; }

    /// <summary>Virtual time elapsed since the simulation began.</summary>
    public TimeSpan Now => TimeSpan.FromTicks(_nowTicks);

    public long EventsProcessed { get; private set; }

    /// <summary>Events scheduled and not yet run (including timers that have since been cancelled).</summary>
    public int Pending => _events.Count;

    /// <summary>Every input the members received, with its virtual time, once <see cref="EnableTrace"/> was called.</summary>
    public IReadOnlyList<string> Trace => _trace ?? throw new InvalidOperationException("Tracing is off: call EnableTrace first.");

    public bool IsTracing => _trace is not null;

    public void EnableTrace() => _trace ??= [];

    /// <summary>Runs <paramref name="action"/> after <paramref name="delay"/> of virtual time (now, behind what is already due, for zero).</summary>
    public void Schedule(TimeSpan delay, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        _events.Enqueue(action, (_nowTicks + Math.Max(0, delay.Ticks), _nextSequence++));
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
        try
        {
            action();
        }
        catch (Exception ex)
        {
            throw new SimulationFailedException(Seed, Now, ex);
        }

        return true;
    }

    /// <summary>Runs every event due within <paramref name="duration"/>, then sets the clock to its end.</summary>
    public void RunFor(TimeSpan duration)
    {
        var deadline = _nowTicks + Math.Max(0, duration.Ticks);
        while (_events.TryPeek(out _, out var key) && key.Ticks <= deadline)
        {
            Step();
        }

        _nowTicks = deadline;
    }

    /// <summary>
    /// Runs events until <paramref name="condition"/> holds (checked first, then after each event) or
    /// <paramref name="timeout"/> of virtual time has passed; returns whether it held.
    /// </summary>
    public bool RunUntil(Func<bool> condition, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (condition())
        {
            return true;
        }

        var deadline = _nowTicks + Math.Max(0, timeout.Ticks);
        while (_events.TryPeek(out _, out var key) && key.Ticks <= deadline)
        {
            Step();
            if (condition())
            {
                return true;
            }
        }

        _nowTicks = deadline;
        return condition();
    }

    /// <summary>Adds a line to the trace, stamped with the virtual time in ticks (only while tracing).</summary>
    public void Record(string line) => _trace?.Add($"{_nowTicks} {line}");
}
