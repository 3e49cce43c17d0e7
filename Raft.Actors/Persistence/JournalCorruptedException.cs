namespace Raft.Actors.Persistence;

/// <summary>A journal's stored data is damaged or of an unknown format; names where and what.</summary>
public sealed class JournalCorruptedException(string location, string problem, Exception? inner = null)
    : Exception($"Journal {location} is unreadable: {problem}", inner)
{
    public string Location { get; } = location;

    public string Problem { get; } = problem;
}
