namespace Raft.Actors.StateMachine.Sessions;

/// <summary>
/// What a <see cref="SessionStateMachine"/> returns for a command. Encoding, version <see cref="SessionEnvelope.FormatVersion"/>:
/// the version byte, the <see cref="SessionStatus"/> byte, then to the end the state machine's result
/// (<see cref="SessionStatus.Applied"/>, <see cref="SessionStatus.Duplicate"/>) or the UTF-8 error message (the others).
/// </summary>
public sealed class SessionResult
{
    private SessionResult(SessionStatus status, byte[] result, string? error)
    {
        Status = status;
        Result = result;
        Error = error;
    }

    public SessionStatus Status { get; }

    /// <summary>The state machine's result; empty when the command was refused.</summary>
    public byte[] Result { get; }

    /// <summary>Why the command was refused; null when it was applied (now or before).</summary>
    public string? Error { get; }

    public bool Succeeded => Status is SessionStatus.Applied or SessionStatus.Duplicate;

    public static byte[] Encode(SessionStatus status, ReadOnlySpan<byte> result) =>
        new SessionWireWriter(result.Length + 2).WriteByte(SessionEnvelope.FormatVersion).WriteByte((byte)status).WriteRaw(result).ToArray();

    public static byte[] EncodeError(SessionStatus status, string error) =>
        Encode(status, System.Text.Encoding.UTF8.GetBytes(error));

    /// <exception cref="FormatException">The bytes are not a session result of this version.</exception>
    public static SessionResult Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new SessionWireReader(bytes, "session result");
        reader.ReadVersion(SessionEnvelope.FormatVersion);
        var code = reader.ReadByte("status");
        var rest = reader.ReadRest();
        return (SessionStatus)code switch
        {
            SessionStatus.Applied or SessionStatus.Duplicate => new SessionResult((SessionStatus)code, rest.ToArray(), null),
            SessionStatus.Malformed or SessionStatus.SessionExpired or SessionStatus.ResultForgotten =>
                new SessionResult((SessionStatus)code, [], System.Text.Encoding.UTF8.GetString(rest)),
            _ => throw reader.Error($"has unknown status {code}", 1),
        };
    }

    public override string ToString() => Error is null ? $"{Status} ({Result.Length} bytes)" : $"{Status}: {Error}";
}
