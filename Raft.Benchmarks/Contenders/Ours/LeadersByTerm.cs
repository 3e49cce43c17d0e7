using System.Collections.Concurrent;
using Raft.Actors.Core;
using Raft.Actors.Protocol;

namespace Raft.Benchmarks.Contenders.Ours;

/// <summary>Who led each term, as the members report it: the leader of a commit is the leader of its term (§5.2: at most one).</summary>
internal sealed class LeadersByTerm : IRaftObserver
{
    private readonly ConcurrentDictionary<long, string> _byTerm = new();

    public string? Of(long term) => _byTerm.TryGetValue(term, out var leader) ? leader : null;

    public void OnRoleChanged(string memberId, RaftRole role, long term)
    {
        if (role == RaftRole.Leader)
        {
            _byTerm[term] = memberId;
        }
    }

    public void OnCommitted(string memberId, long commitIndex)
    {
    }

    public void OnApplied(string memberId, LogEntry entry)
    {
    }

    public void OnRestored(string memberId, long index, long term)
    {
    }
}
