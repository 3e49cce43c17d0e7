using Raft.Actors.Cluster;
using Raft.Actors.TestKit.Linearizability;
using Xunit.Abstractions;
using static Raft.Tests.Cluster.GroupTestKit;

namespace Raft.Tests.Cluster;

/// <summary>Reads through the group client on a three-member group of real actors, on wall-clock time.</summary>
public sealed class RaftGroupReadTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(Hocon, output)
{
    [Fact]
    public async Task A_read_after_a_write_sees_it_at_the_leader_and_at_every_named_member()
    {
        var group = RaftGroup.Start(Sys, Settings(new StateMachines()) with { StateMachineFactory = _ => new KeyValueScenarioStore() });
        var written = await group.Client.ProposeAsync(KvCodec.Command(KvInput.Put("k", "v1"u8.ToArray()))).WaitAsync(Limit);

        var atLeader = await group.Client.ReadAsync(KvCodec.Query("k"), timeout: Limit);
        Assert.Equal("v1", Value(atLeader));
        Assert.True(atLeader.ReadIndex >= written.Index, $"read index {atLeader.ReadIndex} is before the write at {written.Index}");

        foreach (var member in group.MemberIds)
        {
            var read = await group.Client.ReadAsync(KvCodec.Query("k"), member, Limit);
            Assert.Equal((member, "v1"), (read.MemberId, Value(read)));
        }
    }

    [Fact]
    public async Task Concurrent_reads_each_see_the_last_completed_write()
    {
        var group = RaftGroup.Start(Sys, Settings(new StateMachines()) with { StateMachineFactory = _ => new KeyValueScenarioStore() });
        await group.Client.ProposeAsync(KvCodec.Command(KvInput.Put("k", "v2"u8.ToArray()))).WaitAsync(Limit);

        var reads = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => group.Client.ReadAsync(KvCodec.Query("k"), group.MemberIds[i % 3], Limit)));

        Assert.All(reads, r => Assert.Equal("v2", Value(r)));
    }

    [Fact]
    public async Task Concurrent_clients_reading_at_every_member_while_the_leader_is_stopped_and_restarted_see_a_linearizable_history()
    {
        var group = RaftGroup.Start(Sys, Settings(new StateMachines()) with { StateMachineFactory = _ => new KeyValueScenarioStore() });
        var history = HistoryRecorder.RealTime();
        var leader = (await WaitForLeader(group.Client, "first election")).MemberId;

        var clients = Enumerable.Range(1, 4).Select(client => Task.Run(() => RunClient(group, history, client, operations: 40))).ToArray();
        await group.StopMemberAsync(leader).WaitAsync(Limit);
        await group.StartMemberAsync(leader).WaitAsync(Limit);
        await Task.WhenAll(clients).WaitAsync(TimeSpan.FromSeconds(60));

        var result = LinearizabilityChecker.AssertLinearizable(history.History());
        Output?.WriteLine(result.Describe());
        Assert.True(history.History().Count(o => o.IsKnown && o.Input.Kind == KvOperationKind.Get) >= 40, "too few reads were answered to mean anything");
    }

    [Fact]
    public async Task A_read_of_a_member_outside_the_group_is_refused_naming_the_members()
    {
        var group = RaftGroup.Start(Sys, Settings(new StateMachines()));

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => group.Client.ReadAsync([], "n9"));

        Assert.Contains("n1", refused.Message);
    }

    /// <summary>One client: puts and reads on two keys, one at a time, each recorded with its outcome.</summary>
    private static async Task RunClient(RaftGroup group, HistoryRecorder history, int client, int operations)
    {
        var random = new Random(client);
        for (var i = 0; i < operations; i++)
        {
            var key = $"k{random.Next(2)}";
            if (random.Next(2) == 0)
            {
                var input = KvInput.Put(key, System.Text.Encoding.ASCII.GetBytes($"c{client}-{i}"));
                var id = history.Invoke(client, input);
                try
                {
                    await group.Client.ProposeAsync(KvCodec.Command(input), TimeSpan.FromSeconds(5));
                    history.Return(id, KvOutput.Done);
                }
                catch (Exception ex) when (ex is ProposalFailedException or TimeoutException)
                {
                    history.Unknown(id);
                }
            }
            else
            {
                var input = KvInput.Get(key);
                var id = history.Invoke(client, input);
                try
                {
                    var read = await group.Client.ReadAsync(KvCodec.Query(key), group.MemberIds[random.Next(3)], TimeSpan.FromSeconds(5));
                    history.Return(id, KvCodec.Output(input, read.Result));
                }
                catch (TimeoutException)
                {
                    history.Discard(id);
                }
            }
        }
    }

    private static string? Value(ReadResult read) =>
        KvCodec.Output(KvInput.Get("k"), read.Result).Value is { } value ? System.Text.Encoding.ASCII.GetString(value) : null;
}
