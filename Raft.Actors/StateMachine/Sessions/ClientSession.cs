namespace Raft.Actors.StateMachine.Sessions;

/// <summary>One client's session: the results it may still retry for, and the index of its last command (for expiry).</summary>
internal sealed class ClientSession(string clientId)
{
    public string ClientId { get; } = clientId;

    /// <summary>The log index of the session's latest command.</summary>
    public long LastIndex { get; set; }

    /// <summary>Sequences below this have no kept result: the client acknowledged them, or they were evicted.</summary>
    public long FirstUnacknowledged { get; set; } = 1;

    /// <summary>The results of sequences at or above <see cref="FirstUnacknowledged"/>, by sequence.</summary>
    public SortedDictionary<long, byte[]> Results { get; } = [];

    /// <summary>Its place in the table's least-recently-used order.</summary>
    public LinkedListNode<ClientSession>? Node { get; set; }

    /// <summary>Raises <see cref="FirstUnacknowledged"/> to <paramref name="sequence"/> (never lowers it) and forgets the results below.</summary>
    public void Acknowledge(long sequence)
    {
        if (sequence <= FirstUnacknowledged)
        {
            return;
        }

        FirstUnacknowledged = sequence;
        while (Results.Count > 0 && Results.First().Key < sequence)
        {
            Results.Remove(Results.First().Key);
        }
    }

    /// <summary>Keeps <paramref name="result"/> for retries of <paramref name="sequence"/>, forgetting the lowest kept result beyond <paramref name="max"/>.</summary>
    public void Remember(long sequence, byte[] result, int max)
    {
        Results[sequence] = result;
        if (Results.Count > max)
        {
            Acknowledge(Results.First().Key + 1);
        }
    }
}
