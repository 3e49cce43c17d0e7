using Raft.Actors.Core;

namespace Raft.Tests.Core;

/// <summary><see cref="ProposalWaiters{TClient}"/>: who waits on which index, handed back once each.</summary>
public sealed class ProposalWaitersTests
{
    [Fact]
    public void Take_hands_back_the_clients_of_the_range_once_and_leaves_the_rest()
    {
        var waiters = new ProposalWaiters<string>();
        waiters.Add(3, 2, "alice");
        waiters.Add(5, 1, "bob");

        var taken = waiters.Take(1, 4);

        Assert.Equal(new Dictionary<long, string> { [3] = "alice", [4] = "alice" }, taken);
        Assert.Equal(1, waiters.Count);
        Assert.Empty(waiters.Take(1, 4));
        Assert.Equal(new Dictionary<long, string> { [5] = "bob" }, waiters.Take(5, 9));
        Assert.Equal(0, waiters.Count);
    }

    [Fact]
    public void TakeAll_hands_back_every_waiting_client_and_empties()
    {
        var waiters = new ProposalWaiters<string>();
        waiters.Add(1, 2, "alice");
        waiters.Add(7, 1, "bob");

        var all = waiters.TakeAll();

        Assert.Equal([new(1, "alice"), new(2, "alice"), new(7, "bob")], all.OrderBy(w => w.Key));
        Assert.Equal(0, waiters.Count);
        Assert.Empty(waiters.TakeAll());
    }

    [Fact]
    public void A_later_client_at_the_same_index_replaces_the_earlier()
    {
        var waiters = new ProposalWaiters<string>();
        waiters.Add(4, 1, "old leader's client");

        waiters.Add(4, 1, "new client");

        Assert.Equal(new Dictionary<long, string> { [4] = "new client" }, waiters.Take(4, 4));
    }
}
