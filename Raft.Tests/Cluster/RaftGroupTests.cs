using Akka.Actor;
using Raft.Actors.Cluster;
using Raft.Actors.Core;
using Raft.Actors.Protocol;
using Xunit.Abstractions;
using static Raft.Tests.Cluster.GroupTestKit;

namespace Raft.Tests.Cluster;

/// <summary>A three-member group of real actors in one ActorSystem, on wall-clock time: every wait has a generous limit.</summary>
public sealed class RaftGroupTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(Hocon, output)
{
    private readonly StateMachines _machines = new();

    [Fact]
    public async Task A_proposal_returns_the_state_machines_result_and_every_member_applies_it()
    {
        var group = RaftGroup.Start(Sys, Settings(_machines));

        var first = await group.Client.ProposeAsync([1, 2, 3]).WaitAsync(Limit);
        var second = await group.Client.ProposeAsync([4]).WaitAsync(Limit);

        Assert.Equal(1, RecordingStateMachine.CountOf(first.Result));
        Assert.Equal(2, RecordingStateMachine.CountOf(second.Result));
        Assert.Equal(first.Index + 1, second.Index);
        Assert.Equal(first.Term, second.Term);
        await AwaitAssertAsync(
            () =>
            {
                foreach (var member in group.MemberIds)
                {
                    Assert.Equal([[1, 2, 3], [4]], _machines.AppliedBy(member));
                }
            },
            Limit);
    }

    [Fact]
    public async Task Concurrent_proposals_are_each_applied_once_at_distinct_indexes()
    {
        var group = RaftGroup.Start(Sys, Settings(_machines));
        await group.Client.ProposeAsync([0]).WaitAsync(Limit);

        var results = await Task.WhenAll(Enumerable.Range(1, 300).Select(i => group.Client.ProposeAsync(BitConverter.GetBytes(i)))).WaitAsync(Limit);

        Assert.Equal(300, results.Select(r => r.Index).Distinct().Count());
        Assert.Equal(Enumerable.Range(2, 300).Select(i => (long)i), results.Select(r => RecordingStateMachine.CountOf(r.Result)).Order());
    }

    [Fact]
    public async Task The_client_names_the_leader_the_members_announce()
    {
        var group = RaftGroup.Start(Sys, Settings(_machines));

        var elected = await WaitForLeader(group.Client, "first election");

        Assert.Contains(elected.MemberId, group.MemberIds);
        Assert.True(elected.Term >= 1, $"leader {elected.MemberId} has term {elected.Term}");
        await AwaitAssertAsync(() => Assert.Equal(elected.MemberId, group.Client.Leader), Limit);
    }

    [Fact]
    public async Task A_leader_killed_with_a_PoisonPill_fails_the_proposal_it_accepted_at_once()
    {
        // Without CheckQuorum, so the leader left alone keeps leading until it is killed, however slow the machine.
        var settings = Settings(_machines);
        settings.Options.CheckQuorum = false;
        var group = RaftGroup.Start(Sys, settings);
        var leader = (await WaitForLeader(group.Client, "first election")).MemberId;
        await group.Client.ProposeAsync([1]).WaitAsync(Limit);
        var before = await group.Client.StatusAsync(leader);
        foreach (var follower in group.MemberIds.Where(m => m != leader))
        {
            await group.StopMemberAsync(follower);
        }

        // Alone, the leader accepts the command but cannot commit it.
        var proposal = group.Client.ProposeAsync([2]);
        await AwaitAssertAsync(async () => Assert.True((await group.Client.StatusAsync(leader)).LastLogIndex > before.LastLogIndex), Limit);
        Sys.ActorSelection(group.Actor.Path / leader).Tell(PoisonPill.Instance);

        var error = await Assert.ThrowsAsync<ProposalFailedException>(() => proposal.WaitAsync(Limit));
        Assert.Equal(ClientProtocol.ProposalFailureReason.Stopped, error.Reason);
        Assert.Contains("outcome is unknown", error.Message);
    }

    [Fact]
    public async Task After_a_PoisonPill_kills_the_leader_a_new_proposal_goes_to_the_next_leader_at_once()
    {
        var group = RaftGroup.Start(Sys, Settings(_machines));
        var first = await WaitForLeader(group.Client, "first election");
        var before = await group.Client.ProposeAsync([1]).WaitAsync(Limit);

        Sys.ActorSelection(group.Actor.Path / first.MemberId).Tell(PoisonPill.Instance);
        var after = await group.Client.ProposeAsync([2]).WaitAsync(Limit);

        Assert.True(after.Term > first.Term, $"committed in term {after.Term}, the killed leader led term {first.Term}");
        Assert.True(after.Index > before.Index, $"index after failover {after.Index}, before {before.Index}");
        Assert.NotEqual(first.MemberId, group.Client.Leader);
    }

