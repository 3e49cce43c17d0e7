namespace Raft.Actors.Persistence;

/// <summary>A member's storage cannot be used: names where it is (a file, a directory, a database) and what is wrong.</summary>
public sealed class RaftStorageException(string location, string problem, Exception? inner = null)
    : Exception($"{location}: {problem}", inner)
{
    /// <summary>The file, directory or database, as a reader would name it.</summary>
    public string Location { get; } = location;

    public string Problem { get; } = problem;
}
