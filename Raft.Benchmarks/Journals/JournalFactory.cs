using Akka.Configuration;

namespace Raft.Benchmarks.Journals;

/// <summary>
/// The one place the benchmark chooses the members' storage (<c>--journal</c>): the Akka.Persistence journal and
/// snapshot store plugins, as the HOCON the benchmark's <c>ActorSystem</c> is configured with and the plugin ids the
/// group is given. Every run has its own actor system and its own cluster id, so it starts from empty journals.
/// Another storage is one more case here: its plugin's HOCON (e.g. Akka.Persistence.Sql on SQLite or PostgreSQL)
/// and its plugin ids.
/// </summary>
internal sealed class JournalFactory
{
    private const string InMemoryJournal = "akka.persistence.journal.inmem";
    private const string InMemorySnapshots = "akka.persistence.snapshot-store.inmem";

    private JournalFactory(JournalKind kind, string journalPluginId, string snapshotPluginId, string location)
    {
        Kind = kind;
        JournalPluginId = journalPluginId;
        SnapshotPluginId = snapshotPluginId;
        Location = location;
    }

    public JournalKind Kind { get; }

    /// <summary>The members' <c>RaftGroupSettings.JournalPluginId</c>; also the journal the restart scenario writes to.</summary>
    public string JournalPluginId { get; }

    public string SnapshotPluginId { get; }

    /// <summary>Where the run's journals live, for the output.</summary>
    public string Location { get; }

    /// <summary>The plugins' configuration, and them as the system's defaults.</summary>
    public Config Config => ConfigurationFactory.ParseString($"""
        akka.persistence.journal.plugin = "{JournalPluginId}"
        akka.persistence.snapshot-store.plugin = "{SnapshotPluginId}"
        """);

    /// <summary>Why <paramref name="kind"/> cannot be benchmarked in this build; null when it can.</summary>
    public static string? Unavailable(JournalKind kind) => kind switch
    {
        JournalKind.InMemory => null,
        _ => $"--journal {Name(kind)} is not available yet: the members journal through Akka.Persistence, and this build configures only its in-memory plugins (the Akka.Persistence.Sql plugin is to be added in Raft.Benchmarks/Journals/JournalFactory.cs).",
    };

    /// <exception cref="ArgumentException"><paramref name="kind"/> is <see cref="Unavailable"/>.</exception>
    public static JournalFactory For(JournalKind kind) => kind switch
    {
        // Akka.Persistence's own in-memory plugins: per actor system, so a member stopped and started again in the
        // run recovers from what it wrote, and nothing outlives the run.
        JournalKind.InMemory => new JournalFactory(kind, InMemoryJournal, InMemorySnapshots, "in memory (Akka.Persistence's in-memory journal and snapshot store)"),
        _ => throw new ArgumentException(Unavailable(kind), nameof(kind)),
    };

    public static string Name(JournalKind kind) => kind switch
    {
        JournalKind.InMemory => "inmemory",
        JournalKind.Sqlite => "sqlite",
        JournalKind.Postgres => "postgres",
        _ => kind.ToString(),
    };

    public static JournalKind Parse(string name) => name switch
    {
        "sqlite" => JournalKind.Sqlite,
        "postgres" => JournalKind.Postgres,
        _ => JournalKind.InMemory,
    };
}
