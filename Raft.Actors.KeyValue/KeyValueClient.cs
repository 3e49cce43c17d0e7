using Raft.Actors.Cluster;
using Raft.Actors.StateMachine.Sessions;

namespace Raft.Actors.KeyValue;

/// <summary>
/// Typed access to a group running <see cref="KeyValueStateMachine"/> inside a <see cref="SessionStateMachine"/>.
/// Writes go through a <see cref="RaftSession"/>, so a write retried after a lost leader or a timeout is applied once.
/// Reads are linearizable without a log write: ReadIndex (or the leader's lease), answered by <see cref="KeyValueStateMachine.Query"/>.
/// Thread-safe; calls may run concurrently.
/// </summary>
public sealed class KeyValueClient
{
    private readonly RaftSession _session;

    /// <param name="session">The session writes are numbered in; its client reaches the leader.</param>
    public KeyValueClient(RaftSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        _session = session;
    }

    /// <summary>A client with a session of its own (a new client id) over <paramref name="client"/>.</summary>
    public KeyValueClient(RaftGroupClient client)
        : this(new RaftSession(client))
    {
    }

    /// <summary>How long one command may take, retries included.</summary>
    public TimeSpan Timeout => _session.Timeout;

    /// <summary>The group client it sends through.</summary>
    public RaftGroupClient Group => _session.Client;

    /// <summary>Sets <paramref name="key"/>; the result is Ok with the previous value, if any.</summary>
    public async Task<KeyValueResult> PutAsync(string key, byte[] value, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(KeyValueCommand.Set(key, value), cancellationToken: cancellationToken).ConfigureAwait(false)).Result;

    /// <summary>Ok with the value, or NotFound.</summary>
    public async Task<KeyValueResult> GetAsync(string key, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(KeyValueCommand.Get(key), cancellationToken: cancellationToken).ConfigureAwait(false)).Result;

    /// <summary>Ok with the removed value, or NotFound.</summary>
    public async Task<KeyValueResult> DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(KeyValueCommand.Delete(key), cancellationToken: cancellationToken).ConfigureAwait(false)).Result;

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/> if it holds <paramref name="expected"/> (null: if it is absent); otherwise CompareFailed with the current value.</summary>
    public async Task<KeyValueResult> CompareAndSetAsync(string key, byte[]? expected, byte[] value, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(KeyValueCommand.CompareAndSet(key, expected, value), cancellationToken: cancellationToken).ConfigureAwait(false)).Result;

    /// <summary>
    /// Runs <paramref name="command"/>: a Get by <see cref="ReadAsync"/>, any other as a write, numbered in this
    /// client's session, or with <paramref name="stamp"/> when the caller numbers its writes itself (an HTTP client's headers).
    /// </summary>
    /// <exception cref="SessionRejectedException">The stamp's session expired, or its result was forgotten: nothing was applied now.</exception>
    /// <exception cref="TimeoutException">Not applied within <see cref="Timeout"/>; a write may still be, once.</exception>
    public async Task<KeyValueReply> ExecuteAsync(KeyValueCommand command, SessionStamp? stamp = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Operation == KeyValueOperation.Get)
        {
            return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        }

        var reply = stamp is { } given
            ? await RaftSession.ProposeAsync(_session.Client, given, command.Encode(), _session.Timeout, cancellationToken).ConfigureAwait(false)
            : await _session.ProposeAsync(command.Encode(), cancellationToken).ConfigureAwait(false);
        return new KeyValueReply(KeyValueResult.Decode(reply.Result), reply.Index, reply.Term, reply.Duplicate);
    }

    /// <summary>
    /// A linearizable read without a log write: the leader confirms it still leads (ReadIndex, or its lease when the
    /// group reads by lease) and its state machine answers the Get once it has applied through the read index.
    /// </summary>
    private async Task<KeyValueReply> ReadAsync(KeyValueCommand get, CancellationToken cancellationToken)
    {
        var read = await _session.Client.ReadAsync(get.Encode(), timeout: _session.Timeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new KeyValueReply(KeyValueResult.Decode(read.Result), read.ReadIndex, Term: 0, Duplicate: false);
    }
}
