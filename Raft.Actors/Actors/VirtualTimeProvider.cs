namespace Raft.Actors.Actors;

/// <summary>
/// A <see cref="TimeProvider"/> whose clock is the simulation's virtual time; its timers are simulation
/// events. Only the simulation moves it forward.
/// </summary>
public sealed class VirtualTimeProvider : TimeProvider
{
    private static readonly DateTimeOffset Epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly Simulation _simulation;

    internal VirtualTimeProvider(Simulation simulation) => _simulation = simulation;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => Epoch + _simulation.Now;

    public override long GetTimestamp() => _simulation.Now.Ticks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new VirtualTimer(_simulation, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class VirtualTimer(Simulation simulation, TimerCallback callback, object? state) : ITimer
    {
        // Each Change or Dispose makes the events scheduled before it stale.
        private long _version;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var version = ++_version;
            _period = period;
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                Arm(dueTime, version);
            }

            return true;
        }

        public void Dispose() => _version++;

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void Arm(TimeSpan due, long version) => simulation.Schedule(due, () =>
        {
            if (version != _version)
            {
                return;
            }

            callback(state);
            if (version == _version && _period != Timeout.InfiniteTimeSpan && _period > TimeSpan.Zero)
            {
                Arm(_period, version);
            }
        });
    }
}
