using Raft.Actors.TestKit.Simulation;

namespace Raft.Tests.Simulation;

/// <summary>The simulated network: latency, order, loss, disconnections and partitions, between member ids.</summary>
public sealed class SimulatedNetworkTests
{
    private readonly Simulator _simulator = new(seed: 5);
    private readonly Dictionary<string, List<(TimeSpan At, object Message)>> _received = [];
    private readonly SimulatedNetwork _network;

    public SimulatedNetworkTests()
    {
        _network = new SimulatedNetwork(_simulator);
        foreach (var member in new[] { "a", "b", "c" })
        {
            _received[member] = [];
            _network.Register(member, message => _received[member].Add((_simulator.Now, message)));
        }
    }

    [Fact]
    public void A_reliable_network_delivers_after_a_millisecond_in_the_order_sent()
    {
        for (var i = 0; i < 5; i++)
        {
            _network.Send("a", "b", i);
        }

        _simulator.RunFor(TimeSpan.FromMilliseconds(5));

        Assert.Equal([0, 1, 2, 3, 4], _received["b"].Select(r => (int)r.Message));
        Assert.All(_received["b"], r => Assert.Equal(TimeSpan.FromMilliseconds(1), r.At));
        Assert.Equal(5, _network.Sent);
        Assert.Equal(5, _network.SentOf<int>());
    }

    [Fact]
    public void A_disconnected_member_neither_sends_nor_receives_and_loses_what_was_on_its_way()
    {
        _network.Send("a", "b", "in flight");
        _network.Disconnect("b");
        _network.Send("a", "b", "to b");
        _network.Send("b", "c", "from b");
        _simulator.RunFor(TimeSpan.FromMilliseconds(5));

        Assert.Empty(_received["b"]);
        Assert.Empty(_received["c"]);
        Assert.False(_network.IsConnected("b"));

        _network.Connect("b");
        _network.Send("a", "b", "after");
        _simulator.RunFor(TimeSpan.FromMilliseconds(5));
        Assert.Equal(["after"], _received["b"].Select(r => r.Message));
    }

    [Fact]
    public void A_partition_keeps_messages_within_each_group_until_healed()
    {
        _network.Partition(["a", "b"], ["c"]);
        _network.Send("a", "b", "same side");
        _network.Send("a", "c", "across");
        _simulator.RunFor(TimeSpan.FromMilliseconds(5));
        Assert.Equal(["same side"], _received["b"].Select(r => r.Message));
        Assert.Empty(_received["c"]);

        _network.Heal();
        _network.Send("a", "c", "healed");
        _simulator.RunFor(TimeSpan.FromMilliseconds(5));
        Assert.Equal(["healed"], _received["c"].Select(r => r.Message));
    }

    [Fact]
    public void A_member_with_no_endpoint_loses_its_messages()
    {
        _network.Register("b", null);
        _network.Send("a", "b", "nobody home");
        _simulator.RunFor(TimeSpan.FromMilliseconds(5));

        Assert.Empty(_received["b"]);
        Assert.Equal(0, _network.Delivered);
    }

    [Fact]
    public void An_unreliable_network_loses_some_messages_and_reorders_others()
    {
        _network.Conditions = NetworkConditions.Unreliable;
        var seen = new List<object>();
        _network.Tap = seen.Add;
        for (var i = 0; i < 1000; i++)
        {
            _network.Send("a", "b", i);
        }

        _simulator.RunFor(TimeSpan.FromMilliseconds(30));

        var arrived = _received["b"].Select(r => (int)r.Message).ToList();
        Assert.Equal(1000, seen.Count);
        Assert.InRange(arrived.Count, 820, 980);
        Assert.NotEqual(arrived.Order(), arrived);
        Assert.All(_received["b"], r => Assert.InRange(r.At, TimeSpan.Zero, TimeSpan.FromMilliseconds(27)));
    }
}
