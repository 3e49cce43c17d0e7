using Microsoft.Data.Sqlite;
using Raft.Actors.Cluster;
using Raft.Actors.Persistence;
using Xunit.Abstractions;

namespace Raft.Tests.Persistence;

/// <summary>The storage creates the journal tables without the indexes Raft never reads, and still uses files the plugin set up.</summary>
public sealed class SqliteJournalSchemaTests(ITestOutputHelper output)
{
    private static readonly string[] Members = ["n1", "n2", "n3"];

    [Fact]
    public void A_new_file_indexes_the_journal_only_by_persistence_id_and_sequence_number_and_a_group_recovers_from_it()
    {
        using var directory = new TemporaryDirectory();

        RunTwice(directory, CountingGroup());

        Assert.Equal(["journal_uq"], Indexes(directory.File("raft.db"), "journal"));
    }

    [Fact]
    public void A_file_whose_tables_the_plugin_created_keeps_them_and_a_group_recovers_from_it()
    {
        using var directory = new TemporaryDirectory();
        var file = directory.File("raft.db");
        using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            // What Akka.Persistence.Sql's auto-initialize creates for SQLite: our tables and two more indexes.
            connection.Open();
            SqliteJournalSchema.Create(connection);
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE INDEX journal_created_idx ON journal (created);
                CREATE INDEX journal_sequence_number_idx ON journal (sequence_number);
                """;
            command.ExecuteNonQuery();
        }

        RunTwice(directory, CountingGroup());

        Assert.Equal(["journal_created_idx", "journal_sequence_number_idx", "journal_uq"], Indexes(file, "journal"));
    }

    private static RaftGroupSettings CountingGroup() => new()
    {
        ClusterId = TestStorage.UniqueClusterId("schema"),
        MemberIds = Members,
        StateMachineFactory = _ => new CountingStateMachine(),
        ProposalTimeout = JournalKit.Patience,
    };

    /// <summary>Commits proposals in a group on one shared file, then starts the group again from it: every member must recover them.</summary>
    private void RunTwice(TemporaryDirectory directory, RaftGroupSettings settings)
    {
        long applied;
        using (var storage = RaftStorage.OpenSqlite(directory.Path))
        {
            using var kit = new JournalKit(storage, output);
            var group = RaftGroup.Start(kit.Sys, settings.WithStorage(storage));
            var results = Enumerable.Range(0, 20).Select(i => group.Client.ProposeAsync(SingleMemberGroup.Command(i))).ToArray();
            applied = results.Max(task => task.GetAwaiter().GetResult().Index);
        }

        SqliteConnection.ClearAllPools();
        using (var storage = RaftStorage.OpenSqlite(directory.Path))
        {
            using var kit = new JournalKit(storage, output);
            var group = RaftGroup.Start(kit.Sys, settings.WithStorage(storage));
            Assert.All(Members, member =>
            {
                var status = group.Client.StatusAsync(member, JournalKit.Patience).GetAwaiter().GetResult();
                Assert.True(status.LastLogIndex >= applied, $"{member} recovered through index {status.LastLogIndex}, not {applied}");
            });
        }

        SqliteConnection.ClearAllPools();
    }

    private static List<string> Indexes(string file, string table)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = $table ORDER BY name";
        command.Parameters.AddWithValue("$table", table);
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
