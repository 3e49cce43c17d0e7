using Raft.Actors.Cluster;

namespace Raft.Tests.Cluster;

/// <summary>The dispatcher's deadline queue: earliest deadline first, and a finished proposal leaves it at once.</summary>
public sealed class DeadlineQueueTests
{
    [Fact]
    public void Due_proposals_come_out_earliest_deadline_first_and_only_once_due()
    {
        var queue = new DeadlineQueue();
        var deadlines = new long[] { 50, 10, 40, 10, 30, 20 };
        foreach (var deadline in deadlines)
        {
            queue.Add(Proposal(deadline));
        }

        Assert.False(queue.TryTakeDue(9, out _));
        var taken = new List<long>();
        while (queue.TryTakeDue(35, out var due))
        {
            taken.Add(due.Deadline);
            Assert.Equal(-1, due.DeadlineSlot);
        }

        Assert.Equal([10, 10, 20, 30], taken);
        Assert.Equal(2, queue.Count);
    }

    [Fact]
    public void Removed_proposals_leave_at_once_and_the_rest_keep_their_order()
    {
        var random = new Random(1234);
        var queue = new DeadlineQueue();
        var proposals = Enumerable.Range(0, 5000).Select(_ => Proposal(random.Next(1_000))).ToList();
        proposals.ForEach(queue.Add);

        var removed = proposals.Where((_, i) => i % 3 != 0).ToList();
        foreach (var proposal in removed.OrderBy(_ => random.Next()))
        {
            queue.Remove(proposal);
        }

        var kept = proposals.Where((_, i) => i % 3 == 0).ToList();
        Assert.Equal(kept.Count, queue.Count);
        Assert.All(removed, p => Assert.Equal(-1, p.DeadlineSlot));
        var order = new List<PendingProposal>();
        while (queue.TryTakeDue(long.MaxValue, out var due))
        {
            order.Add(due);
        }

        Assert.Equal(kept.Select(p => p.Deadline).Order(), order.Select(p => p.Deadline));
        Assert.Equal(kept.ToHashSet(), order.ToHashSet());
    }

    [Fact]
    public void Removing_a_proposal_that_is_not_queued_changes_nothing()
    {
        var queue = new DeadlineQueue();
        var queued = Proposal(5);
        var taken = Proposal(1);
        queue.Add(queued);
        queue.Add(taken);
        Assert.True(queue.TryTakeDue(1, out var due));
        Assert.Same(taken, due);

        queue.Remove(taken);
        queue.Remove(Proposal(3));

        Assert.Equal(1, queue.Count);
        Assert.True(queue.TryPeek(out var earliest));
        Assert.Same(queued, earliest);
    }

    private static PendingProposal Proposal(long deadline) => new([], TimeSpan.FromSeconds(1), deadline);
}
