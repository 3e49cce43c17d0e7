namespace Raft.Actors.Persistence;

/// <summary>Between a peer and its journal actor.</summary>
public static class JournalProtocol
{
    /// <summary>Make these operations durable; answered with <see cref="Written"/> once they are.</summary>
    public sealed record Write(long Sequence, IReadOnlyList<JournalOperation> Operations);

    /// <summary>Every write up to and including <see cref="Sequence"/> is durable.</summary>
    public sealed record Written(long Sequence);

    /// <summary>The journal could not write; nothing after the last <see cref="Written"/> is durable.</summary>
    public sealed record WriteFailed(long Sequence, Exception Error);
}
