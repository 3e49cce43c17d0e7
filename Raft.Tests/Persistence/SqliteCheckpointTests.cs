using LinqToDB.Data;
using Microsoft.Data.Sqlite;
using Raft.Actors.Persistence;

namespace Raft.Tests.Persistence;

/// <summary>The write-ahead log goes back into the database from the storage's own connection, not from a journal write's.</summary>
public sealed class SqliteCheckpointTests
{
    // 1,500 pages of rows in one transaction: past SQLite's default automatic checkpoint (1,000 pages), under the
    // plugins' backstop (2,000).
    private const int Rows = 1_500;
    private const int RowBytes = 4_000;
    private static readonly string Fill =
        $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Rows}) INSERT INTO filler (payload) SELECT randomblob({RowBytes}) FROM n";

    [Fact]
    public void A_sqlite_storage_checkpoints_its_files_in_the_background()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("raft.db");
        using (var storage = RaftStorage.OpenSqlite(directory.Path))
        {
            using (var connection = new DataConnection(storage.DataOptions[storage.JournalPluginId]))
            {
                Assert.Equal(SqliteConnectionPragmas.BackstopCheckpointPages, connection.Execute<int>("PRAGMA wal_autocheckpoint"));
                connection.Execute("CREATE TABLE filler (payload BLOB NOT NULL)");
                connection.Execute(Fill);
            }

            var written = (long)Rows * RowBytes;

            // The checkpointer runs every 100 ms on its own timer: wait for the database file to hold the rows.
            Assert.True(SpinWait.SpinUntil(() => new FileInfo(path).Length >= written, TimeSpan.FromSeconds(15)), $"after 15 s the database file holds {new FileInfo(path).Length} bytes, not the {written} written to its log");
        }

        using var reader = new SqliteConnection($"Data Source={path};Pooling=False");
        reader.Open();
        using var count = reader.CreateCommand();
        count.CommandText = "SELECT count(*) FROM filler";
        Assert.Equal((long)Rows, count.ExecuteScalar());
    }

    [Fact]
    public void A_journal_connection_leaves_the_log_to_the_checkpointer_which_copies_all_of_it_into_the_database()
    {
        using var directory = new TemporaryDirectory();
        using var data = SqliteDataDirectory.Open(directory.Path, "raft", ["raft"]);
        var path = data.DatabasePaths[0];

        // Kept open: SQLite checkpoints when the last connection to a file closes.
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        SqliteConnectionPragmas.Instance.ConnectionOpened(default, connection);
        Execute(connection, "CREATE TABLE filler (payload BLOB NOT NULL)");
        Execute(connection, Fill);

        var before = new FileInfo(path).Length;
        using var checkpointer = new SqliteWalCheckpointer(data.DatabasePaths, TimeProvider.System);
        var complete = checkpointer.CheckpointNow();

        Assert.True(before < RowBytes * 10, $"the journal connection checkpointed by itself: the database file holds {before} bytes before the checkpointer ran");
        Assert.True(complete, "the checkpoint did not copy the whole log");
        Assert.True(new FileInfo(path).Length >= (long)Rows * RowBytes, $"after the checkpoint the database file holds {new FileInfo(path).Length} bytes");
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
