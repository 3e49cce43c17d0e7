using Raft.Actors.Actors;
using Raft.Actors.Testing;

namespace Raft.Tests.Actors;

/// <summary>
/// Named timers in virtual time: a single timer fires once; restarting or cancelling a name means its earlier
/// message is never delivered, even when it already sits in the mailbox; a periodic timer repeats at its interval.
/// </summary>
public sealed class TimerTests : IDisposable
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(100);

    private readonly Simulation _simulation = new(5);
    private readonly SimulatedActorSystem _system;
    private readonly TestProbe _probe;
    private readonly IActorRef _actor;

    public TimerTests()
    {
        _system = new SimulatedActorSystem(_simulation);
        _probe = new TestProbe(_system, "timers");
        _actor = _system.ActorOf(() => new TimerUser(_probe), "timer-user");
    }

    public void Dispose() => _system.Dispose();

    [Fact]
    public void A_single_timer_fires_once_after_its_delay()
    {
        _actor.Tell(new StartSingle("t", "ping", Delay));

        _actor.Tell(new IsActive("t"));
        Assert.True(_probe.ExpectMsg<bool>(), "the timer should run before it fires");

        Assert.Equal(new Fired("ping", Delay), _probe.ExpectMsg<Fired>());
        _actor.Tell(new IsActive("t"));
        Assert.False(_probe.ExpectMsg<bool>(), "a single timer should be over once it fired");
        _probe.ExpectNoMsg(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Starting_a_running_timer_replaces_it_and_the_replaced_message_never_arrives()
    {
        _actor.Tell(new StartSingle("t", "first", Delay));
        _simulation.RunFor(TimeSpan.FromMilliseconds(50));
        _actor.Tell(new StartSingle("t", "second", Delay));

        Assert.Equal(new Fired("second", TimeSpan.FromMilliseconds(150)), _probe.ExpectMsg<Fired>());
        _probe.ExpectNoMsg(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void A_replaced_timer_message_already_in_the_mailbox_is_dropped()
    {
        // At 100 ms two events run before the actor's next drain: first ours, which queues the restart, then the
        // timer's, which queues "first". The drain handles the restart, then finds "first" stale behind it.
        _simulation.Schedule(Delay, () => _actor.Tell(new StartSingle("t", "second", Delay)));
        _actor.Tell(new StartSingle("t", "first", Delay));

        Assert.Equal(new Fired("second", Delay * 2), _probe.ExpectMsg<Fired>());
        _probe.ExpectNoMsg(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Cancel_drops_a_timer_message_already_in_the_mailbox()
    {
        // As above: the cancel is queued just before the timer's message, in the same drain.
        _simulation.Schedule(Delay, () => _actor.Tell(new Cancel("t")));
        _actor.Tell(new StartSingle("t", "first", Delay));

        _probe.ExpectNoMsg(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Cancel_before_the_timer_fires_prevents_delivery()
    {
        _actor.Tell(new StartSingle("t", "first", Delay));
        _simulation.RunFor(Delay / 2);
        _actor.Tell(new Cancel("t"));

        _probe.ExpectNoMsg(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void A_periodic_timer_repeats_at_its_interval_until_cancelled()
    {
        _actor.Tell(new StartPeriodic("tick", "tick", Delay));

        var arrivals = Enumerable.Range(0, 10).Select(_ => _probe.ExpectMsg<Fired>().At).ToList();

        Assert.Equal(Enumerable.Range(1, 10).Select(k => Delay * k).ToList(), arrivals);
        _actor.Tell(new Cancel("tick"));
        _probe.ExpectNoMsg(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Timers_with_different_names_run_independently()
    {
        _actor.Tell(new StartSingle("a", "a", Delay));
        _actor.Tell(new StartSingle("b", "b", Delay * 2));
        _actor.Tell(new StartSingle("a", "a2", Delay * 3));

        Assert.Equal(new Fired("b", Delay * 2), _probe.ExpectMsg<Fired>());
        Assert.Equal(new Fired("a2", Delay * 3), _probe.ExpectMsg<Fired>());
        _probe.ExpectNoMsg(TimeSpan.FromSeconds(1));
    }

    private sealed record StartSingle(string Name, object Message, TimeSpan Delay);

    private sealed record StartPeriodic(string Name, object Message, TimeSpan Interval);

    private sealed record Cancel(string Name);

    /// <summary>A timer's message reached the actor at virtual time <see cref="At"/>.</summary>
    private sealed record Fired(object Message, TimeSpan At);

    private sealed record IsActive(string Name);

    private sealed class TimerUser(IActorRef probe) : ActorBase
    {
        protected override void Receive(object message)
        {
            switch (message)
            {
                case StartSingle start:
                    Timers.StartSingleTimer(start.Name, start.Message, start.Delay);
                    break;
                case StartPeriodic start:
                    Timers.StartPeriodicTimer(start.Name, start.Message, start.Interval);
                    break;
                case Cancel cancel:
                    Timers.Cancel(cancel.Name);
                    break;
                case IsActive query:
                    probe.Tell(Timers.IsTimerActive(query.Name), Self);
                    break;
                default:
                    probe.Tell(new Fired(message, TimeSpan.FromTicks(Context.Time.GetTimestamp())), Self);
                    break;
            }
        }
    }
}
