using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Microsoft.Data.Sqlite;
using Raft.Actors.Persistence;
using Raft.Benchmarks.Cli;

namespace Raft.Benchmarks.Journals;

/// <summary>
/// The one place the benchmark chooses the members' storage: reads <c>--journal</c> and its options, and opens the
/// <see cref="RaftStorage"/> a run's <c>ActorSystem</c> is set up with and its group (and the restart scenario's
/// journal writer) write through. Every run has its own actor system and cluster id, so it starts from empty
/// journals; SQLite's go in a fresh temporary directory unless <c>--data-dir</c> names one. Dispose it after the
/// actor system has terminated: it releases the storage and removes the temporary directory (unless <c>--keep-data</c>).
/// </summary>
internal sealed class JournalFactory : IDisposable
{
    /// <summary>The members every scenario draws from; with a SQLite file per member, each has one.</summary>
    public static readonly string[] Members = ["n1", "n2", "n3"];

    private readonly string? _removeAtEnd;

    private JournalFactory(JournalKind kind, RaftStorage storage, string location, string? removeAtEnd)
    {
        Kind = kind;
        Storage = storage;
        Location = location;
        _removeAtEnd = removeAtEnd;
    }

    public JournalKind Kind { get; }

    /// <summary>The members' storage (<c>RaftGroupSettings.WithStorage</c>); also the journal the restart scenario writes to.</summary>
    public RaftStorage Storage { get; }

    /// <summary>Where the run's journals live, for the output.</summary>
    public string Location { get; }

    /// <summary>Reads the storage options; every problem goes to <paramref name="args"/>.</summary>
    public static JournalOptions Read(BenchArgs args)
    {
        var kind = Parse(args.Choice("journal", "inmemory", "inmemory", "sqlite", "postgres"));
        var dataDirectory = args.String("data-dir");
        var keepData = args.Flag("keep-data");
        var files = args.Choice("sqlite-files", "per-member", "per-member", "shared");
        var postgres = args.String("postgres");
        if (kind != JournalKind.Sqlite && (dataDirectory is not null || keepData || args.Has("sqlite-files")))
        {
            args.Problem("--data-dir, --keep-data and --sqlite-files go with --journal sqlite.");
        }
        else if (dataDirectory is not null && keepData)
        {
            args.Problem("--keep-data keeps the temporary data directory; a --data-dir you name is never removed.");
        }

        if (kind == JournalKind.Postgres && postgres is null)
        {
            args.Problem("--journal postgres needs --postgres 'CONNECTION STRING' (e.g. 'Host=127.0.0.1;Port=5432;Username=raft;Password=raft;Database=raft_tests').");
        }
        else if (kind != JournalKind.Postgres && postgres is not null)
        {
            args.Problem("--postgres goes with --journal postgres.");
        }

        return new JournalOptions(kind, dataDirectory, keepData, postgres, SharedSqliteFile: files == "shared");
    }

    /// <summary>Opens the storage <paramref name="options"/> name, creating the temporary data directory if it is SQLite's.</summary>
    /// <exception cref="RaftStorageException">The storage cannot be used; the message names the file or database and the problem.</exception>
    public static JournalFactory Open(JournalOptions options)
    {
        switch (options.Kind)
        {
            case JournalKind.Sqlite when options.DataDirectory is { } named:
                var kept = OpenSqlite(named, options);
                return new JournalFactory(options.Kind, kept, kept.Location, null);
            case JournalKind.Sqlite:
                var temporary = Directory.CreateTempSubdirectory("raft-bench-").FullName;
                try
                {
                    var storage = OpenSqlite(temporary, options);
                    return options.KeepData
                        ? new JournalFactory(options.Kind, storage, $"{storage.Location} (kept after the run: --keep-data)", null)
                        : new JournalFactory(options.Kind, storage, $"{storage.Location} (temporary: removed at the end unless --keep-data)", temporary);
                }
                catch
                {
                    Directory.Delete(temporary, recursive: true);
                    throw;
                }

            case JournalKind.Postgres:
                var database = RaftStorage.OpenPostgres(options.PostgresConnectionString!);
                return new JournalFactory(options.Kind, database, database.Location, null);
            default:
                // Akka.Persistence's in-memory plugins: per actor system, so a member stopped and started again in the
                // run recovers from what it wrote, and nothing outlives the run.
                var memory = RaftStorage.InMemory();
                return new JournalFactory(options.Kind, memory, "in memory (Akka.Persistence's in-memory journal and snapshot store)", null);
        }
    }

    private static RaftStorage OpenSqlite(string dataDirectory, JournalOptions options) =>
        options.SharedSqliteFile ? RaftStorage.OpenSqlite(dataDirectory) : RaftStorage.OpenSqlite(dataDirectory, Members);

    /// <summary>An actor system setup with <paramref name="config"/> and the storage's plugins (and SQLite's connection settings).</summary>
    public ActorSystemSetup Setup(Config config) => Storage.AddTo(BootstrapSetup.Create().WithConfig(config));

    public void Dispose()
    {
        Storage.Dispose();
        if (_removeAtEnd is not null)
        {
            // Pooled connections keep the database open; close them before removing its directory.
            SqliteConnection.ClearAllPools();
            Directory.Delete(_removeAtEnd, recursive: true);
        }
    }

    public static string Name(JournalKind kind) => kind switch
    {
        JournalKind.InMemory => "inmemory",
        JournalKind.Sqlite => "sqlite",
        JournalKind.Postgres => "postgres",
        _ => kind.ToString(),
    };

    private static JournalKind Parse(string name) => name switch
    {
        "sqlite" => JournalKind.Sqlite,
        "postgres" => JournalKind.Postgres,
        _ => JournalKind.InMemory,
    };
}
