using Raft.Actors.Actors;
using Raft.Actors.Testing;

namespace Raft.Tests.Actors;

/// <summary>An exception in an actor is a bug: the actor is stopped and the simulation run fails, naming the seed that replays it.</summary>
public sealed class ActorFailureTests
{
    private const int Seed = 4242;

    [Fact]
    public void An_actor_that_throws_is_stopped_and_the_simulation_fails_naming_the_seed()
    {
        var simulation = new Simulation(Seed);
        using var system = new SimulatedActorSystem(simulation);
        var failures = new List<string>();
        system.ActorFailed += (path, _) => failures.Add(path);
        var probe = new TestProbe(system, "failure");
        var actor = system.ActorOf(() => new Fragile(probe), "fragile");
        actor.Tell("hello");
        Assert.Equal("hello", probe.ExpectMsg<string>());

        actor.Tell("boom");
        actor.Tell("queued behind the failure");
        var failure = Assert.Throws<SimulationFailedException>(() => simulation.RunFor(TimeSpan.FromSeconds(1)));

        Assert.Equal(Seed, failure.Seed);
        Assert.Contains($"seed {Seed}", failure.Message, StringComparison.Ordinal);
        Assert.Contains("/fragile", failure.Message, StringComparison.Ordinal);
        Assert.Contains("boom was not expected", failure.Message, StringComparison.Ordinal);
        Assert.Equal(["/fragile"], failures);

        // Stopped: PostStop ran, and neither the message queued behind the failure nor a later one is handled.
        Assert.Equal("stopped", probe.ExpectMsg<string>());
        actor.Tell("after the failure");
        probe.ExpectNoMsg(TimeSpan.FromSeconds(1));
    }

    private sealed class Fragile(IActorRef probe) : ActorBase
    {
        protected override void Receive(object message)
        {
            if (message is "boom")
            {
                throw new InvalidOperationException("boom was not expected");
            }

            probe.Tell(message, Self);
        }

        protected override void PostStop() => probe.Tell("stopped", Self);
    }
}
