using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Persistence.Sql.Config;
using LinqToDB;
using LinqToDB.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Raft.Actors.Persistence;
using Raft.Actors.Serialization;

namespace Raft.Tests.Persistence;

/// <summary>What a host gets from <see cref="RaftStorage"/>: plugin ids, HOCON, data options, the SQLite file's settings.</summary>
public sealed class RaftStorageTests
{
    [Theory]
    [InlineData("sqlite", RaftStorageKind.Sqlite)]
    [InlineData("SQLite", RaftStorageKind.Sqlite)]
    [InlineData("inmem", RaftStorageKind.InMemory)]
    public void Open_selects_the_storage_a_configuration_names(string kind, RaftStorageKind expected)
    {
        using var directory = new TemporaryDirectory();

        using var storage = RaftStorage.Open(kind, directory.Path);

        Assert.Equal(expected, storage.Kind);
        Assert.Equal("akka.persistence.journal.raft", storage.JournalPluginId);
        Assert.Equal("akka.persistence.snapshot-store.raft", storage.SnapshotPluginId);
        Assert.True(storage.Config.HasPath(storage.JournalPluginId + ".class"), $"no journal plugin in {storage.Config}");
        Assert.True(storage.Config.HasPath(storage.SnapshotPluginId + ".class"), $"no snapshot store plugin in {storage.Config}");
        Assert.StartsWith(typeof(RaftSerializer).FullName!, storage.Config.GetString("akka.actor.serializers.raft"), StringComparison.Ordinal);
    }

    [Fact]
    public void Sqlite_keeps_one_file_per_data_directory_in_write_ahead_log_mode()
    {
        using var directory = new TemporaryDirectory();

        using (var storage = RaftStorage.OpenSqlite(Path.Combine(directory.Path, "node-1")))
        {
            Assert.Contains(directory.File(Path.Combine("node-1", "raft.db")), storage.Location);
        }

        using var connection = new SqliteConnection($"Data Source={directory.File(Path.Combine("node-1", "raft.db"))};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    public void Every_plugin_connection_is_made_synchronous_FULL_with_a_busy_timeout_even_when_reused_from_the_pool()
    {
        using var directory = new TemporaryDirectory();
        using var storage = RaftStorage.OpenSqlite(directory.Path);
        var options = storage.DataOptions[storage.JournalPluginId];
        using (var first = new DataConnection(options))
        {
            // A pooled connection keeps its pragmas: spoil them, and the next open must set them again.
            first.Execute("PRAGMA synchronous = OFF; PRAGMA busy_timeout = 0;");
        }

        using var second = new DataConnection(options);

        Assert.Equal(2, second.Execute<int>("PRAGMA synchronous"));
        Assert.Equal(30_000, second.Execute<int>("PRAGMA busy_timeout"));
    }

    [Theory]
    [InlineData("Raft")]
    [InlineData("../raft")]
    [InlineData("")]
    public void A_storage_name_that_could_not_name_a_file_everywhere_is_refused(string name)
    {
        Assert.Throws<ArgumentException>(() => RaftStorage.InMemory(name));
    }

    [Fact]
    public void Added_to_a_setup_the_host_configuration_wins_and_other_plugins_data_options_stay()
    {
        using var directory = new TemporaryDirectory();
        using var storage = RaftStorage.OpenSqlite(directory.Path, "node");
        var theirs = new DataOptions().UseConnectionString(ProviderName.SQLiteMS, "Data Source=:memory:");
        var existing = new MultiDataOptionsSetup();
        existing.AddDataOptions("akka.persistence.journal.theirs", theirs);
        var host = ConfigurationFactory.ParseString("akka.persistence.journal.node.batch-size = 7");

        var setup = storage.AddTo(ActorSystemSetup.Create(BootstrapSetup.Create().WithConfig(host), existing));

        var config = setup.Get<BootstrapSetup>().Value.Config.Value;
        Assert.Equal(7, config.GetInt("akka.persistence.journal.node.batch-size"));
        Assert.Equal(1, config.GetInt("akka.persistence.journal.node.parallelism"));
        var options = setup.Get<MultiDataOptionsSetup>().Value;
        Assert.True(options.TryGetDataOptionsFor("akka.persistence.journal.theirs", out var kept) && ReferenceEquals(theirs, kept));
        Assert.True(options.TryGetDataOptionsFor(storage.JournalPluginId, out _));
        Assert.True(options.TryGetDataOptionsFor(storage.SnapshotPluginId, out _));
    }

    [Fact]
    public void With_Akka_Hosting_the_data_options_join_those_the_builder_already_has()
    {
        using var directory = new TemporaryDirectory();
        using var storage = RaftStorage.OpenSqlite(directory.Path);
        var builder = new AkkaConfigurationBuilder(new ServiceCollection(), "node");
        var existing = new MultiDataOptionsSetup();
        existing.AddDataOptions("akka.persistence.journal.theirs", new DataOptions());
        builder.AddSetup(existing);

        builder.WithRaftStorage(storage);

        var options = Assert.Single(builder.Setups.OfType<MultiDataOptionsSetup>());
        Assert.True(options.TryGetDataOptionsFor("akka.persistence.journal.theirs", out _));
        Assert.True(options.TryGetDataOptionsFor(storage.JournalPluginId, out _));
        Assert.True(builder.Configuration.Value.HasPath(storage.JournalPluginId + ".class"));
    }

    [Fact]
    public void A_path_with_quotes_and_backslashes_survives_the_HOCON()
    {
        using var directory = new TemporaryDirectory();
        var odd = Path.Combine(directory.Path, "a \"quoted\" \\ dir");

        using var storage = RaftStorage.OpenSqlite(odd);

        Assert.Contains(Path.Combine(Path.GetFullPath(odd), "raft.db"), storage.Config.GetString(storage.JournalPluginId + ".connection-string"));
    }
}
