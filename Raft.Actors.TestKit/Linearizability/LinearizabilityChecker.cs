namespace Raft.Actors.TestKit.Linearizability;

/// <summary>
/// Checks a key-value history against the sequential specification (Wing and Gong's search, with Lowe's memoisation of
/// (operations linearized, state) as in Porcupine). A history is linearizable if every operation can be given a point
/// between its call and its return such that, taken in that order, each answer is what a single copy of the map would
/// have given. Keys are independent, so each key's operations are checked alone, which keeps the search small.
/// An operation of unknown outcome may take effect at any point after its call, or never.
/// </summary>
public static class LinearizabilityChecker
{
    /// <summary>Checks <paramref name="history"/>; on a violation, shrinks the offending key's operations to a minimal counterexample.</summary>
    public static LinearizabilityResult Check(IReadOnlyList<HistoryOperation> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var byKey = history.GroupBy(o => o.Input.Key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        foreach (var key in byKey)
        {
            List<HistoryOperation> operations = [.. key];
            if (!KeySearch.IsLinearizable(operations))
            {
                return new LinearizabilityResult(false, history.Count, byKey.Count, key.Key, Shrink(operations));
            }
        }

        return new LinearizabilityResult(true, history.Count, byKey.Count, null, []);
    }

    /// <summary>Throws <see cref="LinearizabilityViolationException"/> if <paramref name="history"/> is not linearizable.</summary>
    public static LinearizabilityResult AssertLinearizable(IReadOnlyList<HistoryOperation> history)
    {
        var result = Check(history);
        return result.IsLinearizable ? result : throw new LinearizabilityViolationException(result);
    }

    /// <summary>
    /// Cuts the key's operations down to a small set that still admits no order: first the shortest prefix (in call
    /// order) that fails, found by bisection; then operations are dropped one at a time until none can be, keeping every
    /// write whose effect a remaining operation saw, so the report never shows a value out of nowhere.
    /// </summary>
    private static List<HistoryOperation> Shrink(List<HistoryOperation> operations)
    {
        List<HistoryOperation> ordered = [.. operations.OrderBy(o => o.Call).ThenBy(o => o.Id)];
        int low = 1, high = ordered.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (KeySearch.IsLinearizable(ordered[..middle]))
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        var remaining = ordered[..high];
        for (var shrunk = true; shrunk;)
        {
            shrunk = false;
            for (var i = remaining.Count - 1; i >= 0; i--)
            {
                List<HistoryOperation> without = [.. remaining[..i], .. remaining[(i + 1)..]];
                if (!IsObserved(remaining[i], without) && !KeySearch.IsLinearizable(without))
                {
                    remaining = without;
                    shrunk = true;
                }
            }
        }

        return remaining;
    }

    /// <summary>
    /// Whether a remaining operation saw what <paramref name="write"/> did: a get read its value, a successful
    /// compare-and-set expected it, a delete removed a value; for a delete, a get found the key absent or a successful
    /// compare-and-set expected it absent.
    /// </summary>
    private static bool IsObserved(HistoryOperation write, List<HistoryOperation> others)
    {
        if (write.Input.Kind == KvOperationKind.Get)
        {
            return false;
        }

        var written = write.Input.Value;
        return others.Any(o => o.Output is { } output && o.Input.Kind switch
        {
            KvOperationKind.Get => KvModel.Same(output.Value, written),
            KvOperationKind.CompareAndSet => output.Succeeded && KvModel.Same(o.Input.Expected, written),
            KvOperationKind.Delete => output.Succeeded && written is not null,
            _ => false,
        });
    }
}
