using Raft.Actors.Actors;
using Raft.Actors.Testing;

namespace Raft.Tests.Actors;

/// <summary>Become swaps the behaviour that handles the next message.</summary>
public sealed class BecomeTests
{
    [Fact]
    public void Become_switches_the_behaviour_from_the_next_message_on()
    {
        var simulation = new Simulation(1);
        using var system = new SimulatedActorSystem(simulation);
        var probe = new TestProbe(system);
        var actor = system.ActorOf(() => new Switch(probe), "switch");

        actor.Tell("ask");
        Assert.Equal("calm: ask", probe.ExpectMsg<string>());

        actor.Tell("toggle");
        actor.Tell("ask");
        Assert.Equal("angry: ask", probe.ExpectMsg<string>());

        actor.Tell("toggle");
        actor.Tell("ask");
        Assert.Equal("calm: ask", probe.ExpectMsg<string>());
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    private sealed class Switch(IActorRef probe) : ActorBase
    {
        protected override void Receive(object message) => Calm(message);

        private void Calm(object message)
        {
            if (message is "toggle")
            {
                Become(Angry);
                return;
            }

            probe.Tell($"calm: {message}");
        }

        private void Angry(object message)
        {
            if (message is "toggle")
            {
                Become(Calm);
                return;
            }

            probe.Tell($"angry: {message}");
        }
    }
}
