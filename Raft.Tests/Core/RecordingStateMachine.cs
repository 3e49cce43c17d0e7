using Raft.Actors.StateMachine;

namespace Raft.Tests.Core;

/// <summary>Records what it is asked to do; answers each command with the index's low byte; its snapshot lists the indexes applied; throws where told.</summary>
internal sealed class RecordingStateMachine : IStateMachine
{
    public List<long> Applied { get; } = [];

    public List<byte[]> Restored { get; } = [];

    /// <summary>Apply throws at this index; -1 makes Restore and TakeSnapshot throw.</summary>
    public long FailAt { get; init; }

    public byte[] Apply(long index, ReadOnlyMemory<byte> command)
    {
        if (index == FailAt)
        {
            throw new FormatException($"boom at {index}");
        }

        Applied.Add(index);
        return [(byte)index];
    }

    public byte[] TakeSnapshot() => FailAt == -1 ? throw new FormatException("boom at -1") : [.. Applied.Select(i => (byte)i)];

    public void Restore(ReadOnlyMemory<byte> snapshot)
    {
        if (FailAt == -1)
        {
            throw new FormatException("boom at -1");
        }

        Restored.Add(snapshot.ToArray());
    }
}
