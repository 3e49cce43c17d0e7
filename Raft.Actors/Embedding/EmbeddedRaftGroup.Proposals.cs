using Raft.Actors.Actors;
using Raft.Actors.Messages;

namespace Raft.Actors.Embedding;

/// <summary>Proposing commands: finding the leader, following its hints, and waiting for the outcome.</summary>
public sealed partial class EmbeddedRaftGroup
{
    /// <summary>
    /// Proposes <paramref name="command"/> to the member believed to lead and waits until it is applied. A member that
    /// answers <see cref="ClientProtocol.NotLeader"/> is left for the leader it names, or, when it knows none, for
    /// whichever member leads after the election; a member that does not answer at all (stopped) for another one.
    /// Once a leader has accepted the command it is not proposed again. (A member that answers only after it was
    /// given up as silent could accept it too; in one process that takes a peer stalled for an election timeout.)
    /// </summary>
    /// <returns>The index and term the command committed at, and the state machine's result.</returns>
    /// <exception cref="ProposalFailedException">The leader lost leadership or stopped after accepting it; the outcome is unknown.</exception>
    /// <exception cref="TimeoutException">No leader accepted it, or it was not applied, within <paramref name="timeout"/> (default <see cref="EmbeddedGroupOptions.ProposalTimeout"/>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The group was disposed.</exception>
    public async Task<ProposalResult> ProposeAsync(byte[] command, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var limit = timeout ?? _options.ProposalTimeout;
        if (limit <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), limit, "A proposal needs a positive timeout.");
        }

        CancellationToken disposing;
        lock (_gate)
        {
            ThrowIfDisposed();
            disposing = _disposing.Token;
        }

        using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, disposing);
        call.CancelAfter(limit);
        var replies = new ReplyChannel();
        ClientProtocol.ProposalAccepted? accepted = null;
        try
        {
            accepted = await FindLeaderAndPropose(command, replies, call.Token).ConfigureAwait(false);
            return await AwaitOutcome(accepted, replies, call.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            if (disposing.IsCancellationRequested)
            {
                throw new ObjectDisposedException(nameof(EmbeddedRaftGroup), $"Group '{ClusterId}' was disposed while a proposal was in progress; its outcome is unknown.");
            }

            throw new TimeoutException(accepted is null
                ? $"No leader of group '{ClusterId}' accepted the proposal within {limit.TotalMilliseconds} ms."
                : $"The proposal accepted at index {accepted.Index} in term {accepted.Term} was not applied within {limit.TotalMilliseconds} ms; its outcome is unknown.");
        }
    }

    /// <summary>Sends the command to one member after another until a leader accepts it.</summary>
    private async Task<ClientProtocol.ProposalAccepted> FindLeaderAndPropose(byte[] command, ReplyChannel replies, CancellationToken cancellationToken)
    {
        // A live in-process peer answers at once; one that is silent for an election timeout is taken for stopped.
        var answerTimeout = _options.RaftOptions.ElectionTimeoutMax;
        var silent = new HashSet<string>(StringComparer.Ordinal);
        string? hint = null;
        var next = 0;
        while (true)
        {
            var target = hint ?? Choose(silent, ref next);
            hint = null;
            if (target is null)
            {
                // Every member is stopped or silent: wait for one to show up as leader, then try them all again.
                silent.Clear();
                await WaitForRoleChange(cancellationToken).ConfigureAwait(false);
                continue;
            }

            _network.RefFor(target).Tell(new ClientProtocol.Propose(command), replies);
            var reply = await NextReply(replies, answerTimeout, cancellationToken).ConfigureAwait(false);
            switch (reply)
            {
                case ClientProtocol.ProposalAccepted accepted:
                    return accepted;
                case ClientProtocol.NotLeader notLeader when notLeader.LeaderId is { } leader && leader != target && !silent.Contains(leader) && Runs(leader):
                    hint = leader;
                    break;
                case ClientProtocol.NotLeader:
                    // It knows no leader (an election is under way): wait for the outcome rather than spin.
                    await WaitForRoleChange(cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    silent.Add(target);
                    break;
            }
        }
    }

    /// <summary>The believed leader unless it went silent, else the next running member in turn that has not.</summary>
    private string? Choose(HashSet<string> silent, ref int next)
    {
        if (Leader is { } leader && !silent.Contains(leader))
        {
            return leader;
        }

        for (var i = 0; i < MemberIds.Count; i++)
        {
            var candidate = MemberIds[next++ % MemberIds.Count];
            if (!silent.Contains(candidate) && Runs(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private bool Runs(string memberId)
    {
        lock (_gate)
        {
            return _members.TryGetValue(memberId, out var member) && member.Peer is not null;
        }
    }

    private static async Task<ProposalResult> AwaitOutcome(ClientProtocol.ProposalAccepted accepted, ReplyChannel replies, CancellationToken cancellationToken)
    {
        while (true)
        {
            switch (await replies.Replies.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                case ClientProtocol.ProposalApplied applied when applied.Index == accepted.Index:
                    return new ProposalResult(applied.Index, applied.Term, applied.Result);
                case ClientProtocol.ProposalFailed failed when failed.Index == accepted.Index:
                    throw new ProposalFailedException(failed.Reason, failed.Index, failed.Term, failed.Detail);
            }
        }
    }

    /// <summary>The next answer to a proposal, or null if none comes within <paramref name="wait"/>.</summary>
    private static async Task<object?> NextReply(ReplyChannel replies, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(wait);
        try
        {
            return await replies.Replies.ReadAsync(attempt.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Waits for the next leadership news, or a heartbeat interval, whichever comes first.</summary>
    private async Task WaitForRoleChange(CancellationToken cancellationToken)
    {
        var changed = _roles.NextChange;
        await Task.WhenAny(changed, Task.Delay(_options.RaftOptions.HeartbeatInterval, cancellationToken)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }
}
