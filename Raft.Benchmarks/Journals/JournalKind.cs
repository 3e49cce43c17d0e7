namespace Raft.Benchmarks.Journals;

/// <summary>The storage the members journal to (<c>--journal</c>).</summary>
internal enum JournalKind
{
    InMemory,
    Sqlite,
    Postgres,
}
