using Akka.Actor;
using Akka.TestKit;
using Raft.Actors.Cluster;
using Raft.Actors.Peer;
using Raft.Actors.Protocol;
using Raft.Actors.Remote;
using Xunit.Abstractions;
using static Raft.Tests.Cluster.GroupTestKit;

namespace Raft.Tests.Remote;

/// <summary>
/// The client's dispatcher given Akka.Cluster reachability hints (<see cref="MemberReachability"/>), its members
/// played by test probes: no batch goes to a leader the failure detector lost, until it is reachable again or a
/// leader announces itself. The proposal timeout is a minute, so a batch that arrives within the limit was not retried.
/// </summary>
public sealed class ReachabilityHintTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(Hocon, output)
{
    private IActorRef _dispatcher = ActorRefs.Nobody;

    [Fact]
    public void A_proposal_made_while_the_leader_is_unreachable_goes_to_the_next_leader_announced_and_never_to_the_lost_one()
    {
        var (client, n1, n2) = Connect();
        Announce(n1, "n1", RaftRole.Leader, term: 1, leader: "n1");
        Announce(n2, "n2", RaftRole.Follower, term: 1, leader: "n1");

        _dispatcher.Tell(new MemberReachability("n1", Reachable: false));
        _ = client.ProposeAsync([42]);
        Announce(n2, "n2", RaftRole.Leader, term: 2, leader: "n2");

        Assert.Equal([[42]], n2.ExpectMsg<ClientProtocol.ProposeBatch>(Limit).Commands);

        // The dispatcher handles its mailbox in order: a batch for n1 would have been sent before n2's.
        Assert.False(n1.HasMessages, "the unreachable leader n1 was sent a batch");
    }

    [Fact]
    public void Proposals_held_back_from_an_unreachable_leader_go_to_it_once_it_is_reachable_again()
    {
        var (client, n1, _) = Connect();
        Announce(n1, "n1", RaftRole.Leader, term: 1, leader: "n1");

        _dispatcher.Tell(new MemberReachability("n1", Reachable: false));
        _ = client.ProposeAsync([42]);
        n1.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        _dispatcher.Tell(new MemberReachability("n1", Reachable: true));
        Assert.Equal([[42]], n1.ExpectMsg<ClientProtocol.ProposeBatch>(Limit).Commands);
    }

    [Fact]
    public void A_member_reported_unreachable_that_announces_its_leadership_again_is_sent_the_held_proposals()
    {
        var (client, n1, _) = Connect();
        Announce(n1, "n1", RaftRole.Leader, term: 1, leader: "n1");
        _dispatcher.Tell(new MemberReachability("n1", Reachable: false));
        _ = client.ProposeAsync([42]);

        Announce(n1, "n1", RaftRole.Leader, term: 2, leader: "n1");

        Assert.Equal([[42]], n1.ExpectMsg<ClientProtocol.ProposeBatch>(Limit).Commands);
    }

    private (RaftGroupClient Client, TestProbe N1, TestProbe N2) Connect()
    {
        var group = CreateTestProbe();
        var client = new RaftGroupClient(Sys, group.Ref, "probes", ["n1", "n2"], LongProposalTimeout);
        var watch = group.ExpectMsg<RaftGroupProtocol.WatchMembers>(Limit);
        var n1 = CreateTestProbe();
        var n2 = CreateTestProbe();
        watch.Watcher.Tell(new RaftGroupProtocol.MemberUp("n1", n1.Ref));
        watch.Watcher.Tell(new RaftGroupProtocol.MemberUp("n2", n2.Ref));
        n1.ExpectMsg<PeerMessages.SubscribeTransitions>(Limit);
        n2.ExpectMsg<PeerMessages.SubscribeTransitions>(Limit);
        _dispatcher = watch.Watcher;
        return (client, n1, n2);
    }

    private void Announce(TestProbe member, string memberId, RaftRole role, long term, string? leader) =>
        member.Send(_dispatcher, new ClientProtocol.RoleChanged(memberId, role, term, leader));
}
