namespace Raft.Actors.Embedding;

/// <summary>One caller's proposal: its command, its deadline, and once a leader takes it, the index and term it got.</summary>
internal sealed class PendingProposal(byte[] command, TimeSpan timeout, long deadline)
    : TaskCompletionSource<ProposalResult>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public byte[] Command { get; } = command;

    public TimeSpan Timeout { get; } = timeout;

    /// <summary>In the group's <see cref="TimeProvider"/> timestamps.</summary>
    public long Deadline { get; } = deadline;

    /// <summary>Set once a leader accepted it: it is then never proposed again, whatever happens.</summary>
    public (long Index, long Term)? Accepted { get; set; }

    public CancellationTokenRegistration Cancellation { get; set; }

    public bool IsDone => Task.IsCompleted;

    public void Succeed(ProposalResult result)
    {
        if (TrySetResult(result))
        {
            Cancellation.Dispose();
        }
    }

    public void Fail(Exception error)
    {
        if (TrySetException(error))
        {
            Cancellation.Dispose();
        }
    }
}
