using Raft.Actors.Cluster;
using Raft.Actors.Core;
using Raft.Actors.Protocol;

namespace Raft.Tests.Cluster;

/// <summary>What the real-time group tests share: the actor system's configuration, generous limits, waiting on role changes, and what a too-large refusal says.</summary>
internal static class GroupTestKit
{
    /// <summary>Members journal in Akka's in-memory plugins, which outlive a member's stop and restart inside the system.</summary>
    public const string Hocon = """
        akka.loglevel = INFO
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """;

    /// <summary>Long enough for elections and catch-up on a loaded 2-core machine.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    /// <summary>Far longer than <see cref="Limit"/>: a proposal that ends within <see cref="Limit"/> did not wait for it.</summary>
    public static readonly TimeSpan LongProposalTimeout = TimeSpan.FromSeconds(60);

    public static RaftGroupSettings Settings(StateMachines machines, string clusterId = "test") => new()
    {
        ClusterId = clusterId,
        MemberIds = ["n1", "n2", "n3"],
        StateMachineFactory = machines.Create,
        ProposalTimeout = LongProposalTimeout,

        // Slower elections than the defaults, so a heartbeat delayed on a loaded machine does not depose the leader mid-test.
        Options = new RaftOptions
        {
            ElectionTimeoutMin = TimeSpan.FromMilliseconds(400),
            ElectionTimeoutMax = TimeSpan.FromMilliseconds(800),
            HeartbeatInterval = TimeSpan.FromMilliseconds(50),
        },
    };

    /// <summary>Waits for the first notification matching <paramref name="condition"/>; on timeout, fails listing what was seen.</summary>
    public static async Task<ClientProtocol.RoleChanged> WaitForRoleChange(
        RaftGroupClient client, Func<ClientProtocol.RoleChanged, bool> condition, string phase)
    {
        var seen = new List<ClientProtocol.RoleChanged>();
        using var stop = new CancellationTokenSource(Limit);
        try
        {
            await foreach (var change in client.WatchRoleChanges(stop.Token))
            {
                seen.Add(change);
                if (condition(change))
                {
                    return change;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        throw new TimeoutException($"{phase}: no matching RoleChanged within {Limit.TotalSeconds} s; saw [{string.Join(", ", seen)}].");
    }

    public static Task<ClientProtocol.RoleChanged> WaitForLeader(RaftGroupClient client, string phase, Func<ClientProtocol.RoleChanged, bool>? also = null) =>
        WaitForRoleChange(client, c => c.Role == RaftRole.Leader && (also?.Invoke(c) ?? true), phase);

    /// <summary>The proposal was refused as larger than the group's limit: a certain outcome, said in the message.</summary>
    public static void AssertRefusedAsTooLarge(ProposalFailedException error, int bytes, int limit)
    {
        Assert.Equal(ClientProtocol.ProposalFailureReason.CommandTooLarge, error.Reason);
        Assert.False(error.OutcomeUnknown);
        Assert.Contains($"holds {bytes} bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains($"MaxCommandBytes {limit}", error.Message, StringComparison.Ordinal);
        Assert.Contains("It was not committed", error.Message, StringComparison.Ordinal);
    }
}
