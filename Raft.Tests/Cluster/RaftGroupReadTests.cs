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
    public async Task A_read_of_a_member_outside_the_group_is_refused_naming_the_members()
    {
        var group = RaftGroup.Start(Sys, Settings(new StateMachines()));

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => group.Client.ReadAsync([], "n9"));

        Assert.Contains("n1", refused.Message);
    }

    private static string? Value(ReadResult read) =>
        KvCodec.Output(KvInput.Get("k"), read.Result).Value is { } value ? System.Text.Encoding.ASCII.GetString(value) : null;
}
