using Raft.Actors.Cluster;
using Raft.Actors.Protocol;
using Xunit.Abstractions;
using static Raft.Tests.Cluster.GroupTestKit;

namespace Raft.Tests.Cluster;

/// <summary>Leadership transfer through the group client, on a real group in one ActorSystem.</summary>
public sealed class LeadershipTransferTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(Hocon, output)
{
    private readonly StateMachines _machines = new();

    [Fact]
    public async Task TransferLeadershipAsync_moves_leadership_to_the_target_and_proposals_follow_it()
    {
        var group = RaftGroup.Start(Sys, Settings(_machines));
        await group.Client.ProposeAsync([1]).WaitAsync(Limit);
        var leader = (await WaitForLeader(group.Client, "first election")).MemberId;
        var target = group.MemberIds.First(m => m != leader);

        var result = await group.Client.TransferLeadershipAsync(target).WaitAsync(Limit);

        Assert.Equal((ClientProtocol.LeadershipTransferOutcome.Transferred, target), (result.Outcome, result.LeaderId));
        await WaitForLeader(group.Client, "after the transfer", c => c.MemberId == target && c.Term == result.Term);
        var after = await group.Client.ProposeAsync([2]).WaitAsync(Limit);
        Assert.Equal(result.Term, after.Term);
    }

    [Fact]
    public async Task A_transfer_to_a_stranger_is_refused_before_anything_is_sent_and_one_to_the_leader_itself_fails_with_the_reason()
    {
        var group = RaftGroup.Start(Sys, Settings(_machines));
        var leader = (await WaitForLeader(group.Client, "first election")).MemberId;

        Assert.Throws<ArgumentException>(() => group.Client.TransferLeadershipAsync("n9").GetAwaiter().GetResult());
        var refused = await Assert.ThrowsAsync<LeadershipTransferException>(() => group.Client.TransferLeadershipAsync(leader).WaitAsync(Limit));
        Assert.Equal(ClientProtocol.LeadershipTransferOutcome.InvalidTarget, refused.Result.Outcome);
    }
}
