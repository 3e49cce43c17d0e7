namespace Raft.Actors.Cluster;

/// <summary>One caller's proposal: its command, its deadline, and once a leader takes it, where and at which index and term.</summary>
internal sealed class PendingProposal(byte[] command, TimeSpan timeout, long deadline)
    : TaskCompletionSource<ProposalResult>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public byte[] Command { get; } = command;

    public TimeSpan Timeout { get; } = timeout;

    /// <summary>In the client's <see cref="TimeProvider"/> timestamps.</summary>
    public long Deadline { get; } = deadline;

    /// <summary>Set once a leader accepted it: it is then never proposed again, whatever happens.</summary>
    public (long Index, long Term)? Accepted { get; private set; }

    /// <summary>The member that accepted it, while it waits for its result there.</summary>
    public MemberLink? AcceptedBy { get; private set; }

    public CancellationTokenRegistration Cancellation { get; set; }

    /// <summary>Its place in the dispatcher's <see cref="DeadlineQueue"/>, or -1 when it is not queued there.</summary>
    public int DeadlineSlot { get; set; } = -1;

    public bool IsDone => Task.IsCompleted;

    public void Accept(MemberLink member, long index, long term)
    {
        Accepted = (index, term);
        AcceptedBy = member;
        member.Accepted[index] = this;
    }

    public void Succeed(ProposalResult result)
    {
        Detach();
        if (TrySetResult(result))
        {
            Cancellation.Dispose();
        }
    }

    public void Fail(Exception error)
    {
        Detach();
        if (TrySetException(error))
        {
            Cancellation.Dispose();
        }
    }

    public void Cancel(CancellationToken token)
    {
        Detach();
        TrySetCanceled(token);
    }

    private void Detach()
    {
        if (AcceptedBy is { } member && Accepted is { } at)
        {
            member.Accepted.Remove(at.Index);
            AcceptedBy = null;
        }
    }
}
