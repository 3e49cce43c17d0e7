using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using Raft.Actors.Cluster;
using Raft.Actors.Configuration;
using Raft.Actors.Peer;
using Raft.Actors.Protocol;
using Xunit.Abstractions;
using static Raft.Tests.Cluster.GroupTestKit;

namespace Raft.Tests.Remote;

/// <summary>
/// A client whose members run in another actor system (here: test probes in a second system over Akka.Remote on
/// loopback) does not watch them, so a leader whose process died never answers. Once another member announces its
/// leadership of a later term, what the old leader holds fails at once with an unknown outcome, not at the proposal
/// timeout (a minute here, far past the limit).
/// </summary>
public sealed class SupersededLeaderTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(Remote, output: output), IAsyncLifetime
{
    private static readonly Config Remote = ConfigurationFactory.ParseString("""
        akka.loglevel = INFO
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp.hostname = 127.0.0.1
        akka.remote.dot-netty.tcp.port = 0
        """).WithFallback(RaftConfig.Default);

    private readonly ActorSystem _members = ActorSystem.Create("members", Remote);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _members.Terminate();

    [Fact]
    public async Task Proposals_held_by_a_leader_on_another_node_fail_as_soon_as_another_member_announces_a_later_term()
    {
        var group = CreateTestProbe();
        var client = new RaftGroupClient(Sys, group.Ref, "probes", ["n1", "n2"], LongProposalTimeout);
        var watch = group.ExpectMsg<RaftGroupProtocol.WatchMembers>(Limit);
        var n1 = CreateTestProbe(_members);
        var n2 = CreateTestProbe(_members);
        var dispatcher = await Join(watch.Watcher, "n1", n1);
        await Join(watch.Watcher, "n2", n2);
        n1.Send(dispatcher, new ClientProtocol.RoleChanged("n1", RaftRole.Leader, 1, "n1"));

        var accepted = client.ProposeAsync([1]);
        n1.ExpectMsg<ClientProtocol.ProposeBatch>(Limit);
        n1.Reply(new ClientProtocol.BatchAccepted(7, 1, 1));
        var unanswered = client.ProposeAsync([2]);
        n1.ExpectMsg<ClientProtocol.ProposeBatch>(Limit);

        // n1's process dies here: it never answers again. n2 wins term 2.
        n2.Send(dispatcher, new ClientProtocol.RoleChanged("n2", RaftRole.Leader, 2, "n2"));

        var lost = await Assert.ThrowsAsync<ProposalFailedException>(() => accepted.WaitAsync(Limit));
        Assert.Equal((ClientProtocol.ProposalFailureReason.LostLeadership, 7L, 1L), (lost.Reason, lost.Index, lost.Term));
        var unknown = await Assert.ThrowsAsync<ProposalFailedException>(() => unanswered.WaitAsync(Limit));
        Assert.Equal(ClientProtocol.ProposalFailureReason.LostLeadership, unknown.Reason);
        Assert.Contains("term 2", unknown.Message);

        // New proposals go to the new leader.
        _ = client.ProposeAsync([3]);
        Assert.Equal([[3]], n2.ExpectMsg<ClientProtocol.ProposeBatch>(Limit).Commands);
    }

    [Fact]
    public async Task A_leader_on_another_node_that_announces_a_later_term_itself_keeps_what_it_accepted()
    {
        var group = CreateTestProbe();
        var client = new RaftGroupClient(Sys, group.Ref, "probes", ["n1", "n2"], LongProposalTimeout);
        var watch = group.ExpectMsg<RaftGroupProtocol.WatchMembers>(Limit);
        var n1 = CreateTestProbe(_members);
        var dispatcher = await Join(watch.Watcher, "n1", n1);
        n1.Send(dispatcher, new ClientProtocol.RoleChanged("n1", RaftRole.Leader, 1, "n1"));
        var proposal = client.ProposeAsync([1]);
        n1.ExpectMsg<ClientProtocol.ProposeBatch>(Limit);
        n1.Reply(new ClientProtocol.BatchAccepted(7, 1, 1));

        n1.Send(dispatcher, new ClientProtocol.RoleChanged("n1", RaftRole.Leader, 2, "n1"));
        n1.Send(dispatcher, new ClientProtocol.ProposalApplied(7, 1, [9]));

        Assert.Equal([9], (await proposal.WaitAsync(Limit)).Result);
    }

    /// <summary>Reports the probe as a member found in its own actor system; returns the dispatcher as the probe's system sees it.</summary>
    private async Task<IActorRef> Join(IActorRef watcher, string memberId, TestProbe probe)
    {
        var address = ((ExtendedActorSystem)_members).Provider.DefaultAddress;
        var remote = await Sys.ActorSelection(probe.Ref.Path.ToStringWithAddress(address)).ResolveOne(Limit);
        Assert.False(remote.Path.Address.HasLocalScope);
        watcher.Tell(new RaftGroupProtocol.MemberUp(memberId, remote));
        return probe.ExpectMsg<PeerMessages.SubscribeTransitions>(Limit).Subscriber;
    }
}
