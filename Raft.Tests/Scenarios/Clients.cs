using Raft.Actors.Protocol;
using Raft.Actors.TestKit.Scenarios;
using Raft.Actors.TestKit.Simulation;

namespace Raft.Tests.Scenarios;

/// <summary>
/// Clients that keep proposing their commands to whoever leads until each has been applied, retrying when a
/// leader is lost (a retried command may then be applied twice: exactly-once holds per log entry, not per command).
/// </summary>
internal static class Clients
{
    /// <summary>Drives the cluster until every command was applied by some peer; returns the index each got.</summary>
    public static Dictionary<byte[], long> ProposeUntilApplied(SimulatedCluster cluster, IReadOnlyList<byte[]> commands, TimeSpan within)
    {
        var applied = new Dictionary<byte[], long>();
        var outstanding = new Dictionary<byte[], ProposalTracker>();
        var deadline = cluster.Now + within;
        while (applied.Count < commands.Count)
        {
            if (cluster.Now > deadline)
            {
                throw new ScenarioAssertionException($"{commands.Count - applied.Count} of {commands.Count} commands were not applied within {within.TotalSeconds} s (virtual).");
            }

            var leader = cluster.Running.FirstOrDefault(m => cluster.Status(m).Role == RaftRole.Leader && cluster.Network.IsConnected(m));
            foreach (var command in commands.Where(c => !applied.ContainsKey(c)))
            {
                if (outstanding.TryGetValue(command, out var tracker))
                {
                    if (tracker.Applied is { } result)
                    {
                        applied[command] = result.Index;
                        continue;
                    }

                    if (!tracker.Settled && tracker.MemberId == leader)
                    {
                        continue;
                    }
                }

                if (leader is not null)
                {
                    outstanding[command] = cluster.Propose(leader, command);
                }
            }

            cluster.RunFor(TimeSpan.FromMilliseconds(cluster.Random.Next(10, 100)));
        }

        return applied;
    }
}
