namespace Raft.Actors.TestKit.Linearizability;

/// <summary>
/// One client operation in a history: invoked at <see cref="Call"/>, answered at <see cref="Return"/> with
/// <see cref="Output"/>. When the outcome is unknown (a timeout, a lost leader) <see cref="Return"/> and
/// <see cref="Output"/> are null: the operation may have taken effect at any time after its call, or never.
/// </summary>
public sealed record HistoryOperation(long Id, int ClientId, KvInput Input, TimeSpan Call, TimeSpan? Return, KvOutput? Output)
{
    public bool IsKnown => Output is not null;

    public override string ToString()
    {
        var answered = Return is { } at ? $"{at.TotalMilliseconds:F3} ms" : "never";
        var output = Output is null ? "unknown outcome"
            : Input.Kind switch
            {
                KvOperationKind.Get => KvText.Bytes(Output.Value),
                KvOperationKind.CompareAndSet => Output.Succeeded ? "set" : "not set",
                KvOperationKind.Delete => Output.Succeeded ? "removed" : "was absent",
                _ => "ok",
            };
        return $"client {ClientId}: {Input} [{Call.TotalMilliseconds:F3} ms .. {answered}] -> {output}";
    }
}