    [Fact]
    public async Task A_member_whose_state_machine_throws_stops_and_the_proposal_it_accepted_fails_at_once()
    {
        var group = RaftGroup.Start(Sys, Settings(_machines));
        var leader = (await WaitForLeader(group.Client, "first election")).MemberId;
        _machines.Poisoned = leader;

        var error = await Assert.ThrowsAsync<ProposalFailedException>(() => group.Client.ProposeAsync(StateMachines.Poison).WaitAsync(Limit));

        Assert.Contains($"member '{leader}' stopped", error.Message);
        await AwaitAssertAsync(
            async () =>
            {
                var stopped = await Assert.ThrowsAsync<InvalidOperationException>(() => group.Client.StatusAsync(leader));
                Assert.Contains($"'{leader}'", stopped.Message);
            },
            Limit);

        // The others committed the entry (their state machines do not throw) and go on without the failed member.
        var next = await group.Client.ProposeAsync([7]).WaitAsync(Limit);
        Assert.Equal(2, RecordingStateMachine.CountOf(next.Result));
    }

    [Fact]
    public async Task A_restarted_leader_rejoins_as_follower_from_its_journal_and_catches_up()
    {
        var group = RaftGroup.Start(Sys, Settings(_machines));
        var first = await WaitForLeader(group.Client, "first election");
        for (byte i = 1; i <= 3; i++)
        {
            await group.Client.ProposeAsync([i]).WaitAsync(Limit);
        }

        await group.StopMemberAsync(first.MemberId);
        var second = await WaitForLeader(group.Client, $"election after stopping {first.MemberId}", c => c.MemberId != first.MemberId && c.Term > first.Term);
        await group.Client.ProposeAsync([4]).WaitAsync(Limit);
        await group.Client.ProposeAsync([5]).WaitAsync(Limit);
        await group.StartMemberAsync(first.MemberId);

        await WaitForRoleChange(
            group.Client,
            c => c.MemberId == first.MemberId && c.Role == RaftRole.Follower && c.LeaderId == second.MemberId,
            $"{first.MemberId} following {second.MemberId} after its restart");
        await AwaitAssertAsync(
            () => Assert.Equal([[1], [2], [3], [4], [5]], _machines.AppliedBy(first.MemberId)),
            Limit);
        var status = await group.Client.StatusAsync(first.MemberId);
        Assert.True(status.Term >= second.Term, $"{first.MemberId} restarted in term {status.Term}, behind its leader's {second.Term}");
    }

    [Fact]
    public async Task Without_a_majority_a_proposal_times_out_waiting_to_be_applied()
    {
        var group = RaftGroup.Start(Sys, Settings(_machines));
        var leader = (await WaitForLeader(group.Client, "first election")).MemberId;
        foreach (var follower in group.MemberIds.Where(m => m != leader))
        {
            await group.StopMemberAsync(follower);
        }

        var error = await Assert.ThrowsAsync<TimeoutException>(() => group.Client.ProposeAsync([1], TimeSpan.FromMilliseconds(400)));

        Assert.Contains("timed out after 400 ms waiting to be applied", error.Message);
        Assert.Contains("outcome is unknown", error.Message);
    }

    [Fact]
    public async Task The_status_of_a_stopped_member_is_refused_naming_it()
    {
        var group = RaftGroup.Start(Sys, Settings(_machines));

        await group.StopMemberAsync("n2");
        await group.StopMemberAsync("n2");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => group.Client.StatusAsync("n2"));
        Assert.Equal("Member 'n2' of group 'test' is stopped.", error.Message);
        var running = await Assert.ThrowsAsync<InvalidOperationException>(() => group.StartMemberAsync("n1"));
        Assert.Contains("'n1'", running.Message);
    }

    [Fact]
    public async Task Stopping_the_group_ends_role_watchers_and_refuses_proposals()
    {
        var group = RaftGroup.Start(Sys, Settings(_machines));
        var watching = Task.Run(async () =>
        {
            await foreach (var _ in group.Client.WatchRoleChanges())
            {
            }
        });

        await group.StopAsync();

        await watching.WaitAsync(Limit);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => group.Client.ProposeAsync([1]));
    }

    [Fact]
    public void Duplicate_member_ids_are_refused_naming_the_setting_and_the_id()
    {
        var settings = Settings(_machines) with { MemberIds = ["n1", "n2", "n1"] };

        var error = Assert.Throws<ArgumentException>(() => RaftGroup.Start(Sys, settings));

        Assert.Contains("MemberIds lists 'n1' 2 times", error.Message);
    }

    [Fact]
    public void Invalid_raft_options_are_refused_naming_the_option()
    {
        var settings = Settings(_machines) with { Options = new RaftOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(100) } };

        var error = Assert.Throws<RaftConfigurationException>(() => RaftGroup.Start(Sys, settings));

        Assert.Contains("HeartbeatInterval (100 ms) must be at most a third of ElectionTimeoutMin (150 ms)", error.Message);
    }

    [Fact]
    public void A_journal_plugin_that_is_not_configured_is_refused_naming_the_setting()
    {
        var settings = Settings(_machines) with { JournalPluginId = "akka.persistence.journal.nowhere" };

        var error = Assert.Throws<ArgumentException>(() => RaftGroup.Start(Sys, settings));

        Assert.StartsWith("JournalPluginId: 'akka.persistence.journal.nowhere' is not a configured Akka.Persistence plugin", error.Message);
    }
}
