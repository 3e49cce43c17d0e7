namespace Raft.Actors.Persistence;

/// <summary>Where a node's Raft journals and snapshots live.</summary>
public enum RaftStorageKind
{
    /// <summary>Akka's in-memory journal: lost with the actor system; for tests and demos only.</summary>
    InMemory,

    /// <summary>One SQLite file per node through Akka.Persistence.Sql: the embedded default.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database through Akka.Persistence.Sql, for hosts that run a database server.</summary>
    Postgres,
}
