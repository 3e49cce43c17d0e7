using System.Text;
using Akka.Actor;
using Akka.Configuration;
using Raft.Actors.Cluster;
using Raft.Actors.Configuration;
using Raft.Actors.Core;
using Raft.Actors.Protocol;
using Raft.Tests.Cluster;
using Raft.Tests.Persistence;
using Xunit.Abstractions;

namespace Raft.Tests.Remote;

/// <summary>
/// A group of three members, each in an actor system of its own on a loopback port, with SQLite journals: the layout
/// of three processes, in one test process. The test kit's own actor system is a client that is not a member.
/// </summary>
public sealed class RaftMemberTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(ClientConfig, output: output), IAsyncLifetime
{
    private static readonly Config ClientConfig = ConfigurationFactory.ParseString("""
        akka.loglevel = INFO
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp.hostname = 127.0.0.1
        akka.remote.dot-netty.tcp.port = 0
        """).WithFallback(RaftConfig.Default);

    private readonly TemporaryDirectory _data = new();
    private readonly List<RemoteNode> _nodes = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        _data.Dispose();
    }

    [Fact]
    public async Task Three_actor_systems_on_loopback_elect_a_leader_and_commit_what_a_non_member_client_proposes()
    {
        var members = StartGroup();
        var client = RaftGroupClient.Connect(Sys, "remote", members, GroupTestKit.LongProposalTimeout);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => client.ProposeAsync(Command(i))));

        Assert.Equal(20, results.Select(r => r.Index).Distinct().Count());
        await AwaitAllApplied(Enumerable.Range(0, 20).Select(Command).ToList(), "after 20 proposals");
        Assert.NotNull(client.Leader);
    }

    [Fact]
    public async Task Thousands_of_2_KB_commands_proposed_at_once_by_a_non_member_client_all_commit()
    {
        // 4500 × 2 KB is 9 MB: batches cut by count alone (4096) would be 8 MiB, twice the frame, dropped by Akka.Remote.
        // Elections are slow here, so that 9 MB going through three journals on a loaded machine does not depose the leader.
        var members = StartGroup(new RaftOptions
        {
            ElectionTimeoutMin = TimeSpan.FromSeconds(2),
            ElectionTimeoutMax = TimeSpan.FromSeconds(4),
            HeartbeatInterval = TimeSpan.FromMilliseconds(100),
        });
        var client = RaftGroupClient.Connect(Sys, "remote", members, GroupTestKit.LongProposalTimeout);
        await ProposeRetryingUnknownOutcomes(client, Command(0));
        const int count = 4500;

        await Task.WhenAll(Enumerable.Range(0, count).Select(i => ProposeRetryingUnknownOutcomes(client, LargeCommand(i))));

        await AwaitAssertAsync(() =>
        {
            foreach (var node in _nodes)
            {
                var applied = node.Machine.Applied.Where(c => c.Length == 2048).Select(c => BitConverter.ToInt32(c)).ToHashSet();
                Assert.True(applied.SetEquals(Enumerable.Range(0, count)), $"{node.MemberId} applied {applied.Count} of the {count} large commands");
            }
        }, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task A_member_restarted_on_its_address_rejoins_and_catches_up_while_the_others_keep_running()
    {
        var members = StartGroup();
        var client = RaftGroupClient.Connect(Sys, "remote", members, GroupTestKit.LongProposalTimeout);
        await client.ProposeAsync(Command(0));
        var leader = await GroupTestKit.WaitForLeader(client, "first leader");
        var restarted = _nodes.Single(n => n.MemberId == leader.MemberId);
        var others = _nodes.Where(n => n != restarted).Select(n => n.System).ToList();

        await restarted.RestartAsync();
        for (var i = 1; i <= 10; i++)
        {
            await ProposeRetryingUnknownOutcomes(client, Command(i));
        }

        await AwaitAllApplied(Enumerable.Range(0, 11).Select(Command).ToList(), $"after restarting {restarted.MemberId}");
        Assert.All(others, system => Assert.False(system.WhenTerminated.IsCompleted, "a member that was not restarted stopped"));

        // The restarted member's own client finds the group again.
        var fromRestarted = await restarted.Member.Client.ProposeAsync(Command(11), TimeSpan.FromSeconds(20));
        Assert.True(fromRestarted.Index > 11);
        Assert.Equal(members.Count, _nodes.Count);
    }

    /// <summary>
    /// A proposal sent to the restarted member's old incarnation fails with an unknown outcome once the client finds
    /// the new one (it may have been appended): proposed again, it may apply twice, which the checks here allow.
    /// </summary>
    private static async Task ProposeRetryingUnknownOutcomes(RaftGroupClient client, byte[] command)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await client.ProposeAsync(command);
                return;
            }
            catch (ProposalFailedException) when (attempt < 5)
            {
            }
        }
    }

    private IReadOnlyDictionary<string, Address> StartGroup(RaftOptions? options = null)
    {
        var members = RemoteNode.Addresses(["n1", "n2", "n3"]);
        foreach (var id in members.Keys)
        {
            _nodes.Add(RemoteNode.Start(id, members, _data.Path, options: options));
        }

        return members;
    }

    private async Task AwaitAllApplied(IReadOnlyList<byte[]> expected, string phase)
    {
        var wanted = expected.Select(Encoding.UTF8.GetString).ToList();
        await AwaitAssertAsync(() =>
        {
            foreach (var node in _nodes)
            {
                var applied = node.Machine?.Applied.Select(Encoding.UTF8.GetString).ToList() ?? [];
                Assert.True(wanted.All(applied.Contains), $"{phase}: {node.MemberId} applied [{string.Join(", ", applied)}], expected all of [{string.Join(", ", wanted)}]");
            }
        }, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(100));
    }

    private static byte[] Command(int i) => Encoding.UTF8.GetBytes($"c{i}");

    private static byte[] LargeCommand(int i)
    {
        var command = new byte[2048];
        BitConverter.TryWriteBytes(command, i);
        return command;
    }
}
