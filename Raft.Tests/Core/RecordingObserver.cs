using Raft.Actors.Core;
using Raft.Actors.Protocol;

namespace Raft.Tests.Core;

/// <summary>Records what the observer hooks report.</summary>
internal sealed class RecordingObserver : IRaftObserver
{
    public List<long> Applied { get; } = [];

    public List<string> Restored { get; } = [];

    public void OnApplied(string memberId, LogEntry entry) => Applied.Add(entry.Index);

    public void OnRestored(string memberId, long index, long term) => Restored.Add($"{index}@{term}");

    public void OnRoleChanged(string memberId, RaftRole role, long term)
    {
    }

    public void OnCommitted(string memberId, long commitIndex)
    {
    }
}
