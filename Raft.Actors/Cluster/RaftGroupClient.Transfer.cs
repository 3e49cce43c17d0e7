using Akka.Actor;
using Raft.Actors.Protocol;

namespace Raft.Actors.Cluster;

public sealed partial class RaftGroupClient
{
    /// <summary>
    /// Asks the leader to hand leadership to <paramref name="targetMemberId"/> (Raft thesis §3.10), for instance before
    /// taking the leader's machine down. The leader stops accepting proposals (the client holds new ones back until
    /// a leader is announced), brings the target up to date and has it stand for election at once. A member that
    /// answers that it does not lead is left for the leader it names, or for the next one announced.
    /// </summary>
    /// <returns>The target's term as leader.</returns>
    /// <exception cref="ArgumentException"><paramref name="targetMemberId"/> is not a member of the group.</exception>
    /// <exception cref="LeadershipTransferException">
    /// The leader refused (the target already leads, another transfer is under way) or the transfer failed: the target
    /// did not take over within an election timeout, or another member was elected. The exception's result says which.
    /// </exception>
    /// <exception cref="TimeoutException">No leader answered within <paramref name="timeout"/> (default <see cref="ProposalTimeout"/>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<ClientProtocol.LeadershipTransferResult> TransferLeadershipAsync(string targetMemberId, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        if (!MemberIds.Contains(targetMemberId, StringComparer.Ordinal))
        {
            throw new ArgumentException($"'{targetMemberId}' is not a member of group '{ClusterId}' (members: {string.Join(", ", MemberIds)}).", nameof(targetMemberId));
        }

        var limit = timeout ?? ProposalTimeout;
        if (limit <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), limit, "A leadership transfer needs a positive timeout.");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        string? refused = null;
        try
        {
            while (true)
            {
                var leader = await LeaderOtherThanAsync(refused, deadline.Token).ConfigureAwait(false);
                var result = await _group.Ask<ClientProtocol.LeadershipTransferResult>(new RaftGroupProtocol.ForwardToMember(leader, new ClientProtocol.TransferLeadership(targetMemberId)), null, deadline.Token).ConfigureAwait(false);
                if (result.Succeeded)
                {
                    return result;
                }

                if (result.Outcome != ClientProtocol.LeadershipTransferOutcome.NotLeader)
                {
                    throw new LeadershipTransferException(result);
                }

                refused = leader;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No leader of group '{ClusterId}' completed a leadership transfer to '{targetMemberId}' within {limit.TotalMilliseconds} ms.");
        }
    }

    /// <summary>The member believed to lead, once it is not <paramref name="refused"/> (which just said it does not lead).</summary>
    private async Task<string> LeaderOtherThanAsync(string? refused, CancellationToken cancellationToken)
    {
        var changes = _roles.Watch();
        try
        {
            while (true)
            {
                if (_roles.Leader is { } leader && leader != refused)
                {
                    return leader;
                }

                if (!await changes.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new ObjectDisposedException(nameof(RaftGroupClient), $"The client of group '{ClusterId}' has stopped.");
                }

                while (changes.TryRead(out _))
                {
                }
            }
        }
        finally
        {
            _roles.Unwatch(changes);
        }
    }
}
