namespace Raft.Actors.Actors;

/// <summary>
/// Named timers on top of <see cref="TimeProvider"/>. Every start bumps the name's generation, so a
/// message from an earlier start that is already queued is recognised as stale and dropped.
/// Used only from the owning actor's thread.
/// </summary>
internal sealed class TimerScheduler : ITimerScheduler
{
    private readonly ActorCell _cell;
    private readonly Dictionary<string, ActiveTimer> _timers = new(StringComparer.Ordinal);
    private long _nextGeneration;

    public TimerScheduler(ActorCell cell) => _cell = cell;

    public void StartSingleTimer(string name, object message, TimeSpan delay) => Start(name, message, delay, periodic: false);

    public void StartPeriodicTimer(string name, object message, TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "A periodic timer needs a positive interval.");
        }

        Start(name, message, interval, periodic: true);
    }

    public bool IsTimerActive(string name) => _timers.ContainsKey(name);

    public void Cancel(string name)
    {
        if (_timers.Remove(name, out var timer))
        {
            timer.Timer.Dispose();
        }
    }

    public void CancelAll()
    {
        foreach (var timer in _timers.Values)
        {
            timer.Timer.Dispose();
        }

        _timers.Clear();
    }

    /// <summary>Decides whether a timer message that just arrived is still current, and retires single timers that fire.</summary>
    public bool Accept(TimerMessage message)
    {
        if (!_timers.TryGetValue(message.Name, out var timer) || timer.Generation != message.Generation)
        {
            return false;
        }

        if (!timer.Periodic)
        {
            _timers.Remove(message.Name);
            timer.Timer.Dispose();
        }

        return true;
    }

    private void Start(string name, object message, TimeSpan delay, bool periodic)
    {
        Cancel(name);
        var generation = ++_nextGeneration;
        var tagged = new TimerMessage(name, generation, message);
        var cell = _cell;
        var timer = _cell.System.Time.CreateTimer(
            static state => { var (c, m) = ((ActorCell, TimerMessage))state!; c.Tell(m); },
            (cell, tagged),
            delay < TimeSpan.Zero ? TimeSpan.Zero : delay,
            periodic ? delay : Timeout.InfiniteTimeSpan);
        _timers[name] = new ActiveTimer(generation, periodic, timer);
    }

    private sealed record ActiveTimer(long Generation, bool Periodic, ITimer Timer);
}
