using Akka.Actor;
using Raft.Actors.Protocol;

namespace Raft.Actors.Cluster;

/// <summary>Linearizable reads (<see cref="ClientProtocol.Read"/>), answered by a member's state machine without a log write.</summary>
public sealed partial class RaftGroupClient
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan LastRetryDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Answers <paramref name="query"/> from a state machine (<c>IStateMachine.Query</c>) with a linearizable result:
    /// it reflects every write that completed before the call. By default the leader answers; with
    /// <paramref name="memberId"/> that member does (a follower gets a read index from the leader, thesis §6.4.1),
    /// which spreads reads over the group. A read changes nothing, so one that fails because leadership moved or no
    /// leader is known yet is sent again (to the leader named, or after a short pause) until the timeout.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="memberId"/> is not a member of the group.</exception>
    /// <exception cref="ReadFailedException">The state machine refused or failed the query.</exception>
    /// <exception cref="TimeoutException">No member answered within <paramref name="timeout"/> (default <see cref="ProposalTimeout"/>); the message says why.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<ReadResult> ReadAsync(byte[] query, string? memberId = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (memberId is not null && !MemberIds.Contains(memberId, StringComparer.Ordinal))
        {
            throw new ArgumentException($"'{memberId}' is not a member of group '{ClusterId}' (members: {string.Join(", ", MemberIds)}).", nameof(memberId));
        }

        var limit = timeout ?? ProposalTimeout;
        if (limit <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), limit, "A read needs a positive timeout.");
        }

        var started = _time.GetTimestamp();
        var pause = FirstRetryDelay;
        var why = "no leader was known";
        string? hint = null;
        while (true)
        {
            var remaining = limit - _time.GetElapsedTime(started);
            var target = memberId ?? hint ?? _roles.Leader;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException($"No member of group '{ClusterId}' answered the read within {limit.TotalMilliseconds} ms: {why}.");
            }

            hint = null;
            if (target is not null)
            {
                object answer;
                try
                {
                    answer = await _group.Ask<object>(new RaftGroupProtocol.ForwardToMember(target, new ClientProtocol.Read(query)), remaining, cancellationToken).ConfigureAwait(false);
                }
                catch (AskTimeoutException)
                {
                    throw new TimeoutException($"Member '{target}' of group '{ClusterId}' did not answer the read within {limit.TotalMilliseconds} ms.");
                }

                switch (answer)
                {
                    case ClientProtocol.ReadResult result:
                        return new ReadResult(target, result.ReadIndex, result.Result);
                    case ClientProtocol.ReadFailed { Reason: ClientProtocol.ReadFailureReason.QueryFailed } failed:
                        throw new ReadFailedException(target, failed.Reason, failed.Detail);
                    case ClientProtocol.ReadFailed failed:
                        why = $"'{target}' answered {failed.Reason}: {failed.Detail}";
                        if (failed.LeaderId is { } leader && leader != target)
                        {
                            hint = leader;
                            continue;
                        }

                        break;
                    default:
                        throw new InvalidOperationException($"Member '{target}' of group '{ClusterId}' answered a read with {answer}.");
                }
            }

            // Leadership is moving: try again shortly, backing off.
            await Task.Delay(pause < remaining ? pause : remaining, _time, cancellationToken).ConfigureAwait(false);
            pause = pause * 2 < LastRetryDelay ? pause * 2 : LastRetryDelay;
        }
    }
}
