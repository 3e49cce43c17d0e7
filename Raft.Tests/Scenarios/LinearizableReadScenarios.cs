using Raft.Actors.Core;
using Raft.Actors.TestKit.Linearizability;
using Raft.Actors.TestKit.Scenarios;
using Raft.Actors.TestKit.Simulation;
using Xunit.Abstractions;

namespace Raft.Tests.Scenarios;

/// <summary>
/// Reads without a log write stay linearizable (Raft thesis §6.4): clients put, compare-and-set and read a few keys
/// while leaders are cut off, the network splits and members crash; every history is checked against a sequential
/// map by <see cref="LinearizabilityChecker"/>, and the safety checkers watch every run.
/// </summary>
public sealed class LinearizableReadScenarios(ITestOutputHelper output)
{
    private static readonly TimeSpan ChaosTime = TimeSpan.FromSeconds(3);

    [Fact]
    public void ReadIndex_reads_at_the_leader_stay_linearizable_through_partitions_crashes_and_leader_changes() => Seeds.Run(25, seed =>
    {
        var workload = Run(seed, ReadPath.Leader, ReadMode.ReadIndex);

        AssertLinearizable(workload);
    });

    [Fact]
    public void Follower_reads_through_the_leaders_read_index_stay_linearizable_through_partitions_crashes_and_leader_changes() => Seeds.Run(25, seed =>
    {
        var workload = Run(seed, ReadPath.AnyMember, ReadMode.ReadIndex);

        AssertLinearizable(workload);
    });

    /// <summary>
    /// The same disruptions as the ReadIndex scenarios: a member that comes back from a partition with a higher term
    /// cannot be elected within the old leader's lease, because members refuse votes while they hear from a leader
    /// (CheckQuorum and leader stickiness, which lease reads require; README, "Reads").
    /// </summary>
    [Fact]
    public void Lease_reads_stay_linearizable_through_partitions_crashes_and_leader_changes() => Seeds.Run(25, seed =>
    {
        var workload = Run(seed, ReadPath.Leader, ReadMode.Lease);

        AssertLinearizable(workload);
    });

    [Fact]
    public void The_checker_catches_reads_served_from_a_members_state_machine_without_a_read_index()
    {
        var violations = new List<(int Seed, LinearizabilityResult Result)>();
        for (var seed = 1; seed <= 10; seed++)
        {
            var workload = Run(seed, ReadPath.LocalStateMachine, ReadMode.ReadIndex);
            if (LinearizabilityChecker.Check(workload.History.History()) is { IsLinearizable: false } result)
            {
                violations.Add((seed, result));
            }
        }

        Assert.True(violations.Count > 0, "stale local reads went unnoticed on seeds 1..10");
        output.WriteLine($"violations on seeds {string.Join(", ", violations.Select(v => v.Seed))}; the first:\n{violations[0].Result.Describe()}");
        Assert.All(violations, v => Assert.Contains(v.Result.Counterexample, o => o.Input.Kind == KvOperationKind.Get));
    }

    private static void AssertLinearizable(KeyValueWorkload workload)
    {
        LinearizabilityChecker.AssertLinearizable(workload.History.History());

        // A run where nothing got through would prove nothing.
        Assert.True(workload.ReadsAnswered >= 10 && workload.WritesAnswered >= 5, $"only {workload.ReadsAnswered} reads and {workload.WritesAnswered} writes were answered");
    }

    /// <summary>Three members under a client workload while leaders are cut off, the network splits and members crash; then healed, until every client is idle.</summary>
    private static KeyValueWorkload Run(int seed, ReadPath path, ReadMode mode)
    {
        var cluster = new SimulatedCluster(seed, 3, new ClusterSettings
        {
            Options = new RaftOptions { ReadMode = mode },
            StateMachineFactory = _ => new KeyValueScenarioStore(),
        });
        var workload = new KeyValueWorkload(cluster, new KeyValueWorkloadSettings { ReadPath = path });
        workload.Start();
        var random = cluster.Random;
        var end = cluster.Now + ChaosTime;
        while (cluster.Now < end)
        {
            cluster.RunFor(TimeSpan.FromMilliseconds(random.Next(100, 400)));
            Heal(cluster);
            var leader = cluster.Leaders().OrderByDescending(l => l.Term).Select(l => l.Member).FirstOrDefault();
            switch (random.Next(4))
            {
                case 0 when leader is not null:
                    cluster.Disconnect(leader);
                    break;
                case 1:
                    var alone = cluster.Members[random.Next(cluster.Members.Count)];
                    cluster.Partition([alone], [.. cluster.Members.Where(m => m != alone)]);
                    break;
                case 2:
                    cluster.Crash(cluster.Members[random.Next(cluster.Members.Count)]);
                    break;
            }
        }

        Heal(cluster);
        workload.Stop();
        Assert.True(cluster.RunUntil(() => workload.Idle, TimeSpan.FromSeconds(5)), "clients still busy 5 s (virtual) after the network healed");
        cluster.CheckSafety();
        return workload;
    }

    private static void Heal(SimulatedCluster cluster)
    {
        cluster.Heal();
        foreach (var member in cluster.Members)
        {
            cluster.Connect(member);
            if (!cluster.IsRunning(member))
            {
                cluster.Restart(member);
            }
        }
    }
}
