namespace Raft.Actors.StateMachine.Sessions;

/// <summary>
/// Who sent a command and which of its commands it is. <see cref="Sequence"/> numbers a client's commands (1, 2, 3 ...:
/// unique within the session; gaps are allowed); a retry carries the same number. <see cref="FirstUnacknowledged"/> is the
/// lowest sequence whose result the client still waits for: results below it may be forgotten, and a session opens
/// with a command whose <see cref="FirstUnacknowledged"/> is 1 (its client has seen no result yet).
/// </summary>
public readonly record struct SessionStamp
{
    /// <summary>The longest client id, in UTF-8 bytes.</summary>
    public const int MaxClientIdBytes = 128;

    /// <exception cref="ArgumentException">The id is empty or longer than <see cref="MaxClientIdBytes"/>, or a number is out of range; the message says which.</exception>
    public SessionStamp(string clientId, long sequence, long firstUnacknowledged)
    {
        if (Problem(clientId, sequence, firstUnacknowledged) is { } problem)
        {
            throw new ArgumentException(problem);
        }

        ClientId = clientId;
        Sequence = sequence;
        FirstUnacknowledged = firstUnacknowledged;
    }

    public string ClientId { get; }

    public long Sequence { get; }

    public long FirstUnacknowledged { get; }

    /// <summary>What is wrong with these values as a stamp, or null if nothing is.</summary>
    public static string? Problem(string? clientId, long sequence, long firstUnacknowledged)
    {
        if (string.IsNullOrEmpty(clientId))
        {
            return "A client id must not be empty.";
        }

        if (System.Text.Encoding.UTF8.GetByteCount(clientId) > MaxClientIdBytes)
        {
            return $"A client id must be at most {MaxClientIdBytes} bytes of UTF-8; '{clientId[..Math.Min(clientId.Length, 20)]}...' is longer.";
        }

        if (sequence < 1)
        {
            return $"A sequence number must be at least 1; it is {sequence}.";
        }

        return firstUnacknowledged < 1 || firstUnacknowledged > sequence
            ? $"The first unacknowledged sequence must be between 1 and the command's sequence {sequence}; it is {firstUnacknowledged}."
            : null;
    }

    public override string ToString() => $"{ClientId}#{Sequence} (first unacknowledged {FirstUnacknowledged})";
}
