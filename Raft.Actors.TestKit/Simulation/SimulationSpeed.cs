using System.Diagnostics;

namespace Raft.Actors.TestKit.Simulation;

/// <summary>
/// Measures how fast the simulation runs on this machine, on the reference scenario: a three-member group starts,
/// elects a leader, runs ten simulated seconds and has its safety checked, once per seed.
/// </summary>
public static class SimulationSpeed
{
    public static readonly TimeSpan ScenarioLength = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Runs the reference scenario on seeds 1..<paramref name="seeds"/> and reports the rates. The first call in a
    /// process includes JIT compilation; measure twice and keep the second for the steady-state rate.
    /// </summary>
    public static SimulationSpeedReport Measure(int seeds, int members = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seeds, 1);
        var simulated = TimeSpan.Zero;
        long events = 0;
        long messages = 0;
        var clock = Stopwatch.StartNew();
        for (var seed = 1; seed <= seeds; seed++)
        {
            var cluster = new SimulatedCluster(seed, members);
            cluster.ExpectOneLeader();
            cluster.RunFor(ScenarioLength);
            cluster.CheckSafety();
            simulated += cluster.Now;
            events += cluster.Simulator.EventsProcessed;
            messages += cluster.Network.Sent;
        }

        return new SimulationSpeedReport(seeds, members, simulated, clock.Elapsed, events, messages);
    }
}
