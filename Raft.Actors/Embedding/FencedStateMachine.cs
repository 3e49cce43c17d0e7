using Raft.Actors.StateMachine;

namespace Raft.Actors.Embedding;

/// <summary>
/// One incarnation's state machine, closed when the incarnation stops so that once <see cref="EmbeddedRaftGroup.Stop"/>
/// or <see cref="EmbeddedRaftGroup.DisposeAsync"/> returns, its applier (which stops asynchronously) never calls it again.
/// </summary>
internal sealed class FencedStateMachine(IStateMachine stateMachine, string memberId, int incarnation) : IStateMachine
{
    private readonly object _gate = new();
    private bool _closed;

    public byte[] Apply(long index, ReadOnlyMemory<byte> command)
    {
        lock (_gate)
        {
            ThrowIfClosed();
            return stateMachine.Apply(index, command);
        }
    }

    public byte[] TakeSnapshot()
    {
        lock (_gate)
        {
            ThrowIfClosed();
            return stateMachine.TakeSnapshot();
        }
    }

    public void Restore(ReadOnlyMemory<byte> snapshot)
    {
        lock (_gate)
        {
            ThrowIfClosed();
            stateMachine.Restore(snapshot);
        }
    }

    /// <summary>Returns once no call is in progress; every later call throws.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
        }
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new IncarnationStoppedException(memberId, incarnation, "state machine");
        }
    }
}
