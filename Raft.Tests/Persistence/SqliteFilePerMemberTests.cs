using Microsoft.Data.Sqlite;
using Raft.Actors.Cluster;
using Raft.Actors.Peer;
using Raft.Actors.Persistence;
using Xunit.Abstractions;

namespace Raft.Tests.Persistence;

/// <summary>
/// SQLite with a file per member: each member's journal and snapshots go to its own file, through its own plugins,
/// and come back from it when the node starts again.
/// </summary>
public sealed class SqliteFilePerMemberTests(ITestOutputHelper output)
{
    private static readonly string[] Members = ["n1", "n2", "n3"];

    [Fact]
    public void Each_member_gets_its_own_file_in_write_ahead_log_mode_and_its_own_plugins()
    {
        using var directory = new TemporaryDirectory();

        using (var storage = RaftStorage.OpenSqlite(directory.Path, Members))
        {
            Assert.Equal(Members, storage.FileMembers);
            Assert.Equal(3, Members.Select(storage.JournalPluginIdFor).Distinct().Count());
            Assert.Equal(3, Members.Select(storage.SnapshotPluginIdFor).Distinct().Count());
            foreach (var member in Members)
            {
                var file = directory.File($"raft.{member}.db");
                Assert.Equal($"SQLite file '{file}'", storage.LocationFor(member));
                Assert.Contains(file, storage.Config.GetString(storage.JournalPluginIdFor(member) + ".connection-string"));
                Assert.Contains(file, storage.Config.GetString(storage.SnapshotPluginIdFor(member) + ".connection-string"));
                Assert.True(storage.DataOptions.ContainsKey(storage.JournalPluginIdFor(member)), $"no data options for {member}'s journal");
                Assert.True(storage.DataOptions.ContainsKey(storage.SnapshotPluginIdFor(member)), $"no data options for {member}'s snapshot store");
            }
        }

        Assert.All(Members, member => Assert.Equal("wal", Scalar(directory.File($"raft.{member}.db"), "PRAGMA journal_mode")));
        Assert.False(File.Exists(directory.File("raft.db")), "a shared file was created as well");
    }

    [Fact]
    public void A_member_it_keeps_no_file_for_and_the_shared_plugin_ids_are_refused_with_what_to_use()
    {
        using var directory = new TemporaryDirectory();
        using var storage = RaftStorage.OpenSqlite(directory.Path, ["n1", "n2"]);

        var unknown = Assert.Throws<ArgumentException>(() => storage.JournalPluginIdFor("n3"));
        Assert.Contains("keeps a file for members n1, n2, not for 'n3'", unknown.Message, StringComparison.Ordinal);
        var shared = Assert.Throws<InvalidOperationException>(() => storage.JournalPluginId);
        Assert.Contains("use JournalPluginIdFor(memberId)", shared.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "n1", "N1" }, "would share a file on a case-insensitive file system")]
    [InlineData(new[] { "n1", "../x" }, "member id '../x' is not valid")]
    [InlineData(new string[0], "needs at least one member")]
    public void Member_ids_that_cannot_each_name_a_file_are_refused(string[] members, string problem)
    {
        using var directory = new TemporaryDirectory();

        var ex = Assert.Throws<ArgumentException>(() => RaftStorage.OpenSqlite(directory.Path, members));

        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(directory.Path, "*.db"));
    }

    [Fact]
    public void A_group_writes_each_member_to_its_own_file_and_recovers_each_from_it()
    {
        using var directory = new TemporaryDirectory();
        var cluster = TestStorage.UniqueClusterId("files");
        long applied;
        using (var storage = RaftStorage.OpenSqlite(directory.Path, Members))
        {
            using var kit = new JournalKit(storage, output);
            var group = RaftGroup.Start(kit.Sys, Settings(cluster).WithStorage(storage));
            applied = ProposeAll(group, 20);
            kit.AwaitAssert(() => Assert.All(Members, member => Assert.True(Status(group, member).LastApplied >= applied, $"{member} has not applied {applied}")), JournalKit.Patience);
        }

        SqliteConnection.ClearAllPools();
        foreach (var member in Members)
        {
            var ids = Column(directory.File($"raft.{member}.db"), "SELECT DISTINCT persistence_id FROM journal");
            Assert.Equal([RaftPeerSettings.PersistenceIdOf(cluster, member)], ids);
        }

        using (var storage = RaftStorage.OpenSqlite(directory.Path, Members))
        {
            using var kit = new JournalKit(storage, output);
            var group = RaftGroup.Start(kit.Sys, Settings(cluster).WithStorage(storage));
            Assert.All(Members, member => Assert.True(Status(group, member).LastLogIndex >= applied, $"{member} recovered less than index {applied}"));
        }

        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public void A_group_with_a_member_the_storage_keeps_no_file_for_does_not_start()
    {
        using var directory = new TemporaryDirectory();
        using var storage = RaftStorage.OpenSqlite(directory.Path, ["n1", "n2"]);
        using var kit = new JournalKit(storage, output);

        var ex = Assert.Throws<ArgumentException>(() => RaftGroup.Start(kit.Sys, Settings("files").WithStorage(storage)));

        Assert.Contains("not for 'n3'", ex.Message, StringComparison.Ordinal);
    }

    private static RaftGroupSettings Settings(string cluster) => new()
    {
        ClusterId = cluster,
        MemberIds = Members,
        StateMachineFactory = _ => new CountingStateMachine(),
        ProposalTimeout = JournalKit.Patience,
    };

    private static long ProposeAll(RaftGroup group, int count)
    {
        var results = Enumerable.Range(0, count).Select(i => group.Client.ProposeAsync(SingleMemberGroup.Command(i))).ToArray();
        return results.Max(task => task.GetAwaiter().GetResult().Index);
    }

    private static Raft.Actors.Protocol.ClientProtocol.PeerStatus Status(RaftGroup group, string member) =>
        group.Client.StatusAsync(member, JournalKit.Patience).GetAwaiter().GetResult();

    private static string? Scalar(string file, string sql) => Column(file, sql).Single();

    private static List<string?> Column(string file, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string?>();
        while (reader.Read())
        {
            values.Add(reader.IsDBNull(0) ? null : reader.GetValue(0).ToString());
        }

        return values;
    }
}
