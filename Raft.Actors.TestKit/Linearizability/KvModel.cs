namespace Raft.Actors.TestKit.Linearizability;

/// <summary>The sequential specification of one key: what each operation does to its value and may return.</summary>
internal static class KvModel
{
    /// <summary>
    /// Applies <paramref name="operation"/> to <paramref name="value"/>: false if its known output is impossible there;
    /// otherwise <paramref name="next"/> is the value after it. An operation of unknown outcome accepts any output.
    /// </summary>
    public static bool Step(byte[]? value, HistoryOperation operation, out byte[]? next)
    {
        var input = operation.Input;
        var output = operation.Output;
        switch (input.Kind)
        {
            case KvOperationKind.Put:
                next = input.Value;
                return true;
            case KvOperationKind.Get:
                next = value;
                return output is null || Same(value, output.Value);
            case KvOperationKind.Delete:
                next = null;
                return output is null || output.Succeeded == value is not null;
            default:
                var matches = Same(value, input.Expected);
                next = matches ? input.Value : value;
                return output is null || output.Succeeded == matches;
        }
    }

    public static bool Same(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);
}
