using Npgsql;

namespace Raft.Actors.Persistence;

/// <summary>Creating, checking and upgrading the shared tables.</summary>
public sealed partial class PostgresJournal
{
    /// <summary>The schema this build writes. Bump it together with a step in <see cref="UpgradeFrom"/>.</summary>
    internal const int SchemaVersion = 1;

    internal const string SchemaTable = "raft_journal_schema";
    internal const string HardStateTable = "raft_journal_hard_state";
    internal const string SnapshotsTable = "raft_journal_snapshots";
    internal const string EntriesTable = "raft_journal_entries";

    // Any fixed number: every journal process takes the same lock while it creates or upgrades the tables.
    private const long SchemaLockKey = 0x5261_6674_4A6E_6C31;

    private const string UndefinedTable = "42P01";
    private const string UndefinedColumn = "42703";

    private static readonly string CreateTables = $"""
        CREATE TABLE IF NOT EXISTS {HardStateTable} (
            cluster_id text NOT NULL,
            member_id text NOT NULL,
            term bigint NOT NULL,
            voted_for text,
            crc bigint NOT NULL,
            PRIMARY KEY (cluster_id, member_id));
        CREATE TABLE IF NOT EXISTS {SnapshotsTable} (
            cluster_id text NOT NULL,
            member_id text NOT NULL,
            last_included_index bigint NOT NULL,
            last_included_term bigint NOT NULL,
            data bytea NOT NULL,
            crc bigint NOT NULL,
            PRIMARY KEY (cluster_id, member_id));
        CREATE TABLE IF NOT EXISTS {EntriesTable} (
            cluster_id text NOT NULL,
            member_id text NOT NULL,
            idx bigint NOT NULL,
            term bigint NOT NULL,
            kind smallint NOT NULL,
            command bytea NOT NULL,
            crc bigint NOT NULL,
            PRIMARY KEY (cluster_id, member_id, idx));
        INSERT INTO {SchemaTable} (id, version) VALUES (1, {SchemaVersion});
        """;

    private static readonly (string Table, string Columns)[] DataTables =
    [
        (HardStateTable, "cluster_id, member_id, term, voted_for, crc"),
        (SnapshotsTable, "cluster_id, member_id, last_included_index, last_included_term, data, crc"),
        (EntriesTable, "cluster_id, member_id, idx, term, kind, command, crc"),
    ];

    /// <summary>Creates the tables in a database that has none, upgrades older ones, and refuses unknown ones.</summary>
    private void EnsureSchema(NpgsqlConnection connection)
    {
        using var transaction = connection.BeginTransaction();

        // Peers starting together would race to create the same tables; the lock makes them take turns.
        Execute(connection, $"SELECT pg_advisory_xact_lock({SchemaLockKey})");
        Execute(connection, $"CREATE TABLE IF NOT EXISTS {SchemaTable} (id integer PRIMARY KEY CHECK (id = 1), version integer NOT NULL)");
        using (var read = new NpgsqlCommand($"SELECT version FROM {SchemaTable} WHERE id = 1", connection))
        {
            switch (read.ExecuteScalar())
            {
                case null:
                    Execute(connection, CreateTables);
                    break;
                case int version when version > SchemaVersion:
                    throw new JournalCorruptedException(Location, $"the database has journal schema version {version}, newer than this build reads ({SchemaVersion})");
                case int version when version < SchemaVersion:
                    Migrate(connection, version);
                    break;
            }
        }

        foreach (var (table, columns) in DataTables)
        {
            CheckTable(connection, table, columns);
        }

        transaction.Commit();
    }

    /// <summary>The migration point: upgrades the tables of an older build step by step, inside the caller's transaction.</summary>
    private void Migrate(NpgsqlConnection connection, int fromVersion)
    {
        var version = fromVersion;
        while (version < SchemaVersion)
        {
            version = UpgradeFrom(version);
        }

        Execute(connection, $"UPDATE {SchemaTable} SET version = {SchemaVersion} WHERE id = 1");
    }

    /// <summary>
    /// One step of <see cref="Migrate"/>: turns schema <paramref name="version"/> into the next and returns its number.
    /// Version 1 is the first schema, so no step exists yet; version 2 will add its "1 => ..." arm here.
    /// </summary>
    private int UpgradeFrom(int version) => version switch
    {
        _ => throw new JournalCorruptedException(
            Location, $"the database has journal schema version {version}, unknown: this build reads version {SchemaVersion} and knows no older one to upgrade"),
    };

    private void CheckTable(NpgsqlConnection connection, string table, string columns)
    {
        try
        {
            Execute(connection, $"SELECT {columns} FROM {table} LIMIT 0");
        }
        catch (PostgresException ex) when (ex.SqlState is UndefinedTable or UndefinedColumn)
        {
            throw new JournalCorruptedException(Location, $"table {table} with columns {columns} is missing ({ex.MessageText})", ex);
        }
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
