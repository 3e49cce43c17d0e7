namespace Raft.Actors.Core;

/// <summary>
/// The clients waiting on a leader's accepted proposals, by log index, until their entries are handed to the state
/// machine or leadership is lost. <typeparamref name="TClient"/> is whatever the host answers (an actor reference).
/// </summary>
public sealed class ProposalWaiters<TClient>
    where TClient : notnull
{
    private static readonly Dictionary<long, TClient> None = [];
    private readonly Dictionary<long, TClient> _waiters = [];

    public int Count => _waiters.Count;

    /// <summary>The client of entries <paramref name="firstIndex"/> .. firstIndex + count - 1.</summary>
    public void Add(long firstIndex, int count, TClient client)
    {
        for (var i = 0; i < count; i++)
        {
            _waiters[firstIndex + i] = client;
        }
    }

    /// <summary>The clients of entries <paramref name="fromIndex"/> .. <paramref name="throughIndex"/>, removed; walks only that range.</summary>
    public IReadOnlyDictionary<long, TClient> Take(long fromIndex, long throughIndex)
    {
        if (_waiters.Count == 0)
        {
            return None;
        }

        // Sized up front: grown from empty, it allocated two to three times its final size on every commit.
        var taken = new Dictionary<long, TClient>((int)Math.Min(_waiters.Count, throughIndex - fromIndex + 1));
        for (var index = fromIndex; index <= throughIndex; index++)
        {
            if (_waiters.Remove(index, out var client))
            {
                taken[index] = client;
            }
        }

        return taken;
    }

    /// <summary>Every waiting client, removed (leadership was lost, or the member is stopping).</summary>
    public List<KeyValuePair<long, TClient>> TakeAll()
    {
        var all = _waiters.ToList();
        _waiters.Clear();
        return all;
    }
}
