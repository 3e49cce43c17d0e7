namespace Raft.Actors.StateMachine.Sessions;

/// <summary>
/// Makes a state machine apply each client command once (Raft thesis §6.3). Commands arrive as
/// <see cref="SessionEnvelope"/>s; a stamped command whose sequence the session has seen is not applied again and gets
/// its first result back. Results come back as <see cref="SessionResult"/>s. The sessions are part of the snapshot, and
/// expire by log index (<see cref="SessionOptions"/>), so every member keeps the same ones. A malformed envelope,
/// an expired session or a forgotten result is refused with a result that says so, the same on every member: bad
/// client bytes never stop a member. Queries go to the inner state machine untouched.
/// </summary>
public sealed class SessionStateMachine : IStateMachine
{
    private readonly SessionOptions _options;
    private SessionTable _sessions = new();

    public SessionStateMachine(IStateMachine inner, SessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        Inner = inner;
        _options = (options ?? new SessionOptions()).Validate();
    }

    /// <summary>The state machine the commands are applied to.</summary>
    public IStateMachine Inner { get; }

    /// <summary>How many sessions are kept.</summary>
    public int SessionCount => _sessions.Count;

    /// <summary>Whether <paramref name="clientId"/> has a session.</summary>
    public bool HasSession(string clientId) => _sessions.Find(clientId) is not null;

    public byte[] Apply(long index, ReadOnlyMemory<byte> command)
    {
        if (_options.ExpireAfterEntries > 0)
        {
            _sessions.ExpireIdle(index, _options.ExpireAfterEntries);
        }

        SessionEnvelope envelope;
        try
        {
            envelope = SessionEnvelope.Decode(command);
        }
        catch (FormatException ex)
        {
            return SessionResult.EncodeError(SessionStatus.Malformed, $"entry {index}: {ex.Message}");
        }

        if (envelope.Stamp is not { } stamp)
        {
            return SessionResult.Encode(SessionStatus.Applied, Inner.Apply(index, envelope.Command));
        }

        var session = _sessions.Find(stamp.ClientId);
        if (session is null)
        {
            if (stamp.FirstUnacknowledged > 1)
            {
                // The client has seen results, so its session existed: a retry now might apply a command twice.
                return SessionResult.EncodeError(SessionStatus.SessionExpired,
                    $"entry {index}: client '{stamp.ClientId}' has no session (it expired); sequence {stamp.Sequence} was not applied now and may have been before. Open a new session with a new client id.");
            }

            session = _sessions.Open(stamp.ClientId, _options.MaxSessions);
        }

        _sessions.Touch(session, index);
        session.Acknowledge(stamp.FirstUnacknowledged);
        if (session.Results.TryGetValue(stamp.Sequence, out var first))
        {
            return SessionResult.Encode(SessionStatus.Duplicate, first);
        }

        if (stamp.Sequence < session.FirstUnacknowledged)
        {
            return SessionResult.EncodeError(SessionStatus.ResultForgotten,
                $"entry {index}: sequence {stamp.Sequence} of client '{stamp.ClientId}' is below {session.FirstUnacknowledged}, its first unacknowledged sequence: its result is no longer kept (acknowledged, or more than {_options.MaxResultsPerSession} results outstanding), so it was not applied now and may have been before.");
        }

        var result = Inner.Apply(index, envelope.Command);
        session.Remember(stamp.Sequence, result, _options.MaxResultsPerSession);
        return SessionResult.Encode(SessionStatus.Applied, result);
    }

    public byte[] Query(ReadOnlyMemory<byte> query) => Inner.Query(query);

    /// <summary>
    /// Version byte, session count, each session least recently used first (client id, last index, first
    /// unacknowledged sequence, result count, each result's sequence and bytes), then the inner snapshot to the end.
    /// </summary>
    public byte[] TakeSnapshot()
    {
        var writer = new SessionWireWriter().WriteByte(SessionEnvelope.FormatVersion).WriteCount(_sessions.Count);
        foreach (var session in _sessions.InUseOrder)
        {
            writer.WriteText(session.ClientId).WriteInt64(session.LastIndex).WriteInt64(session.FirstUnacknowledged).WriteCount(session.Results.Count);
            foreach (var (sequence, result) in session.Results)
            {
                writer.WriteInt64(sequence).WriteField(result);
            }
        }

        return writer.WriteRaw(Inner.TakeSnapshot()).ToArray();
    }

    /// <summary>Replaces the sessions and the inner state. A damaged snapshot throws <see cref="FormatException"/> and changes neither.</summary>
    public void Restore(ReadOnlyMemory<byte> snapshot)
    {
        var reader = new SessionWireReader(snapshot.Span, "session snapshot");
        reader.ReadVersion(SessionEnvelope.FormatVersion);
        var restored = new SessionTable();
        var count = reader.ReadCount("session count", int.MaxValue);
        for (var i = 0; i < count; i++)
        {
            var session = new ClientSession(reader.ReadText("client id", SessionStamp.MaxClientIdBytes))
            {
                LastIndex = reader.ReadInt64("last index"),
                FirstUnacknowledged = reader.ReadInt64("first unacknowledged sequence"),
            };
            var results = reader.ReadCount("result count", int.MaxValue);
            for (var r = 0; r < results; r++)
            {
                var sequence = reader.ReadInt64("sequence");
                if (!session.Results.TryAdd(sequence, reader.ReadField("result", int.MaxValue).ToArray()))
                {
                    throw reader.Error($"holds sequence {sequence} of client '{session.ClientId}' twice", 0);
                }
            }

            restored.Add(session);
        }

        Inner.Restore(snapshot[(snapshot.Length - reader.Remaining)..]);
        _sessions = restored;
    }
}
