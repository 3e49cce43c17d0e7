using Raft.Actors.Actors;
using Raft.Actors.Testing;

namespace Raft.Tests.Actors;

/// <summary>Messages from one sender arrive in the order sent, on both runtimes, across many mailbox drains.</summary>
public sealed class MessageOrderTests
{
    // More than one drain's worth (256) per sender, so order must survive the runtime rescheduling the actor.
    private const int PerSender = 600;
    private const int Senders = 3;

    [Fact]
    public void Messages_from_each_sender_arrive_in_order_in_the_simulation()
    {
        var simulation = new Simulation(11);
        using var system = new SimulatedActorSystem(simulation);
        var probe = new TestProbe(system, "order");

        StartSendersAndCheckOrder(system, probe);
    }

    [Fact]
    public void Messages_from_each_sender_arrive_in_order_on_the_thread_pool()
    {
        using var system = new ThreadPoolActorSystem("order-test");
        var probe = new TestProbe(system, "order") { DefaultTimeout = TimeSpan.FromSeconds(10) };

        StartSendersAndCheckOrder(system, probe);
    }

    private static void StartSendersAndCheckOrder(ActorSystem system, TestProbe probe)
    {
        var echo = system.ActorOf(() => new Echo(probe), "echo");
        var senders = Enumerable.Range(1, Senders).Select(i => system.ActorOf(() => new Sender($"s{i}", echo), $"s{i}")).ToList();
        foreach (var sender in senders)
        {
            sender.Tell(Go.Instance);
        }

        var next = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < PerSender * Senders; i++)
        {
            var message = probe.ExpectMsg<Numbered>(hint: $"message {i + 1} of {PerSender * Senders}");
            var expected = next.GetValueOrDefault(message.Sender);
            Assert.True(expected == message.Sequence, $"from {message.Sender}: expected message {expected}, got {message.Sequence}");
            next[message.Sender] = expected + 1;
        }

        Assert.All(Enumerable.Range(1, Senders), i => Assert.Equal(PerSender, next.GetValueOrDefault($"s{i}")));
    }

    private sealed record Numbered(string Sender, int Sequence);

    private sealed class Go
    {
        public static readonly Go Instance = new();
    }

    private sealed class Sender(string name, IActorRef target) : ActorBase
    {
        protected override void Receive(object message)
        {
            for (var i = 0; i < PerSender; i++)
            {
                target.Tell(new Numbered(name, i), Self);
            }
        }
    }

    private sealed class Echo(IActorRef target) : ActorBase
    {
        protected override void Receive(object message) => target.Tell(message, Self);
    }
}
