using Raft.Actors.Messages;

namespace Raft.Actors.Embedding;

/// <summary>Proposing commands: handed to the group's <see cref="ProposalDispatcher"/>, which batches concurrent callers.</summary>
public sealed partial class EmbeddedRaftGroup
{
    /// <summary>
    /// Proposes <paramref name="command"/> to the member believed to lead and waits until it is applied. Concurrent
    /// calls travel to the leader together, in one message. A member that answers <see cref="ClientProtocol.NotLeader"/>
    /// is left for the leader it names, or, when it knows none, for whichever member leads after the election; a member
    /// that stopped before answering, for another one. Once a leader has accepted the command it is never proposed
    /// again, so it is applied at most once.
    /// </summary>
    /// <returns>The index and term the command committed at, and the state machine's result.</returns>
    /// <exception cref="ProposalFailedException">The leader lost leadership or stopped after accepting it; the outcome is unknown.</exception>
    /// <exception cref="TimeoutException">No leader accepted it, or it was not applied, within <paramref name="timeout"/> (default <see cref="EmbeddedGroupOptions.ProposalTimeout"/>); the message says which.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The group was disposed.</exception>
    public Task<ProposalResult> ProposeAsync(byte[] command, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var limit = timeout ?? _options.ProposalTimeout;
        if (limit <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), limit, "A proposal needs a positive timeout.");
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<ProposalResult>(cancellationToken);
        }

        var time = _system.Time;
        var proposal = new PendingProposal(command, limit, time.GetTimestamp() + (long)(limit.TotalSeconds * time.TimestampFrequency));
        if (cancellationToken.CanBeCanceled)
        {
            proposal.Cancellation = cancellationToken.Register(() => _dispatcher.Tell(new DispatcherMessages.Cancel(proposal)));
        }

        lock (_gate)
        {
            ThrowIfDisposed();
            _dispatcher.Tell(new DispatcherMessages.Submit(proposal));
        }

        return proposal.Task;
    }
}
