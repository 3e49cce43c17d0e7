using Raft.Actors.StateMachine;
using Raft.Actors.TestKit;

namespace Raft.Tests.Peer;

/// <summary>A <see cref="ChecksumStateMachine"/> that throws on applying the command at one index, or on restoring any snapshot.</summary>
internal sealed class FailingStateMachine(long failApplyingAt = long.MaxValue, bool failRestoring = false) : IStateMachine
{
    private readonly ChecksumStateMachine _inner = new();

    public byte[] Apply(long index, ReadOnlyMemory<byte> command) =>
        index == failApplyingAt ? throw new IOException("disk full") : _inner.Apply(index, command);

    public byte[] TakeSnapshot() => _inner.TakeSnapshot();

    public void Restore(ReadOnlyMemory<byte> snapshot)
    {
        if (failRestoring)
        {
            throw new IOException("disk full");
        }

        _inner.Restore(snapshot);
    }
}
