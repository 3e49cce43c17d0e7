using Raft.Actors.Persistence;

namespace Raft.Host.Configuration;

/// <summary>
/// Where the members keep their Raft state, bound from section <c>Raft</c>: the one place the host's storage is
/// chosen. SQLite in <see cref="DataDirectory"/> by default, so a host started again recovers what it wrote.
/// </summary>
public sealed class StorageSettings
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
    public const string InMemory = "inmem";

    public const string FilePerMember = "per-member";
    public const string SharedFile = "shared";

    private static readonly string[] Kinds = [Sqlite, Postgres, InMemory];
    private static readonly string[] FileLayouts = [FilePerMember, SharedFile];

    /// <summary><c>sqlite</c>, <c>postgres</c> or <c>inmem</c>, in any case.</summary>
    public string Storage { get; set; } = Sqlite;

    /// <summary>SQLite's data directory (the database files and <c>raft.lock</c>); relative paths start at the working directory.</summary>
    public string DataDirectory { get; set; } = "raft-data";

    /// <summary>
    /// SQLite: <c>per-member</c> (<c>raft.{member}.db</c> each, so the members write and sync side by side) or
    /// <c>shared</c> (one <c>raft.db</c>), in any case.
    /// </summary>
    public string SqliteFiles { get; set; } = FilePerMember;

    /// <summary>PostgreSQL's connection string; required when <see cref="Storage"/> is <c>postgres</c>.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>The kind as spelt in <see cref="Kinds"/>; null when it is none of them.</summary>
    private string? Kind => Array.Find(Kinds, k => string.Equals(k, Storage?.Trim(), StringComparison.OrdinalIgnoreCase));

    private string? FileLayout => Array.Find(FileLayouts, l => string.Equals(l, SqliteFiles?.Trim(), StringComparison.OrdinalIgnoreCase));

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        switch (Kind)
        {
            case null:
                problems.Add($"Raft:{nameof(Storage)} '{Storage}' is not a storage: use {string.Join(", ", Kinds)}.");
                break;
            case Sqlite when string.IsNullOrWhiteSpace(DataDirectory):
                problems.Add($"Raft:{nameof(DataDirectory)} must name a directory when Raft:{nameof(Storage)} is {Sqlite}.");
                break;
            case Sqlite when FileLayout is null:
                problems.Add($"Raft:{nameof(SqliteFiles)} '{SqliteFiles}' is not a file layout: use {string.Join(" or ", FileLayouts)}.");
                break;
            case Postgres when string.IsNullOrWhiteSpace(PostgresConnectionString):
                problems.Add($"Raft:{nameof(PostgresConnectionString)} must be set when Raft:{nameof(Storage)} is {Postgres}.");
                break;
        }

        return problems;
    }

    /// <summary>Opens the storage these settings name for <paramref name="members"/>; call only when <see cref="Problems"/> is empty.</summary>
    /// <exception cref="RaftStorageException">The storage cannot be used; the message names the file or database and the problem.</exception>
    public RaftStorage Open(IReadOnlyCollection<string> members) => Kind switch
    {
        Sqlite when FileLayout == SharedFile => RaftStorage.OpenSqlite(DataDirectory),
        Sqlite => RaftStorage.OpenSqlite(DataDirectory, members),
        Postgres => RaftStorage.OpenPostgres(PostgresConnectionString!),
        InMemory => RaftStorage.InMemory(),
        _ => throw new InvalidOperationException(string.Join(" ", Problems())),
    };
}
