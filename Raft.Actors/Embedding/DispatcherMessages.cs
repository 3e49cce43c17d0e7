using Raft.Actors.Actors;

namespace Raft.Actors.Embedding;

/// <summary>What the <see cref="ProposalDispatcher"/> handles.</summary>
internal static class DispatcherMessages
{
    public sealed record Submit(PendingProposal Proposal);

    public sealed record Cancel(PendingProposal Proposal);

    /// <summary>A member's answer to one batch.</summary>
    public sealed record BatchReply(ProposalBatch Batch, object Message);

    public sealed class Tick
    {
        public static readonly Tick Instance = new();
    }

    /// <summary>The sender of one batch's ProposeBatch: it tags every answer with the batch it belongs to.</summary>
    public sealed class BatchRoute(IActorRef dispatcher, ProposalBatch batch) : IActorRef
    {
        public string Path => $"{dispatcher.Path}/batch";

        public void Tell(object message, IActorRef? sender = null) => dispatcher.Tell(new BatchReply(batch, message), sender);
    }
}
