namespace Raft.Host.Configuration;

/// <summary>Where members keep their Raft state (<c>Raft:Journal</c>). Each kind is turned into journals in <see cref="Journals.FactoryFor(JournalKind, GroupSettings)"/>, and only there.</summary>
public enum JournalKind
{
    /// <summary>One SQLite file per member under <c>Raft:JournalDirectory</c>, synced on every commit: the default.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database named by <c>Raft:PostgresConnectionString</c>, shared by any number of groups and members.</summary>
    Postgres,

    /// <summary>In memory: survives a member's stop and restart inside the process, not the process itself.</summary>
    InMemory,
}
