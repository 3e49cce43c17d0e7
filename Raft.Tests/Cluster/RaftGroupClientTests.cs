using Akka.Actor;
using Akka.TestKit;
using Raft.Actors.Cluster;
using Raft.Actors.Peer;
using Raft.Actors.Protocol;
using Xunit.Abstractions;
using static Raft.Tests.Cluster.GroupTestKit;

namespace Raft.Tests.Cluster;

/// <summary>
/// The client's dispatcher against members played by test probes: what it sends, when, and what its callers see.
/// The proposal timeout is a minute, so anything that ends within the test's limit was not ended by a timeout.
/// </summary>
public sealed class RaftGroupClientTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(Hocon, output)
{
    private IActorRef _dispatcher = ActorRefs.Nobody;

    [Fact]
    public async Task Proposals_made_while_no_leader_is_known_go_to_the_first_leader_in_one_batch()
    {
        var (client, n1, _) = Connect();
        var proposals = Enumerable.Range(0, 100).Select(i => client.ProposeAsync([(byte)i])).ToArray();

        Announce(n1, "n1", RaftRole.Leader, term: 1, leader: "n1");

        var batch = n1.ExpectMsg<ClientProtocol.ProposeBatch>(Limit);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => new[] { (byte)i }), batch.Commands);
        n1.Reply(new ClientProtocol.BatchAccepted(5, 1, 100));

        // Results come from the leader's applier, another actor, in one message per proposer.
        CreateTestProbe().Send(_dispatcher, new ClientProtocol.ProposalsApplied([.. Enumerable.Range(0, 100).Select(i => new ClientProtocol.ProposalApplied(5 + i, 1, [(byte)(i + 1)]))]));
        var results = await Task.WhenAll(proposals).WaitAsync(Limit);
        Assert.Equal(Enumerable.Range(5, 100).Select(i => (long)i), results.Select(r => r.Index));
        Assert.All(results, r => Assert.Equal(1, r.Term));
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (byte)i), results.Select(r => r.Result[0]));
    }

    [Fact]
    public void More_proposals_than_a_batch_holds_go_in_batches_of_at_most_MaxBatch()
    {
        var (client, n1, _) = Connect();
        var count = ProposalDispatcher.MaxBatch + 10;
        for (var i = 0; i < count; i++)
        {
            _ = client.ProposeAsync(BitConverter.GetBytes(i));
        }

        Announce(n1, "n1", RaftRole.Leader, term: 1, leader: "n1");

        Assert.Equal(ProposalDispatcher.MaxBatch, n1.ExpectMsg<ClientProtocol.ProposeBatch>(Limit).Commands.Length);
        Assert.Equal(10, n1.ExpectMsg<ClientProtocol.ProposeBatch>(Limit).Commands.Length);
    }

    [Fact]
    public void More_command_bytes_than_a_batch_holds_go_in_batches_of_at_most_MaxBatchBytes()
    {
        var (client, n1, _) = Connect();
        const int count = 1200;
        for (var i = 0; i < count; i++)
        {
            _ = client.ProposeAsync(new byte[2000]);
        }

        Announce(n1, "n1", RaftRole.Leader, term: 1, leader: "n1");

        // 2,400,000 bytes of commands in 1 MiB batches, each command counted with its length prefix.
        var perBatch = ProposalDispatcher.DefaultMaxBatchBytes / (2000 + ProposalBatch.CommandOverheadBytes);
        var sizes = Enumerable.Range(0, 3).Select(_ => n1.ExpectMsg<ClientProtocol.ProposeBatch>(Limit).Commands.Length).ToList();
        Assert.Equal([perBatch, perBatch, count - (2 * perBatch)], sizes);
    }

    [Fact]
    public void A_command_larger_than_a_batch_holds_still_goes_alone()
    {
        var (client, n1, _) = Connect();
        _ = client.ProposeAsync([1]);
        _ = client.ProposeAsync(new byte[ProposalDispatcher.DefaultMaxBatchBytes]);
        _ = client.ProposeAsync([3]);

        Announce(n1, "n1", RaftRole.Leader, term: 1, leader: "n1");

        Assert.Equal([1], n1.ExpectMsg<ClientProtocol.ProposeBatch>(Limit).Commands.Select(c => c.Length));
        Assert.Equal([ProposalDispatcher.DefaultMaxBatchBytes], n1.ExpectMsg<ClientProtocol.ProposeBatch>(Limit).Commands.Select(c => c.Length));
        Assert.Equal([1], n1.ExpectMsg<ClientProtocol.ProposeBatch>(Limit).Commands.Select(c => c.Length));
    }

    [Fact]
    public void A_command_over_the_clients_limit_is_refused_at_once_naming_its_size_and_the_limit_and_nothing_is_sent()
    {
        var (client, n1, _) = Connect();
        Announce(n1, "n1", RaftRole.Leader, term: 1, leader: "n1");

        var error = Assert.Throws<ArgumentException>(() => { _ = client.ProposeAsync(new byte[client.MaxCommandBytes + 1]); });

        Assert.Equal(1 << 20, client.MaxCommandBytes);
        Assert.Contains($"holds {(1 << 20) + 1} bytes", error.Message);
        Assert.Contains("MaxCommandBytes 1048576", error.Message);
        n1.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task A_batch_the_leader_refuses_as_too_large_fails_only_the_commands_over_its_limit_as_not_committed_and_sends_the_others_again()
    {
        var (client, n1, _) = Connect();
        var small = client.ProposeAsync([1]);
        var big = client.ProposeAsync(new byte[2000]);
        var other = client.ProposeAsync([3]);
        Announce(n1, "n1", RaftRole.Leader, term: 1, leader: "n1");
        Assert.Equal(3, n1.ExpectMsg<ClientProtocol.ProposeBatch>(Limit).Commands.Length);

        // The group's limit (1000) is below the client's: the leader appended none of the batch.
        n1.Reply(new ClientProtocol.CommandTooLarge("n1", 1, 2000, 1000));

        var error = await Assert.ThrowsAsync<ProposalFailedException>(() => big.WaitAsync(Limit));
        AssertRefusedAsTooLarge(error, 2000, 1000);
        var again = n1.ExpectMsg<ClientProtocol.ProposeBatch>(Limit);
        Assert.Equal([[1], [3]], again.Commands);
        n1.Reply(new ClientProtocol.BatchAccepted(7, 1, 2));
        CreateTestProbe().Send(_dispatcher, new ClientProtocol.ProposalsApplied([new(7, 1, [1]), new(8, 1, [3])]));
        Assert.Equal([7L, 8L], (await Task.WhenAll(small, other).WaitAsync(Limit)).Select(r => r.Index));
    }

    [Fact]
    public void Proposals_made_while_two_batches_are_unanswered_go_out_together_once_one_is_answered()
    {
        var (client, n1, _) = Connect();
        Announce(n1, "n1", RaftRole.Leader, term: 1, leader: "n1");
        _ = client.ProposeAsync([1]);
        Assert.Equal([[1]], n1.ExpectMsg<ClientProtocol.ProposeBatch>(Limit).Commands);
        _ = client.ProposeAsync([2]);
        Assert.Equal([[2]], n1.ExpectMsg<ClientProtocol.ProposeBatch>(Limit).Commands);

        // Both unanswered: these wait, and the answer to the first releases them as one batch.
        _ = client.ProposeAsync([3]);
        _ = client.ProposeAsync([4]);
        _ = client.ProposeAsync([5]);
        n1.Reply(new ClientProtocol.BatchAccepted(1, 1, 1));

        Assert.Equal([[3], [4], [5]], n1.ExpectMsg<ClientProtocol.ProposeBatch>(Limit).Commands);
    }

    [Fact]
    public async Task A_batch_sent_to_a_member_that_stops_before_answering_goes_to_the_next_leader()
    {
        var (client, n1, n2) = Connect();
        Announce(n1, "n1", RaftRole.Leader, term: 1, leader: "n1");
        Announce(n2, "n2", RaftRole.Follower, term: 1, leader: "n1");
        var proposal = client.ProposeAsync([42]);
        n1.ExpectMsg<ClientProtocol.ProposeBatch>(Limit);

        Sys.Stop(n1.Ref);
        Announce(n2, "n2", RaftRole.Leader, term: 2, leader: "n2");

        var resent = n2.ExpectMsg<ClientProtocol.ProposeBatch>(Limit);
        Assert.Equal([[42]], resent.Commands);
        n2.Reply(new ClientProtocol.BatchAccepted(3, 2, 1));
        n2.Reply(new ClientProtocol.ProposalApplied(3, 2, [9]));
        var applied = await proposal.WaitAsync(Limit);
        Assert.Equal((3, 2, (byte)9), (applied.Index, applied.Term, applied.Result[0]));
    }

    [Fact]
    public async Task A_batch_accepted_by_a_member_that_stops_fails_at_once_with_an_unknown_outcome()
    {
        var (client, n1, n2) = Connect();
        Announce(n1, "n1", RaftRole.Leader, term: 1, leader: "n1");
        var proposal = client.ProposeAsync([42]);
        n1.ExpectMsg<ClientProtocol.ProposeBatch>(Limit);
        n1.Reply(new ClientProtocol.BatchAccepted(7, 1, 1));

        Sys.Stop(n1.Ref);

        var error = await Assert.ThrowsAsync<ProposalFailedException>(() => proposal.WaitAsync(Limit));
        Assert.Equal((7, 1), (error.Index, error.Term));
        Assert.Equal(ClientProtocol.ProposalFailureReason.Stopped, error.Reason);
        Assert.Contains("member 'n1' stopped before it applied the entry", error.Message);
        Assert.Contains("outcome is unknown", error.Message);

        // An accepted batch is never proposed again, even to the next leader.
        Announce(n2, "n2", RaftRole.Leader, term: 2, leader: "n2");
        _ = client.ProposeAsync([43]);
        Assert.Equal([[43]], n2.ExpectMsg<ClientProtocol.ProposeBatch>(Limit).Commands);
    }

    [Fact]
    public async Task A_NotLeader_answer_sends_the_batch_to_the_leader_it_names()
    {
        var (client, n1, n2) = Connect();
        Announce(n1, "n1", RaftRole.Leader, term: 1, leader: "n1");
        var proposal = client.ProposeAsync([42]);
        n1.ExpectMsg<ClientProtocol.ProposeBatch>(Limit);

        n1.Reply(new ClientProtocol.NotLeader("n1", "n2"));

        Assert.Equal([[42]], n2.ExpectMsg<ClientProtocol.ProposeBatch>(Limit).Commands);
        n2.Reply(new ClientProtocol.BatchAccepted(4, 2, 1));
        n2.Reply(new ClientProtocol.ProposalFailed(4, 2, ClientProtocol.ProposalFailureReason.LostLeadership, "member 'n2' stopped leading term 2"));
        var error = await Assert.ThrowsAsync<ProposalFailedException>(() => proposal.WaitAsync(Limit));
        Assert.Equal(ClientProtocol.ProposalFailureReason.LostLeadership, error.Reason);
        Assert.Equal((4, 2), (error.Index, error.Term));
    }

    [Fact]
    public void Announcements_from_an_earlier_incarnation_of_a_member_are_ignored()
    {
        var (client, n1, _) = Connect();
        var earlier = CreateTestProbe();

        earlier.Send(_dispatcher, new ClientProtocol.RoleChanged("n1", RaftRole.Leader, 1, "n1"));
        _ = client.ProposeAsync([1]);
        Announce(n1, "n1", RaftRole.Leader, term: 2, leader: "n1");

        Assert.Equal([[1]], n1.ExpectMsg<ClientProtocol.ProposeBatch>(Limit).Commands);
        Assert.Equal("n1", client.Leader);
    }

    [Fact]
    public async Task A_proposal_no_leader_accepts_times_out_naming_the_phase()
    {
        var (client, _, _) = Connect();

        var error = await Assert.ThrowsAsync<TimeoutException>(() => client.ProposeAsync([1], TimeSpan.FromMilliseconds(300)));

        Assert.Equal("The proposal to group 'probes' timed out after 300 ms waiting for a leader to accept it.", error.Message);
    }

    [Fact]
    public async Task A_cancelled_proposal_ends_cancelled()
    {
        var (client, _, _) = Connect();
        using var cancel = new CancellationTokenSource();
        var proposal = client.ProposeAsync([1], cancellationToken: cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => proposal.WaitAsync(Limit));
    }

    /// <summary>A client whose group is a probe, told that members n1 and n2 run as probes; each has been asked for its role changes.</summary>
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

    /// <summary>The member (a probe) tells the client its role, as a peer does to its subscribers.</summary>
    private void Announce(TestProbe member, string memberId, RaftRole role, long term, string? leader) =>
        member.Send(_dispatcher, new ClientProtocol.RoleChanged(memberId, role, term, leader));
}
