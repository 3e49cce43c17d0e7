using System.Diagnostics;
using Raft.Actors.Protocol;
using Raft.Actors.TestKit.Simulation;
using Xunit.Abstractions;

namespace Raft.Tests.Simulation;

/// <summary>
/// Virtual time costs only the events in it. Asserted on what happened in virtual time; the wall time is printed,
/// not asserted, so a slow machine cannot make the test flaky.
/// </summary>
public sealed class SimulationSpeedTests(ITestOutputHelper output)
{
    [Fact]
    public void Ten_simulated_seconds_of_a_three_member_group_run_without_waiting_for_real_time()
    {
        var clock = Stopwatch.StartNew();
        var cluster = new SimulatedCluster(seed: 3, size: 3);

        cluster.RunFor(TimeSpan.FromSeconds(10));
        clock.Stop();

        Assert.Equal(TimeSpan.FromSeconds(10), cluster.Now);
        var leader = Assert.Single(cluster.Leaders());

        // A leader is elected within the first second, then heartbeats each follower every 50 ms (at least 180 each).
        var heartbeats = cluster.Network.SentOf<RaftProtocol.AppendEntries>();
        Assert.True(heartbeats >= 2 * 180, $"expected at least 360 AppendEntries in 10 s, got {heartbeats}");
        output.WriteLine($"10 s of virtual time, leader {leader.Member} in term {leader.Term}: {cluster.Simulator.EventsProcessed} events, {heartbeats} AppendEntries, in {clock.Elapsed.TotalMilliseconds:F0} ms of wall time");
    }

    [Fact]
    public void The_speed_measurement_runs_the_reference_scenario_once_per_seed()
    {
        var report = SimulationSpeed.Measure(seeds: 3);

        Assert.Equal(3, report.Seeds);
        Assert.Equal(3, report.Members);

        // Each run elects a leader (well under a second) and then runs ten seconds.
        Assert.InRange(report.Simulated, SimulationSpeed.ScenarioLength * 3, (SimulationSpeed.ScenarioLength + TimeSpan.FromSeconds(1)) * 3);
        Assert.True(report.Messages >= 3 * 2 * 180, $"expected heartbeats to every follower, got {report.Messages} messages");
        Assert.True(report.Events > report.Messages, $"every delivery is an event: {report.Events} events for {report.Messages} messages");
        output.WriteLine(report.ToString());
    }
}
