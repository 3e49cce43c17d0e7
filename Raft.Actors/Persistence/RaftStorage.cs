using System.Text;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Persistence.Sql.Config;
using LinqToDB;
using Raft.Actors.Configuration;
using Raft.Actors.Core;

namespace Raft.Actors.Persistence;

/// <summary>
/// Where a node keeps its Raft journals and snapshots, as the HOCON and setup an actor system needs: a journal
/// plugin and a snapshot store plugin (Akka.Persistence.Sql for SQLite and PostgreSQL, Akka's in-memory ones
/// otherwise), with <see cref="RaftConfig.Default"/> (the serializer binding) as fallback. A host picks one with
/// <see cref="Open"/>, starts its actor system with <see cref="AddTo(ActorSystemSetup)"/> (or Akka.Hosting's
/// <see cref="RaftStorageHostingExtensions.WithRaftStorage"/>), gives its peers <see cref="JournalPluginId"/> and
/// <see cref="SnapshotPluginId"/>, and disposes the storage after the actor system has terminated.
/// <para>
/// SQLite keeps either one file per node, <c>{dataDirectory}/{name}.db</c>, shared by every member the node hosts,
/// or a file per member, <c>{dataDirectory}/{name}.{member}.db</c> (<see cref="OpenSqlite(string, IReadOnlyCollection{string}, string)"/>).
/// A SQLite file takes one writer at a time: with one file the members' writes queue behind each other, and a
/// member's write waits for another's fsync; with a file each, the members of a node write and sync side by side,
/// which is what a leader waiting for its own write and a follower's wants (see docs/benchmarks.md). Members then
/// take their plugins from <see cref="JournalPluginIdFor"/> and <see cref="SnapshotPluginIdFor"/>.
/// </para>
/// </summary>
public sealed class RaftStorage : IDisposable
{
    /// <summary>The storage name used when none is given: plugin ids <c>akka.persistence.*.raft</c>, file <c>raft.db</c>.</summary>
    public const string DefaultName = "raft";

    private const string SqlJournalClass = "Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql";
    private const string SqlSnapshotClass = "Akka.Persistence.Sql.Snapshot.SqlSnapshotStore, Akka.Persistence.Sql";

    private readonly string _name;
    private readonly IReadOnlyDictionary<string, DataOptions> _dataOptions;
    private readonly IReadOnlyDictionary<string, string>? _memberLocations;
    private readonly IDisposable[] _resources;

    private RaftStorage(RaftStorageKind kind, string name, string location, Config plugins, IReadOnlyDictionary<string, DataOptions>? dataOptions = null, IDisposable[]? resources = null, IReadOnlyDictionary<string, string>? memberLocations = null)
    {
        Kind = kind;
        Location = location;
        _name = name;
        Config = plugins.WithFallback(RaftConfig.Default);
        _dataOptions = dataOptions ?? new Dictionary<string, DataOptions>();
        _memberLocations = memberLocations;
        _resources = resources ?? [];
    }

    public RaftStorageKind Kind { get; }

    /// <summary>The file(s) or database, as messages name it.</summary>
    public string Location { get; }

    /// <summary>The members this storage keeps a file each for, in the order given; empty when they share one.</summary>
    public IReadOnlyCollection<string> FileMembers => _memberLocations is { } members ? [.. members.Keys] : [];

    /// <summary>The shared journal plugin's id, for <c>RaftPeerSettings.JournalPluginId</c>.</summary>
    /// <exception cref="InvalidOperationException">The storage keeps a file per member: use <see cref="JournalPluginIdFor"/>.</exception>
    public string JournalPluginId => _memberLocations is null ? JournalPluginIdOf(_name) : throw PerMember(nameof(JournalPluginIdFor));

    /// <summary>The shared snapshot store plugin's id, for <c>RaftPeerSettings.SnapshotPluginId</c>.</summary>
    /// <exception cref="InvalidOperationException">The storage keeps a file per member: use <see cref="SnapshotPluginIdFor"/>.</exception>
    public string SnapshotPluginId => _memberLocations is null ? SnapshotPluginIdOf(_name) : throw PerMember(nameof(SnapshotPluginIdFor));

    /// <summary>Every plugin's HOCON, falling back to <see cref="RaftConfig.Default"/>.</summary>
    public Config Config { get; }

    /// <summary>What the SQL plugins connect with, by plugin id, when the HOCON alone does not say enough (SQLite's pragmas).</summary>
    internal IReadOnlyDictionary<string, DataOptions> DataOptions => _dataOptions;

