namespace Raft.Actors.TestKit.Linearizability;

/// <summary>
/// The outcome of <see cref="LinearizabilityChecker.Check"/>. When the history is not linearizable, <see cref="Key"/>
/// names the key whose operations admit no sequential order and <see cref="Counterexample"/> is a smallest set of them
/// that still admits none: removing any one of them makes the rest linearizable.
/// </summary>
public sealed record LinearizabilityResult(bool IsLinearizable, int Operations, int Keys, string? Key, IReadOnlyList<HistoryOperation> Counterexample)
{
    /// <summary>A report for a failing test: the key and the offending operations, in call order.</summary>
    public string Describe() => IsLinearizable
        ? $"linearizable: {Operations} operations on {Keys} keys"
        : $"not linearizable: no sequential order of these {Counterexample.Count} operations on key '{Key}' explains what the clients saw "
          + $"(removing any one of them makes the rest linearizable; {Operations} operations on {Keys} keys in all):\n  "
          + string.Join("\n  ", Counterexample.OrderBy(o => o.Call).ThenBy(o => o.Id));
}
