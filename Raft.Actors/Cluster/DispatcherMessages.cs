namespace Raft.Actors.Cluster;

/// <summary>What the <see cref="ProposalDispatcher"/> handles besides the members' answers.</summary>
internal static class DispatcherMessages
{
    public sealed record Submit(PendingProposal Proposal);

    public sealed record Cancel(PendingProposal Proposal, CancellationToken Token);

    /// <summary>Sent to itself behind the submissions already queued, so they all go out in one batch.</summary>
    public sealed class Flush
    {
        public static readonly Flush Instance = new();

        private Flush()
        {
        }
    }

    /// <summary>The earliest deadline of a proposal in progress has come.</summary>
    public sealed class DeadlineReached
    {
        public static readonly DeadlineReached Instance = new();

        private DeadlineReached()
        {
        }
    }
}
