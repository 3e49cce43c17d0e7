namespace Raft.Actors.TestKit.Linearizability;

/// <summary>A recorded history is not linearizable; the message lists the smallest offending operations of one key.</summary>
public sealed class LinearizabilityViolationException(LinearizabilityResult result) : Exception(result.Describe())
{
    public LinearizabilityResult Result { get; } = result;
}
