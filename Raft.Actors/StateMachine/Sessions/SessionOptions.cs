namespace Raft.Actors.StateMachine.Sessions;

/// <summary>
/// How long a <see cref="SessionStateMachine"/> keeps sessions and results. Every rule counts log entries, never
/// wall-clock time, so every member expires the same sessions at the same index: the options must be the same on
/// every member of a group.
/// </summary>
public sealed class SessionOptions
{
    /// <summary>A session with no command in this many log indexes expires (0: never by idleness).</summary>
    public long ExpireAfterEntries { get; set; } = 10_000_000;

    /// <summary>The most sessions kept; opening one more evicts the least recently used.</summary>
    public int MaxSessions { get; set; } = 10_000;

    /// <summary>The most results one session keeps for retries; one more forgets its lowest sequence's.</summary>
    public int MaxResultsPerSession { get; set; } = 1_000;

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (ExpireAfterEntries < 0)
        {
            problems.Add($"{nameof(ExpireAfterEntries)} must be 0 (never) or positive; it is {ExpireAfterEntries}.");
        }

        if (MaxSessions < 1)
        {
            problems.Add($"{nameof(MaxSessions)} must be at least 1; it is {MaxSessions}.");
        }

        if (MaxResultsPerSession < 1)
        {
            problems.Add($"{nameof(MaxResultsPerSession)} must be at least 1; it is {MaxResultsPerSession}.");
        }

        return problems;
    }

    /// <exception cref="ArgumentException">Listing every problem.</exception>
    public SessionOptions Validate()
    {
        var problems = Problems();
        return problems.Count == 0 ? this : throw new ArgumentException($"Invalid session options: {string.Join(" ", problems)}");
    }
}
