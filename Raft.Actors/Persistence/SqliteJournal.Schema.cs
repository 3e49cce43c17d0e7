using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Raft.Actors.Persistence;

/// <summary>Creating, checking and upgrading the journal file.</summary>
public sealed partial class SqliteJournal
{
    /// <summary>The schema this build writes. Bump it together with a step in <see cref="Migrate"/>.</summary>
    internal const long SchemaVersion = 1;

    // STRICT tables refuse a value of the wrong type, so what Load reads is what Write stored.
    private const string CreateSchema = """
        CREATE TABLE meta (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            schema_version INTEGER NOT NULL,
            cluster_id TEXT NOT NULL,
            member_id TEXT NOT NULL) STRICT;
        CREATE TABLE hard_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            term INTEGER NOT NULL,
            voted_for TEXT,
            crc INTEGER NOT NULL) STRICT;
        CREATE TABLE snapshot (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            last_included_index INTEGER NOT NULL,
            last_included_term INTEGER NOT NULL,
            data BLOB NOT NULL,
            crc INTEGER NOT NULL) STRICT;
        CREATE TABLE entries (
            idx INTEGER PRIMARY KEY,
            term INTEGER NOT NULL,
            kind INTEGER NOT NULL,
            command BLOB NOT NULL,
            crc INTEGER NOT NULL) STRICT;
        """;

    private static readonly (string Table, string Columns)[] DataTables =
    [
        ("hard_state", "term, voted_for, crc"),
        ("snapshot", "last_included_index, last_included_term, data, crc"),
        ("entries", "idx, term, kind, command, crc"),
    ];

    /// <summary>
    /// Builds the new journal under a draft name and renames it into place, so a file at <paramref name="path"/> is
    /// always a complete journal: an empty or half-created one can then only mean damage, never an interrupted start.
    /// </summary>
    private static void CreateFile(string path, string clusterId, string memberId)
    {
        var directory = Path.GetDirectoryName(path) ?? throw new ArgumentException($"{path} has no directory.", nameof(path));
        Directory.CreateDirectory(directory);
        var draft = path + ".creating";
        File.Delete(draft);
        File.Delete(draft + "-journal");

        // Written in rollback-journal mode, so the draft is one self-contained file when its connection closes;
        // opening it switches it to WAL.
        using (var connection = Connect(draft, SqliteOpenMode.ReadWriteCreate))
        {
            ExecuteNonQuery(connection, "PRAGMA synchronous = FULL");
            using var transaction = connection.BeginTransaction();
            ExecuteNonQuery(connection, CreateSchema);
            using var meta = connection.CreateCommand();
            meta.CommandText = "INSERT INTO meta (id, schema_version, cluster_id, member_id) VALUES (1, $version, $cluster, $member)";
            meta.Parameters.AddWithValue("$version", SchemaVersion);
            meta.Parameters.AddWithValue("$cluster", clusterId);
            meta.Parameters.AddWithValue("$member", memberId);
            meta.ExecuteNonQuery();
            transaction.Commit();
        }

        // A WAL left by an earlier file of this name would be replayed into the new one.
        File.Delete(path + "-wal");
        File.Delete(path + "-shm");
        File.Move(draft, path);
        DirectorySync.Flush(directory);
    }

