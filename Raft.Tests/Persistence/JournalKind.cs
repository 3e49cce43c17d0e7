namespace Raft.Tests.Persistence;

/// <summary>The journals every conformance case runs against.</summary>
public static class JournalKind
{
    public const string InMemory = "inmem";
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary>Every journal: PostgreSQL only when <see cref="TestPostgres.Enabled"/>.</summary>
    public static TheoryData<string> All() => Of(InMemory, Sqlite, Postgres);

    /// <summary>The journals that outlive an actor system.</summary>
    public static TheoryData<string> Durable() => Of(Sqlite, Postgres);

    private static TheoryData<string> Of(params string[] kinds)
    {
        var data = new TheoryData<string>();
        foreach (var kind in kinds)
        {
            if (kind != Postgres || TestPostgres.Enabled)
            {
                data.Add(kind);
            }
        }

        return data;
    }
}
