using Raft.Actors.StateMachine.Sessions;

namespace Raft.Actors.Cluster;

/// <summary>
/// A client session over a <see cref="RaftGroupClient"/>, for a group whose state machine is a
/// <see cref="SessionStateMachine"/>: each command gets the next sequence number, and is proposed again, with the same
/// number, when the leader that accepted it loses leadership or stops, or when no answer comes in time, until
/// <see cref="Timeout"/>: the state machine applies it once and every attempt gets that result. Commands may be proposed
/// concurrently; the stamps come from a <see cref="SessionSequencer"/>. Thread-safe.
/// </summary>
public sealed class RaftSession
{
    private readonly RaftGroupClient _client;
    private readonly SessionSequencer _sequencer;

    /// <param name="client">The group's client, which finds the leader.</param>
    /// <param name="clientId">
    /// The session's id (at most 117 bytes of UTF-8); a new GUID when null. Reusing the id of another session applies its
    /// commands as that session's.
    /// </param>
    /// <param name="timeout">How long one command may take, every attempt included; default three times the client's proposal timeout.</param>
    public RaftSession(RaftGroupClient client, string? clientId = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _sequencer = new SessionSequencer(clientId ?? Guid.NewGuid().ToString("N"));
        Timeout = timeout ?? client.ProposalTimeout * 3;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Timeout, TimeSpan.Zero, nameof(timeout));
    }

    public string ClientId => _sequencer.ClientId;

    public TimeSpan Timeout { get; }

    public RaftGroupClient Client => _client;

    /// <summary>Proposes <paramref name="command"/> as the session's next command and returns the state machine's result once it is applied (once).</summary>
    /// <exception cref="ArgumentException">The command in its session envelope is larger than the client's <see cref="RaftGroupClient.MaxCommandBytes"/>; nothing was sent.</exception>
    /// <exception cref="SessionRejectedException">The session expired, or the command's result was forgotten; nothing was applied now.</exception>
    /// <exception cref="ProposalFailedException">The group refused it as too large (<see cref="Protocol.ClientProtocol.ProposalFailureReason.CommandTooLarge"/>); it was not committed.</exception>
    /// <exception cref="TimeoutException">It was not applied within <see cref="Timeout"/>; it may still be, once.</exception>
    public async Task<SessionReply> ProposeAsync(byte[] command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var stamp = _sequencer.Next();
        var applied = false;
        try
        {
            var reply = await ProposeAsync(_client, stamp, command, Timeout, cancellationToken).ConfigureAwait(false);
            applied = true;
            return reply;
        }
        finally
        {
            _sequencer.Done(stamp, applied);
        }
    }

    /// <summary>
    /// Proposes <paramref name="command"/> with <paramref name="stamp"/> (null: without a session, applied each time it
    /// commits), proposing it again with the same stamp after a lost leader or a timeout, until <paramref name="timeout"/>.
    /// For callers that number their commands themselves (an HTTP API relaying its clients' stamps).
    /// </summary>
    /// <exception cref="ArgumentException">The command in its session envelope is larger than the client's <see cref="RaftGroupClient.MaxCommandBytes"/>; nothing was sent.</exception>
    /// <exception cref="SessionRejectedException">The state machine refused it; nothing was applied now.</exception>
    /// <exception cref="ProposalFailedException">The group refused it as too large (<see cref="Protocol.ClientProtocol.ProposalFailureReason.CommandTooLarge"/>); it was not committed.</exception>
    /// <exception cref="TimeoutException">It was not applied within <paramref name="timeout"/>; the message says what the last attempt met.</exception>
    public static async Task<SessionReply> ProposeAsync(RaftGroupClient client, SessionStamp? stamp, ReadOnlyMemory<byte> command, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var envelope = SessionEnvelope.Encode(stamp, command.Span);
        if (envelope.Length > client.MaxCommandBytes)
        {
            // The log stores the envelope, so the limit applies to it, not to the caller's bytes alone.
            throw new ArgumentException(
                $"The command holds {command.Length} bytes, {envelope.Length} in its session envelope, more than group '{client.ClusterId}' takes (MaxCommandBytes {client.MaxCommandBytes}); nothing was sent.",
                nameof(command));
        }

        var started = TimeProvider.System.GetTimestamp();
        var attempts = 0;
        Exception? last = null;
        for (var remaining = timeout; remaining > TimeSpan.Zero; remaining = timeout - TimeProvider.System.GetElapsedTime(started))
        {
            attempts++;
            try
            {
                var applied = await client.ProposeAsync(envelope, remaining < client.ProposalTimeout ? remaining : client.ProposalTimeout, cancellationToken).ConfigureAwait(false);
                var result = SessionResult.Decode(applied.Result);
                return result.Succeeded
                    ? new SessionReply(applied.Index, applied.Term, result.Result, result.Status == SessionStatus.Duplicate)
                    : throw new SessionRejectedException(result.Status, result.Error!);
            }
            catch (Exception ex) when (ex is ProposalFailedException { OutcomeUnknown: true } or TimeoutException)
            {
                // The outcome of this attempt is unknown; the stamp makes another attempt safe. Without a stamp the caller
                // chose a command that may apply more than once (a read, an idempotent write).
                last = ex;
            }
        }

        var what = stamp is { } s ? $"Command {s}" : "A command without a session";
        throw new TimeoutException($"{what} was not applied within {timeout.TotalMilliseconds} ms ({attempts} attempt(s)){(last is null ? "" : $"; the last: {last.Message}")}", last);
    }
}
