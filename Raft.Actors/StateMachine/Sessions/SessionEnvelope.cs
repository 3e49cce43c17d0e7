namespace Raft.Actors.StateMachine.Sessions;

/// <summary>
/// A command for a <see cref="SessionStateMachine"/>: the user's command, with the <see cref="SessionStamp"/> that makes
/// it apply once, or without one (applied each time it commits: fine for reads and idempotent commands).
/// Encoding, version <see cref="FormatVersion"/>: the version byte, a kind byte (0 without a session, 1 with), for a
/// stamped command the client id (32-bit little-endian length, UTF-8), the sequence and the first unacknowledged
/// sequence (64-bit little-endian each), then the user's command, to the end.
/// </summary>
public sealed class SessionEnvelope
{
    public const byte FormatVersion = 1;

    private const byte Unstamped = 0;
    private const byte Stamped = 1;

    private SessionEnvelope(SessionStamp? stamp, ReadOnlyMemory<byte> command)
    {
        Stamp = stamp;
        Command = command;
    }

    /// <summary>Null for a command that is applied each time it commits.</summary>
    public SessionStamp? Stamp { get; }

    public ReadOnlyMemory<byte> Command { get; }

    /// <summary>Wraps <paramref name="command"/>, with <paramref name="stamp"/> or (null) without a session.</summary>
    public static byte[] Encode(SessionStamp? stamp, ReadOnlySpan<byte> command)
    {
        var writer = new SessionWireWriter(command.Length + 32 + (stamp?.ClientId.Length ?? 0) * 3).WriteByte(FormatVersion);
        if (stamp is { } s)
        {
            writer.WriteByte(Stamped).WriteText(s.ClientId).WriteInt64(s.Sequence).WriteInt64(s.FirstUnacknowledged);
        }
        else
        {
            writer.WriteByte(Unstamped);
        }

        return writer.WriteRaw(command).ToArray();
    }

    /// <summary>Reads an envelope; its <see cref="Command"/> is a slice of <paramref name="bytes"/>, not a copy.</summary>
    /// <exception cref="FormatException">The bytes are not an envelope of this version; the message says what is wrong and where.</exception>
    public static SessionEnvelope Decode(ReadOnlyMemory<byte> bytes)
    {
        var reader = new SessionWireReader(bytes.Span, "session envelope");
        reader.ReadVersion(FormatVersion);
        SessionStamp? stamp = null;
        switch (reader.ReadByte("kind"))
        {
            case Unstamped:
                break;
            case Stamped:
                var clientId = reader.ReadText("client id", SessionStamp.MaxClientIdBytes);
                var sequence = reader.ReadInt64("sequence");
                var firstUnacknowledged = reader.ReadInt64("first unacknowledged sequence");
                if (SessionStamp.Problem(clientId, sequence, firstUnacknowledged) is { } problem)
                {
                    throw reader.Error($"carries a bad stamp: {problem}", 2);
                }

                stamp = new SessionStamp(clientId, sequence, firstUnacknowledged);
                break;
            case var kind:
                throw reader.Error($"has unknown kind {kind}", 1);
        }

        return new SessionEnvelope(stamp, bytes[(bytes.Length - reader.Remaining)..]);
    }
}
