namespace Raft.Actors.Persistence;

/// <summary>
/// Durable storage of one peer's Raft state. A journal belongs to one (cluster, member) pair, checked when it is
/// opened. Calls come from one thread at a time (the peer's journal actor).
/// </summary>
public interface IRaftJournal : IDisposable
{
    /// <summary>Where the journal lives, for messages: a file path, a connection and key, ...</summary>
    string Location { get; }

    /// <summary>Reads back everything written and synced. Throws <see cref="JournalCorruptedException"/> when the stored data is damaged.</summary>
    JournalRecovery Load();

    /// <summary>Applies the operations in order, atomically, and returns only once they are durable.</summary>
    void Write(IReadOnlyList<JournalOperation> operations);
}
