using Akka.Actor;
using Raft.Actors.Cluster;
using Raft.Actors.Protocol;
using Raft.Actors.StateMachine.Sessions;
using Xunit.Abstractions;
using static Raft.Tests.Cluster.GroupTestKit;

namespace Raft.Tests.Cluster;

/// <summary>
/// A group of real actors whose <c>MaxCommandBytes</c> is 1000: the client refuses a larger command before sending it,
/// the leader refuses it (appending nothing) when a client sends it anyway, and commands up to the limit commit.
/// </summary>
public sealed class CommandSizeTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(Hocon, output)
{
    private const int Limit1000 = 1000;

    private readonly StateMachines _machines = new();

    [Fact]
    public async Task The_groups_client_refuses_a_command_over_the_limit_at_once_and_commits_one_at_the_limit()
    {
        var group = Start();

        var error = Assert.Throws<ArgumentException>(() => { _ = group.Client.ProposeAsync(new byte[Limit1000 + 1]); });
        var atLimit = await group.Client.ProposeAsync(new byte[Limit1000]).WaitAsync(Limit);

        Assert.Equal(Limit1000, group.Client.MaxCommandBytes);
        Assert.Equal("The command holds 1001 bytes, more than group 'test' takes (MaxCommandBytes 1000); nothing was sent. (Parameter 'command')", error.Message);
        await AwaitAssertAsync(() => Assert.All(group.MemberIds, m => Assert.Equal([Limit1000], _machines.AppliedBy(m).Select(c => c.Length))), Limit);
        Assert.True(atLimit.Index > 0);
    }

    [Fact]
    public async Task The_leader_answers_CommandTooLarge_to_a_batch_holding_a_command_over_the_limit_and_appends_none_of_it()
    {
        var group = Start();
        await group.Client.ProposeAsync([1]).WaitAsync(Limit);
        var client = CreateTestProbe();

        // Follow NotLeader hints: on a loaded machine leadership may move between the election and the proposal.
        var refused = await RefusalFromLeader(group, client, new ClientProtocol.ProposeBatch([[2], new byte[Limit1000 + 5], [3]]));

        Assert.Equal(new ClientProtocol.CommandTooLarge(refused.MemberId, 1, Limit1000 + 5, Limit1000), refused);
        Assert.Equal($"command 1 holds 1005 bytes, more than the group's MaxCommandBytes 1000 (member '{refused.MemberId}' appended nothing)", refused.Detail);

        // Had the leader appended the batch, [2] and [3] would commit with the next command.
        await group.Client.ProposeAsync([4]).WaitAsync(Limit);
        await AwaitAssertAsync(() => Assert.All(group.MemberIds, m => Assert.Equal([[1], [4]], _machines.AppliedBy(m))), Limit);
    }

    [Fact]
    public async Task A_client_that_allows_more_than_the_group_fails_only_the_oversized_command_as_not_committed()
    {
        var group = Start();
        await WaitForLeader(group.Client, "first election");

        // A second client of the same group that believes the default limit (1 MiB).
        var wide = new RaftGroupClient(Sys, group.Actor, "test-wide", group.MemberIds, LongProposalTimeout);
        var small = Enumerable.Range(0, 20).Select(i => wide.ProposeAsync([(byte)i])).ToList();
        var big = wide.ProposeAsync(new byte[2 * Limit1000]);
        small.AddRange(Enumerable.Range(20, 20).Select(i => wide.ProposeAsync([(byte)i])));

        var error = await Assert.ThrowsAsync<ProposalFailedException>(() => big.WaitAsync(Limit));
        AssertRefusedAsTooLarge(error, 2000, 1000);
        var results = await Task.WhenAll(small).WaitAsync(Limit);
        Assert.Equal(40, results.Select(r => r.Index).Distinct().Count());
        await AwaitAssertAsync(() => Assert.All(group.MemberIds, m => Assert.Equal(40, _machines.AppliedBy(m).Count)), Limit);
        Assert.All(group.MemberIds, m => Assert.DoesNotContain(_machines.AppliedBy(m), c => c.Length > 1));
    }

    [Fact]
    public async Task A_session_refuses_a_command_whose_envelope_is_over_the_limit_naming_both_sizes()
    {
        var group = Start();
        var session = new RaftSession(group.Client, clientId: "s1");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => session.ProposeAsync(new byte[Limit1000 - 10]));

        var envelope = SessionEnvelope.Encode(new SessionStamp("s1", 1, 1), new byte[Limit1000 - 10]).Length;
        Assert.Contains($"holds 990 bytes, {envelope} in its session envelope", error.Message);
        Assert.Contains("MaxCommandBytes 1000", error.Message);
    }

    private async Task<ClientProtocol.CommandTooLarge> RefusalFromLeader(RaftGroup group, Akka.TestKit.TestProbe client, object proposal)
    {
        var target = group.Client.Leader ?? (await WaitForLeader(group.Client, "leader to propose to")).MemberId;
        var deadline = DateTime.UtcNow + Limit;
        while (true)
        {
            Sys.ActorSelection(group.Actor.Path / target).Tell(proposal, client.Ref);
            switch (client.ExpectMsg<object>(Limit))
            {
                case ClientProtocol.CommandTooLarge refused:
                    return refused;
                case ClientProtocol.NotLeader notLeader when DateTime.UtcNow < deadline:
                    target = notLeader.LeaderId ?? (await WaitForLeader(group.Client, "next leader")).MemberId;
                    break;
                case var other:
                    throw new InvalidOperationException($"member '{target}' answered {other} to a batch holding a command over the limit");
            }
        }
    }

    private RaftGroup Start()
    {
        var settings = Settings(_machines);
        settings.Options.MaxCommandBytes = Limit1000;
        return RaftGroup.Start(Sys, settings);
    }
}
