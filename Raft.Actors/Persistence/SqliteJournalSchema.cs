using Microsoft.Data.Sqlite;

namespace Raft.Actors.Persistence;

/// <summary>
/// The journal tables of Akka.Persistence.Sql (its default table mapping), created by the storage rather than by the
/// plugin (whose <c>auto-initialize</c> the storage turns off), without the plugin's indexes on <c>created</c> and on
/// <c>sequence_number</c> alone: Raft replays and deletes by persistence id and sequence number, which the unique index
/// serves, and never queries by time. Each index is a page more to write and fsync per journal write: a one-entry
/// write puts 3.2 pages into the log instead of 5.4 (docs/benchmarks.md). A file whose tables the plugin created
/// keeps them as they are. The snapshot store creates its own table as before.
/// </summary>
internal static class SqliteJournalSchema
{
    // Column for column what the plugin's linq2db mapping creates, so files written either way are read the same.
    private const string Tables = """
        CREATE TABLE IF NOT EXISTS [journal]
        (
            [ordering]        INTEGER        NOT NULL PRIMARY KEY AUTOINCREMENT,
            [created]         INTEGER        NOT NULL,
            [deleted]         Bit            NOT NULL,
            [persistence_id]  NVarChar(255)  NOT NULL,
            [sequence_number] INTEGER        NOT NULL,
            [message]         VarBinary      NOT NULL,
            [manifest]        NVarChar(500)      NULL,
            [identifier]      INTEGER            NULL,
            [writer_uuid]     NVarChar(128)      NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS journal_uq ON journal (persistence_id, sequence_number);
        CREATE TABLE IF NOT EXISTS [tags]
        (
            [ordering_id]    INTEGER       NOT NULL,
            [tag]            NVarChar(64)  NOT NULL,
            [sequence_nr]    INTEGER       NOT NULL,
            [persistence_id] NVarChar(255) NOT NULL,
            CONSTRAINT [PK_tags] PRIMARY KEY ([ordering_id], [tag])
        );
        CREATE INDEX IF NOT EXISTS tags_persistence_id_sequence_nr_idx ON tags (persistence_id, sequence_nr);
        CREATE INDEX IF NOT EXISTS tags_tag_idx ON tags (tag);
        """;

    /// <summary>The plugin setting that leaves the tables to <see cref="Create"/>.</summary>
    public const string PluginSetting = "auto-initialize = false";

    /// <summary>Creates the journal tables in the database <paramref name="connection"/> is open on, unless they exist.</summary>
    public static void Create(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Tables;
        command.ExecuteNonQuery();
        transaction.Commit();
    }
}