    private static SqliteConnection Connect(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,

            // Without pooling, Dispose really closes the file, releasing its lock for the next open.
            Pooling = false,

            // How long an open waits for another connection to let go of the file (a peer restarting in-process).
            DefaultTimeout = 3,
        }.ToString());
        try
        {
            connection.Open();
            return connection;
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw new IOException($"Journal {path} cannot be opened: {ex.Message}", ex);
        }
    }

    private void OpenChecked(string clusterId, string memberId)
    {
        // Exclusive locking holds the file from the first read until Dispose: a second process opening the same
        // peer's journal fails instead of interleaving its writes. It also keeps the WAL index in memory (no -shm file).
        ExecuteNonQuery(_connection, "PRAGMA locking_mode = EXCLUSIVE");
        if (!string.Equals(QueryColumn("PRAGMA journal_mode = WAL").SingleOrDefault(), "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new IOException($"Journal {Location} cannot be switched to write-ahead logging.");
        }

        // FULL fsyncs the WAL at every commit, so an acknowledged write survives power loss (NORMAL syncs only at
        // checkpoints: a crash of the machine could take the last commits). fullfsync makes macOS flush the drive's
        // cache as well; elsewhere it changes nothing.
        ExecuteNonQuery(_connection, "PRAGMA synchronous = FULL");
        ExecuteNonQuery(_connection, "PRAGMA fullfsync = ON");
        // Checkpoint the WAL every 16,384 pages (64 MiB with 4 KiB pages) instead of 1,000: each checkpoint copies
        // pages into the database file and fsyncs it inside some commit, and at 1,000 pages that happened every
        // few hundred milliseconds under load (about 130k commands/s -> 150k in the throughput benchmark). Recovery
        // reads the WAL through its index, so restart time did not grow (docs/benchmarks.md).
        ExecuteNonQuery(_connection, "PRAGMA wal_autocheckpoint = 16384");

        // SQLite keeps no page checksums: a truncated or overwritten page is found only by walking the b-trees.
        // quick_check does that (and checks NOT NULL and STRICT types) without cross-checking indexes, which this
        // schema does not have; its cost is a read of the whole file, once per open.
        var problems = QueryColumn("PRAGMA quick_check(5)");
        if (problems is not ["ok"])
        {
            throw new JournalCorruptedException(Location, $"the integrity check failed: {string.Join("; ", problems)}");
        }

        CheckTable("meta", "schema_version, cluster_id, member_id");
        var (version, foundCluster, foundMember) = ReadMeta();
        if (version > SchemaVersion)
        {
            throw new JournalCorruptedException(Location, $"schema version {version} is newer than this build reads ({SchemaVersion})");
        }

        if (foundCluster != clusterId || foundMember != memberId)
        {
            throw new JournalOwnershipException(Location, clusterId, memberId, foundCluster, foundMember);
        }

        if (version < SchemaVersion)
        {
            Migrate(version);
        }

        foreach (var (table, columns) in DataTables)
        {
            CheckTable(table, columns);
        }

        _bounds = ReadBounds();
    }

    /// <summary>The migration point: upgrades a journal written by an older build, step by step, in one transaction.</summary>
    private void Migrate(long fromVersion)
    {
        using var transaction = _connection.BeginTransaction();
        var version = fromVersion;
        while (version < SchemaVersion)
        {
            version = UpgradeFrom(version);
        }

        ExecuteNonQuery(_connection, $"UPDATE meta SET schema_version = {SchemaVersion}");
        transaction.Commit();
    }

    /// <summary>
    /// One step of <see cref="Migrate"/>: turns schema <paramref name="version"/> into the next and returns its number.
    /// Version 1 is the first schema, so no step exists yet; version 2 will add its "1 => ..." arm here.
    /// </summary>
    private long UpgradeFrom(long version) => version switch
    {
        _ => throw new JournalCorruptedException(
            Location, $"schema version {version} is unknown: this build reads version {SchemaVersion} and knows no older one to upgrade"),
    };

    private void CheckTable(string table, string columns)
    {
        try
        {
            ExecuteNonQuery(_connection, $"SELECT {columns} FROM {table} LIMIT 0");
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == raw.SQLITE_ERROR)
        {
            throw new JournalCorruptedException(Location, $"table {table} with columns {columns} is missing ({ex.Message})", ex);
        }
    }

    private (long Version, string Cluster, string Member) ReadMeta()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT schema_version, cluster_id, member_id FROM meta WHERE id = 1";
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? (reader.GetInt64(0), reader.GetString(1), reader.GetString(2))
            : throw new JournalCorruptedException(Location, "the meta table is empty: the file's schema version and owner are unknown");
    }

    private JournalBounds ReadBounds()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT last_included_index FROM snapshot WHERE id = 1), count(*), min(idx), max(idx) FROM entries
            """;
        using var reader = command.ExecuteReader();
        return JournalBounds.Read(Location, reader);
    }

    private List<string> QueryColumn(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private static void ExecuteNonQuery(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Says which journal failed and how: damage as <see cref="JournalCorruptedException"/>, the rest as <see cref="IOException"/>.</summary>
    private Exception Translate(SqliteException ex) => ex.SqliteErrorCode switch
    {
        raw.SQLITE_CORRUPT or raw.SQLITE_NOTADB => new JournalCorruptedException(Location, ex.Message, ex),
        raw.SQLITE_BUSY or raw.SQLITE_LOCKED => new IOException($"Journal {Location} is held by another process or connection.", ex),
        _ => new IOException($"Journal {Location}: {ex.Message}", ex),
    };
}
