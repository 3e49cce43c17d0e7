using System.Diagnostics.CodeAnalysis;

namespace Raft.Actors.Cluster;

/// <summary>
/// The proposals in progress, earliest deadline first: a binary min-heap in which each proposal knows its slot
/// (<see cref="PendingProposal.DeadlineSlot"/>), so a proposal that finishes leaves in O(log n) the moment it
/// finishes. The queue thus holds only the proposals still in progress, whatever the proposal rate and timeout; a
/// heap that left finished proposals to fall out at their deadlines would hold rate × timeout of them.
/// Used by the dispatcher's thread only.
/// </summary>
internal sealed class DeadlineQueue
{
    private const int InitialCapacity = 64;

    private PendingProposal[] _heap = new PendingProposal[InitialCapacity];

    public int Count { get; private set; }

    public void Add(PendingProposal proposal)
    {
        if (proposal.DeadlineSlot >= 0)
        {
            throw new InvalidOperationException("The proposal is already queued.");
        }

        if (Count == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }

        Place(proposal, Count++);
        SiftUp(proposal.DeadlineSlot);
    }

    /// <summary>Takes <paramref name="proposal"/> out if it is queued; does nothing otherwise.</summary>
    public void Remove(PendingProposal proposal)
    {
        var slot = proposal.DeadlineSlot;
        if (slot < 0)
        {
            return;
        }

        proposal.DeadlineSlot = -1;
        var last = _heap[--Count];
        _heap[Count] = null!;
        if (slot < Count)
        {
            // The last proposal fills the hole; it may belong above it or below it.
            Place(last, slot);
            if (!SiftUp(slot))
            {
                SiftDown(slot);
            }
        }

        // Give back what a burst grew, so a quiet client keeps a small queue.
        if (_heap.Length > InitialCapacity && Count < _heap.Length / 4)
        {
            Array.Resize(ref _heap, _heap.Length / 2);
        }
    }

    /// <summary>The proposal with the earliest deadline, if any.</summary>
    public bool TryPeek([NotNullWhen(true)] out PendingProposal? earliest)
    {
        earliest = Count > 0 ? _heap[0] : null;
        return earliest is not null;
    }

    /// <summary>Takes out the proposal with the earliest deadline if that deadline is at or before <paramref name="now"/>.</summary>
    public bool TryTakeDue(long now, [NotNullWhen(true)] out PendingProposal? due)
    {
        if (Count == 0 || _heap[0].Deadline > now)
        {
            due = null;
            return false;
        }

        due = _heap[0];
        Remove(due);
        return true;
    }

    /// <summary>Moves the proposal at <paramref name="slot"/> up while it is due before its parent; true if it moved.</summary>
    private bool SiftUp(int slot)
    {
        var proposal = _heap[slot];
        var start = slot;
        while (slot > 0)
        {
            var parent = (slot - 1) / 2;
            if (_heap[parent].Deadline <= proposal.Deadline)
            {
                break;
            }

            Place(_heap[parent], slot);
            slot = parent;
        }

        Place(proposal, slot);
        return slot != start;
    }

    private void SiftDown(int slot)
    {
        var proposal = _heap[slot];
        while (true)
        {
            var child = (2 * slot) + 1;
            if (child >= Count)
            {
                break;
            }

            if (child + 1 < Count && _heap[child + 1].Deadline < _heap[child].Deadline)
            {
                child++;
            }

            if (proposal.Deadline <= _heap[child].Deadline)
            {
                break;
            }

            Place(_heap[child], slot);
            slot = child;
        }

        Place(proposal, slot);
    }

    private void Place(PendingProposal proposal, int slot)
    {
        _heap[slot] = proposal;
        proposal.DeadlineSlot = slot;
    }
}