    /// <summary>The journal plugin <paramref name="memberId"/> writes to: its own file's, or the shared one.</summary>
    /// <exception cref="ArgumentException">The storage keeps a file per member and has none for this one.</exception>
    public string JournalPluginIdFor(string memberId) => _memberLocations is null ? JournalPluginIdOf(_name) : JournalPluginIdOf(MemberPluginName(memberId));

    /// <summary>The snapshot store plugin <paramref name="memberId"/> writes to: its own file's, or the shared one.</summary>
    /// <exception cref="ArgumentException">The storage keeps a file per member and has none for this one.</exception>
    public string SnapshotPluginIdFor(string memberId) => _memberLocations is null ? SnapshotPluginIdOf(_name) : SnapshotPluginIdOf(MemberPluginName(memberId));

    /// <summary>Where <paramref name="memberId"/>'s journal lives, as messages name it.</summary>
    /// <exception cref="ArgumentException">The storage keeps a file per member and has none for this one.</exception>
    public string LocationFor(string memberId) => _memberLocations is null ? Location : _memberLocations[KnownMember(memberId)];

    /// <summary>
    /// Opens the storage a host's configuration names: <paramref name="kind"/> is <c>sqlite</c> (then
    /// <paramref name="location"/> is the data directory), <c>postgres</c> (a connection string) or <c>inmem</c>
    /// (no location), in any case.
    /// </summary>
    /// <exception cref="RaftStorageException">The kind is unknown, or the storage cannot be used; the message says why.</exception>
    public static RaftStorage Open(string kind, string? location, string name = DefaultName)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return kind.Trim().ToLowerInvariant() switch
        {
            "sqlite" => OpenSqlite(Required(location, "sqlite", "a data directory"), name),
            "postgres" or "postgresql" => OpenPostgres(Required(location, "postgres", "a connection string"), name),
            "inmem" or "in-memory" or "memory" => InMemory(name),
            _ => throw new RaftStorageException("Raft storage", $"the kind '{kind}' is unknown: use sqlite, postgres or inmem"),
        };
    }

    /// <summary>Akka's in-memory journal and snapshot store: everything is lost with the actor system.</summary>
    public static RaftStorage InMemory(string name = DefaultName)
    {
        ValidateName(name);
        var plugins = ConfigurationFactory.ParseString($$"""
            akka.persistence.journal.{{name}} {
              class = "Akka.Persistence.Journal.MemoryJournal, Akka.Persistence"
            }
            akka.persistence.snapshot-store.{{name}} {
              class = "Akka.Persistence.Snapshot.MemorySnapshotStore, Akka.Persistence"
            }
            """);
        return new RaftStorage(RaftStorageKind.InMemory, name, "in-memory journal", plugins);
    }

    /// <summary>
    /// The node's SQLite file <c>{name}.db</c> in <paramref name="dataDirectory"/> (created if missing), in WAL mode,
    /// every connection with <c>synchronous = FULL</c>. Holds <c>{name}.lock</c> in the directory until disposed, so no
    /// second process uses the same files. The log is checkpointed into the database every 100 ms from a connection
    /// of the storage's own, off the journal's writes.
    /// </summary>
    /// <exception cref="RaftStorageException">
    /// The directory is a file or cannot be created, another process uses it, or the database file is not a SQLite
    /// database, is damaged or stays locked: the message names the path and the problem.
    /// </exception>
    public static RaftStorage OpenSqlite(string dataDirectory, string name = DefaultName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        ValidateName(name);
        var directory = SqliteDataDirectory.Open(dataDirectory, name, [name]);
        var path = directory.DatabasePaths[0];
        var dataOptions = new Dictionary<string, DataOptions>(StringComparer.Ordinal);
        var plugins = SqlitePlugins(name, path, dataOptions);
        return new RaftStorage(RaftStorageKind.Sqlite, name, $"SQLite file '{path}'", plugins, dataOptions, WithCheckpointer(directory));
    }

    /// <summary>
    /// A SQLite file per member, <c>{name}.{member}.db</c> in <paramref name="dataDirectory"/> (created if missing),
    /// each as <see cref="OpenSqlite(string, string)"/> sets one up, under one lock file <c>{name}.lock</c>. Each
    /// member has its own plugins (<see cref="JournalPluginIdFor"/>), so the members' writes and syncs run side by side.
    /// </summary>
    /// <exception cref="ArgumentException">No members, an invalid member id, or two ids that differ only in case (one file on some file systems).</exception>
    /// <exception cref="RaftStorageException">The directory or one of the files cannot be used; the message names it and the problem.</exception>
    public static RaftStorage OpenSqlite(string dataDirectory, IReadOnlyCollection<string> members, string name = DefaultName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        ArgumentNullException.ThrowIfNull(members);
        ValidateName(name);
        ValidateFileMembers(members);
        var directory = SqliteDataDirectory.Open(dataDirectory, name, [.. members.Select(member => MemberFileName(name, member))]);
        var dataOptions = new Dictionary<string, DataOptions>(StringComparer.Ordinal);
        var plugins = ConfigurationFactory.Empty;
        var locations = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (member, path) in Enumerable.Zip(members, directory.DatabasePaths))
        {
            plugins = plugins.WithFallback(SqlitePlugins(MemberFileName(name, member), path, dataOptions));
            locations[member] = $"SQLite file '{path}'";
        }

        var location = $"SQLite files {string.Join(", ", directory.DatabasePaths.Select(path => $"'{path}'"))}";
        return new RaftStorage(RaftStorageKind.Sqlite, name, location, plugins, dataOptions, WithCheckpointer(directory), locations);
    }

    /// <summary>A PostgreSQL database (version 15 or later); the plugins create their tables on first use.</summary>
    /// <exception cref="RaftStorageException">The connection string is malformed or the database cannot be reached.</exception>
    public static RaftStorage OpenPostgres(string connectionString, string name = DefaultName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ValidateName(name);
        var location = PostgresDatabase.Check(connectionString);

        // Writes of different members may go in parallel; one member never has two writes in flight.
        var plugins = SqlPlugins(name, connectionString, ProviderName.PostgreSQL15, parallelism: 3);
        return new RaftStorage(RaftStorageKind.Postgres, name, location, plugins);
    }

    public static string JournalPluginIdOf(string name) => $"akka.persistence.journal.{name}";

    public static string SnapshotPluginIdOf(string name) => $"akka.persistence.snapshot-store.{name}";

    /// <summary>A setup with this storage's HOCON as the fallback of <paramref name="bootstrap"/>'s config, and its data options.</summary>
    public ActorSystemSetup AddTo(BootstrapSetup bootstrap) => AddTo(ActorSystemSetup.Create(bootstrap));

    /// <summary>
    /// <paramref name="setup"/> with this storage added: its HOCON as the fallback of the setup's config, its data
    /// options (SQLite's <c>synchronous = FULL</c>) merged into the setup's <see cref="MultiDataOptionsSetup"/>.
    /// </summary>
    public ActorSystemSetup AddTo(ActorSystemSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var bootstrap = setup.Get<BootstrapSetup>();
        var existing = bootstrap.HasValue ? bootstrap.Value : BootstrapSetup.Create();
        var config = existing.Config.HasValue ? existing.Config.Value.WithFallback(Config) : Config;
        setup = setup.And(existing.WithConfig(config));
        if (_dataOptions.Count == 0)
        {
            return setup;
        }

        var options = setup.Get<MultiDataOptionsSetup>();
        return setup.And(AddDataOptions(options.HasValue ? options.Value : new MultiDataOptionsSetup()));
    }

    /// <summary>Adds this storage's data options to <paramref name="setup"/>, which may hold other plugins' already.</summary>
    public MultiDataOptionsSetup AddDataOptions(MultiDataOptionsSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        foreach (var (pluginId, options) in _dataOptions)
        {
            setup.AddDataOptions(pluginId, options);
        }

        return setup;
    }

    /// <summary>Releases the data directory; call it after the actor system that used this storage has terminated.</summary>
    public void Dispose()
    {
        foreach (var resource in _resources)
        {
            resource.Dispose();
        }
    }

    public override string ToString() => $"{Kind} storage '{_name}' at {Location}";

    /// <summary>The directory's files with their checkpointer, which is disposed first: it uses the files the directory's lock guards.</summary>
    private static IDisposable[] WithCheckpointer(SqliteDataDirectory directory)
    {
        try
        {
            return [new SqliteWalCheckpointer(directory.DatabasePaths, TimeProvider.System), directory];
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>The plugins of one SQLite file, named <paramref name="pluginName"/>; their data options go to <paramref name="dataOptions"/>.</summary>
    private static Config SqlitePlugins(string pluginName, string path, Dictionary<string, DataOptions> dataOptions)
    {
        var connectionString = SqliteDataDirectory.ConnectionString(path);
        var options = new DataOptions()
            .UseConnectionString(ProviderName.SQLiteMS, connectionString)
            .UseInterceptor(SqliteConnectionPragmas.Instance);
        dataOptions[JournalPluginIdOf(pluginName)] = options;
        dataOptions[SnapshotPluginIdOf(pluginName)] = options;

        // SQLite has one writer: one transaction in flight, and whatever is queued meanwhile goes into the next.
        // The journal's tables are the storage's, created when the file is opened (SqliteJournalSchema).
        return ConfigurationFactory.ParseString($"{JournalPluginIdOf(pluginName)}.{SqliteJournalSchema.PluginSetting}")
            .WithFallback(SqlPlugins(pluginName, connectionString, ProviderName.SQLiteMS, parallelism: 1));
    }

    private static Config SqlPlugins(string name, string connectionString, string providerName, int parallelism)
    {
        var connection = Quote(connectionString);
        var provider = Quote(providerName);
        return ConfigurationFactory.ParseString($$"""
            akka.persistence.journal.{{name}} {
              class = "{{SqlJournalClass}}"
              # The plugin looks its data options up by this id.
              plugin-id = "{{JournalPluginIdOf(name)}}"
              connection-string = {{connection}}
              provider-name = {{provider}}
              parallelism = {{parallelism}}
              # Rows per transaction: every event queued while a write is in flight goes into the next one.
              batch-size = 1000
              # Payloads go as parameters, not as hex literals in the SQL text.
              prefer-parameters-on-multirow-insert = true
            }
            akka.persistence.snapshot-store.{{name}} {
              class = "{{SqlSnapshotClass}}"
              plugin-id = "{{SnapshotPluginIdOf(name)}}"
              connection-string = {{connection}}
              provider-name = {{provider}}
            }
            """);
    }

    /// <summary>A HOCON quoted string: backslashes, quotes and control characters escaped.</summary>
    private static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => builder.Append("\\\""),
                '\\' => builder.Append("\\\\"),
                < ' ' => builder.Append($"\\u{(int)c:x4}"),
                _ => builder.Append(c),
            };
        }

        return builder.Append('"').ToString();
    }

    private static string Required(string? location, string kind, string what) =>
        string.IsNullOrWhiteSpace(location) ? throw new RaftStorageException("Raft storage", $"the kind '{kind}' needs {what}") : location;

    /// <summary>A member's file and plugins are <c>{name}.{member}</c>: a storage name holds no dot, so no other storage's names meet them.</summary>
    private static string MemberFileName(string name, string member) => $"{name}.{member}";

    private string MemberPluginName(string memberId) => MemberFileName(_name, KnownMember(memberId));

    private string KnownMember(string memberId) =>
        _memberLocations!.ContainsKey(memberId)
            ? memberId
            : throw new ArgumentException($"Raft storage '{_name}' keeps a file for members {string.Join(", ", _memberLocations.Keys)}, not for '{memberId}'.", nameof(memberId));

    private InvalidOperationException PerMember(string use) =>
        new($"Raft storage '{_name}' keeps a SQLite file per member ({string.Join(", ", _memberLocations!.Keys)}), each with its own plugins: use {use}(memberId).");

    private static void ValidateFileMembers(IReadOnlyCollection<string> members)
    {
        if (members.Count == 0)
        {
            throw new ArgumentException("A SQLite file per member needs at least one member.", nameof(members));
        }

        foreach (var member in members)
        {
            MemberIds.Validate(member, "member id");
        }

        // Case-insensitive file systems (Windows, macOS) would give such members one file.
        foreach (var clash in members.GroupBy(member => member, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            throw new ArgumentException($"Members {string.Join(" and ", clash.Select(m => $"'{m}'"))} would share a file on a case-insensitive file system: give each a file name of its own.", nameof(members));
        }
    }

    /// <summary>A storage name names plugins and files: lower case, so file names agree on case-insensitive file systems.</summary>
    private static void ValidateName(string name)
    {
        if (!MemberIds.IsValid(name) || name.Any(char.IsAsciiLetterUpper))
        {
            throw new ArgumentException($"The storage name '{name}' is not valid: use 1 to {MemberIds.MaxLength} lower-case letters, digits, '-' or '_'.", nameof(name));
        }
    }
}
