using Raft.Actors.TestKit.Simulation;

namespace Raft.Tests.Simulation;

/// <summary>A seed replays a simulated run event for event; another seed makes another run.</summary>
public sealed class SimulationReplayTests
{
    private static readonly TimeSpan RunLength = TimeSpan.FromSeconds(2);

    [Fact]
    public void Two_runs_of_one_seed_deliver_the_same_messages_at_the_same_virtual_times()
    {
        var first = TraceOfElection(seed: 17);
        var second = TraceOfElection(seed: 17);

        Assert.True(first.Count > 100, $"expected a busy trace (an election and heartbeats), got {first.Count} inputs");
        Assert.Equal(first, second);
    }

    [Fact]
    public void Another_seed_gives_another_run()
    {
        var first = TraceOfElection(seed: 17);
        var other = TraceOfElection(seed: 18);

        Assert.NotEqual(first, other);
    }

    private static IReadOnlyList<string> TraceOfElection(int seed)
    {
        var cluster = new SimulatedCluster(seed, 3);
        cluster.Simulator.EnableTrace();
        cluster.ExpectOneLeader();
        cluster.RunFor(RunLength);
        return cluster.Simulator.Trace;
    }
}
