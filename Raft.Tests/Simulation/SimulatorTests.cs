using Raft.Actors.TestKit.Simulation;

namespace Raft.Tests.Simulation;

/// <summary>The discrete-event loop: event order, virtual time, failures naming the seed.</summary>
public sealed class SimulatorTests
{
    [Fact]
    public void Events_run_in_virtual_time_order_and_in_scheduling_order_within_a_time()
    {
        var simulator = new Simulator(seed: 1);
        var order = new List<string>();
        simulator.Schedule(TimeSpan.FromMilliseconds(5), () => order.Add("b@5"));
        simulator.Schedule(TimeSpan.FromMilliseconds(1), () => order.Add("a@1"));
        simulator.Schedule(TimeSpan.FromMilliseconds(5), () => order.Add("c@5"));
        simulator.Schedule(TimeSpan.FromMilliseconds(1), () => simulator.Schedule(TimeSpan.Zero, () => order.Add("d@1")));

        simulator.RunFor(TimeSpan.FromMilliseconds(10));

        Assert.Equal(["a@1", "d@1", "b@5", "c@5"], order);
        Assert.Equal(5, simulator.EventsProcessed);
    }

    [Fact]
    public void RunFor_runs_only_what_is_due_and_ends_at_the_deadline()
    {
        var simulator = new Simulator(seed: 1);
        var ran = new List<TimeSpan>();
        simulator.Schedule(TimeSpan.FromMilliseconds(3), () => ran.Add(simulator.Now));
        simulator.Schedule(TimeSpan.FromMilliseconds(30), () => ran.Add(simulator.Now));

        simulator.RunFor(TimeSpan.FromMilliseconds(10));

        Assert.Equal([TimeSpan.FromMilliseconds(3)], ran);
        Assert.Equal(TimeSpan.FromMilliseconds(10), simulator.Now);
        Assert.Equal(1, simulator.Pending);
    }

    [Fact]
    public void RunUntil_stops_at_the_event_that_makes_the_condition_true()
    {
        var simulator = new Simulator(seed: 1);
        var count = 0;
        for (var i = 1; i <= 5; i++)
        {
            simulator.Schedule(TimeSpan.FromMilliseconds(i), () => count++);
        }

        Assert.True(simulator.RunUntil(() => count == 3, TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromMilliseconds(3), simulator.Now);
        Assert.False(simulator.RunUntil(() => count == 10, TimeSpan.FromMilliseconds(20)));
        Assert.Equal(TimeSpan.FromMilliseconds(23), simulator.Now);
    }

    [Fact]
    public void An_event_that_throws_fails_the_run_naming_the_seed_and_the_time()
    {
        var simulator = new Simulator(seed: 42);
        simulator.Schedule(TimeSpan.FromMilliseconds(7), () => throw new InvalidOperationException("invariant broken"));

        var failure = Assert.Throws<SimulationFailedException>(() => simulator.RunFor(TimeSpan.FromSeconds(1)));

        Assert.Equal(42, failure.Seed);
        Assert.Equal(TimeSpan.FromMilliseconds(7), failure.At);
        Assert.Contains("seed 42", failure.Message, StringComparison.Ordinal);
        Assert.Contains("invariant broken", failure.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(failure.InnerException);
    }
}
