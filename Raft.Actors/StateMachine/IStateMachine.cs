namespace Raft.Actors.StateMachine;

/// <summary>
/// The user's replicated state machine. Committed commands arrive in index order, each once, on one thread.
/// Apply must be deterministic: every peer applies the same commands and must reach the same state.
/// </summary>
public interface IStateMachine
{
    /// <summary>Applies the command committed at <paramref name="index"/> and returns its result for the proposer.</summary>
    byte[] Apply(long index, ReadOnlyMemory<byte> command);

    /// <summary>Serialises the whole state as of the last applied command.</summary>
    byte[] TakeSnapshot();

    /// <summary>Replaces the whole state with a snapshot taken by <see cref="TakeSnapshot"/> (on this peer or another).</summary>
    void Restore(ReadOnlyMemory<byte> snapshot);

    /// <summary>Answers a read-only <paramref name="query"/> from the current state; must not change it. Not supported unless overridden.</summary>
    byte[] Query(ReadOnlyMemory<byte> query) => throw new NotSupportedException($"{GetType().Name} does not answer queries: override IStateMachine.Query to serve reads.");
}
