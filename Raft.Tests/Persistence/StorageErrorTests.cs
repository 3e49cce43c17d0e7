using Akka.Actor;
using Microsoft.Data.Sqlite;
using Raft.Actors.Core;
using Raft.Actors.Peer;
using Raft.Actors.Persistence;
using Raft.Actors.Protocol;
using Xunit.Abstractions;

namespace Raft.Tests.Persistence;

/// <summary>Storage that cannot be used is reported once, naming the file or database and what is wrong with it.</summary>
public sealed class StorageErrorTests(ITestOutputHelper output)
{
    [Fact]
    public void A_data_directory_that_is_a_file_is_refused_naming_it()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("not-a-directory");
        File.WriteAllText(path, "x");

        var ex = Assert.Throws<RaftStorageException>(() => RaftStorage.OpenSqlite(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains("is a file, not a directory", ex.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_SQLite_database_is_refused_naming_it()
    {
        using var directory = new TemporaryDirectory();
        var database = directory.File("raft.db");
        File.WriteAllBytes(database, [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 7))]);

        var ex = Assert.Throws<RaftStorageException>(() => RaftStorage.OpenSqlite(directory.Path));

        output.WriteLine(ex.Message);
        Assert.Contains(database, ex.Message);
        Assert.Contains("not a SQLite database", ex.Message);
    }

    [Fact]
    public void A_truncated_database_is_refused_as_damaged_naming_it()
    {
        using var directory = new TemporaryDirectory();
        var database = directory.File("raft.db");
        using (var storage = TestStorageOn(directory))
        using (var kit = new JournalKit(storage, output))
        {
            var writer = kit.Writer(RaftPeerSettings.PersistenceIdOf("truncated", "m"));
            for (var i = 0; i < 20; i++)
            {
                kit.Write(writer, new JournalOperation.Append(Serialization.SerializerSamples.Entries(1 + (i * 100), 100, 1)));
            }
        }

        // Closing the last connection folds the write-ahead log into the file; then cut the file in half.
        SqliteConnection.ClearAllPools();
        Assert.False(File.Exists(database + "-wal"), "the write-ahead log was not folded into the database");
        using (var file = new FileStream(database, FileMode.Open))
        {
            file.SetLength(file.Length / 2);
        }

        var ex = Assert.Throws<RaftStorageException>(() => RaftStorage.OpenSqlite(directory.Path));

        output.WriteLine(ex.Message);
        Assert.Contains(database, ex.Message);
        Assert.Contains("damaged", ex.Message);
    }

    [Fact]
    public void A_damaged_database_in_rollback_journal_mode_is_refused_and_left_byte_for_byte_as_it_was()
    {
        using var directory = new TemporaryDirectory();
        var database = directory.File("raft.db");
        using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE t(x BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO t SELECT randomblob(200) FROM n;";
            command.ExecuteNonQuery();
        }

        // Overwrite a page in the middle, leaving the header (which says rollback journal) and the schema intact:
        // switching such a file to WAL would succeed and rewrite its header before the damage is found.
        using (var file = new FileStream(database, FileMode.Open))
        {
            file.Position = file.Length / 2 / 4096 * 4096;
            file.Write(Enumerable.Repeat((byte)0xFF, 4096).ToArray());
        }

        var before = File.ReadAllBytes(database);

        var ex = Assert.Throws<RaftStorageException>(() => RaftStorage.OpenSqlite(directory.Path));

        output.WriteLine(ex.Message);
        Assert.Contains("damaged", ex.Message);
        Assert.Equal(before, File.ReadAllBytes(database));
    }

    [Fact]
    public void A_data_directory_another_storage_holds_is_refused_naming_its_lock_file()
    {
        using var directory = new TemporaryDirectory();
        using var first = RaftStorage.OpenSqlite(directory.Path);

        var ex = Assert.Throws<RaftStorageException>(() => RaftStorage.OpenSqlite(directory.Path));

        Assert.Contains(directory.File("raft.lock"), ex.Message);
        Assert.Contains("using this data directory", ex.Message);
    }

    [Fact]
    public void A_database_another_connection_keeps_write_locked_is_refused_naming_it()
    {
        using var directory = new TemporaryDirectory();
        var database = directory.File("raft.db");
        RaftStorage.OpenSqlite(directory.Path).Dispose();
        using var other = new SqliteConnection($"Data Source={database};Pooling=False");
        other.Open();
        using var begin = other.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE";
        begin.ExecuteNonQuery();

        var ex = Assert.Throws<RaftStorageException>(() => RaftStorage.OpenSqlite(directory.Path));

        output.WriteLine(ex.Message);
        Assert.Contains(database, ex.Message);
        Assert.Contains("holds a lock", ex.Message);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Port=not-a-number", "malformed")]
    [InlineData("Hots=127.0.0.1", "malformed")]
    [InlineData("Database=raft", "names no Host")]
    public void A_malformed_PostgreSQL_connection_string_is_refused_saying_why(string connectionString, string problem)
    {
        var ex = Assert.Throws<RaftStorageException>(() => RaftStorage.OpenPostgres(connectionString));

        output.WriteLine(ex.Message);
        Assert.Contains("PostgreSQL connection string", ex.Message);
        Assert.Contains(problem, ex.Message);
    }

    [Fact]
    public void An_unreachable_PostgreSQL_database_is_refused_naming_it_without_its_password()
    {
        // Nothing listens on port 1 of the loopback interface: the connection is refused at once.
        var ex = Assert.Throws<RaftStorageException>(() =>
            RaftStorage.OpenPostgres("Host=127.0.0.1;Port=1;Database=raft_nowhere;Username=raft;Password=secret-word;Timeout=5"));

        output.WriteLine(ex.Message);
        Assert.Contains("PostgreSQL database 'raft_nowhere' on 127.0.0.1:1", ex.Message);
        Assert.Contains("cannot be reached", ex.Message);
        Assert.DoesNotContain("secret-word", ex.Message);
    }

    [Fact]
    public void An_unknown_storage_kind_is_refused_listing_the_known_ones()
    {
        var ex = Assert.Throws<RaftStorageException>(() => RaftStorage.Open("mongo", "x"));

        Assert.Contains("'mongo'", ex.Message);
        Assert.Contains("sqlite, postgres or inmem", ex.Message);
    }

    [Theory]
    [MemberData(nameof(JournalKind.Durable), MemberType = typeof(JournalKind))]
    public void An_event_that_cannot_be_read_stops_the_peer_naming_its_journal_and_sequence_number(string kind)
    {
        using var storage = TestStorage.Create(kind);
        using var kit = new JournalKit(storage, output);
        var cluster = TestStorage.UniqueClusterId("unreadable");
        var persistenceId = RaftPeerSettings.PersistenceIdOf(cluster, SingleMemberGroup.MemberId);
        var writer = kit.Writer(persistenceId);
        kit.Write(writer, new JournalOperation.SaveHardState(new HardState(1, SingleMemberGroup.MemberId)));
        kit.Write(writer, new JournalOperation.Append([LogEntry.NoOp(1, 1)]));
        kit.Write(writer, new JournalOperation.Append(Serialization.SerializerSamples.Entries(2, 3, 1)));
        kit.Sys.Stop(writer);

        // Event 2 now claims a format version this build does not know.
        storage.ReplaceEvent(persistenceId, 2, [9, 1, 2, 3]);
        var settings = SingleMemberGroup.Settings(cluster, storage.Storage, () => new CountingStateMachine());
        var watcher = kit.CreateTestProbe();

        kit.EventFilter.Error(contains: $"its journal {persistenceId} could not be recovered past sequence number 1").ExpectOne(JournalKit.Patience, () =>
        {
            var peer = kit.Sys.ActorOf(RaftPeer.Props(settings), SingleMemberGroup.MemberId);
            watcher.Watch(peer);
            watcher.ExpectTerminated(peer, JournalKit.Patience);
        });
        var failure = kit.RecoverExpectingFailure(persistenceId);
        Assert.Contains("format version 9", failure.Reason.Message);
    }

    private TestStorage TestStorageOn(TemporaryDirectory directory) => TestStorage.Create(JournalKind.Sqlite, directory);
}
