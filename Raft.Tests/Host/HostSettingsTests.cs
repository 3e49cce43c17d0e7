using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;
using Raft.Host.Configuration;

namespace Raft.Tests.Host;

/// <summary>Start-up validation of the host's configuration: every problem names the key to fix.</summary>
public sealed class HostSettingsTests
{
    [Fact]
    public void The_defaults_are_valid_and_describe_three_members()
    {
        var settings = HostSettings.Load(Configuration());

        var group = settings.ToGroupSettings();
        Assert.Equal("raft", group.ClusterId);
        Assert.Equal(["n1", "n2", "n3"], group.MemberIds);
        Assert.Empty(group.Problems());
    }

    [Fact]
    public void The_default_storage_is_SQLite_in_raft_data_under_the_working_directory()
    {
        var settings = HostSettings.Load(Configuration());

        Assert.Equal("sqlite", settings.Storage.Storage);
        Assert.Equal("raft-data", settings.Storage.DataDirectory);
    }

    [Fact]
    public void An_unknown_storage_kind_names_the_key_and_the_kinds()
    {
        var error = Assert.Throws<HostConfigurationException>(() => HostSettings.Load(Configuration(("Raft:Storage", "mongo"))));

        Assert.Equal(["Raft:Storage 'mongo' is not a storage: use sqlite, postgres, inmem."], error.Problems);
        Assert.Equal("Invalid configuration: Raft:Storage 'mongo' is not a storage: use sqlite, postgres, inmem.", error.Message);
    }

    [Theory]
    [InlineData("postgres", "Raft:PostgresConnectionString", "Raft:PostgresConnectionString must be set when Raft:Storage is postgres.")]
    [InlineData("SQLite", "Raft:DataDirectory", "Raft:DataDirectory must name a directory when Raft:Storage is sqlite.")]
    public void A_storage_without_its_location_names_the_missing_key(string kind, string key, string problem)
    {
        var error = Assert.Throws<HostConfigurationException>(() => HostSettings.Load(Configuration(("Raft:Storage", kind), (key, " "))));

        Assert.Equal([problem], error.Problems);
    }

    [Fact]
    public void Storage_kinds_are_read_in_any_case_and_the_in_memory_one_needs_no_location()
    {
        var settings = HostSettings.Load(Configuration(("Raft:Storage", "InMem"), ("Raft:DataDirectory", "")));

        using var storage = settings.Storage.Open(settings.Group.Members);
        Assert.Equal(Raft.Actors.Persistence.RaftStorageKind.InMemory, storage.Kind);
    }

    [Theory]
    [InlineData("Shared", "raft.db")]
    [InlineData("per-member", "raft.n2.db")]
    public void SQLite_keeps_a_file_per_member_or_one_shared_file_as_configured(string files, string n2File)
    {
        using var directory = new Raft.Tests.Persistence.TemporaryDirectory();
        var settings = HostSettings.Load(Configuration(("Raft:DataDirectory", directory.Path), ("Raft:SqliteFiles", files)));

        using var storage = settings.Storage.Open(settings.Group.Members);

        Assert.Equal($"SQLite file '{directory.File(n2File)}'", storage.LocationFor("n2"));
    }

    [Fact]
    public void An_unknown_SQLite_file_layout_names_the_key_and_the_choices()
    {
        var error = Assert.Throws<HostConfigurationException>(() => HostSettings.Load(Configuration(("Raft:SqliteFiles", "per-group"))));

        Assert.Equal(["Raft:SqliteFiles 'per-group' is not a file layout: use per-member or shared."], error.Problems);
    }

    [Fact]
    public void The_shipped_appsettings_json_loads_without_a_problem()
    {
        var configuration = new ConfigurationManager();
        ConfigurationSources.Apply(configuration, new HostingEnvironment { EnvironmentName = "Production" }, []);

        var settings = HostSettings.Load(configuration);

        Assert.Equal("raft", configuration["Raft:ClusterId"]);
        Assert.Equal(["n1", "n2", "n3"], settings.Group.Members);
        Assert.Equal("sqlite", settings.Storage.Storage);
    }

    [Fact]
    public void A_heartbeat_too_slow_for_the_election_timeout_names_both_keys()
    {
        var error = Assert.Throws<HostConfigurationException>(() => HostSettings.Load(Configuration(("Raft:HeartbeatInterval", "00:00:00.100"))));

        Assert.Equal(["Raft:HeartbeatInterval (100 ms) must be at most a third of Raft:ElectionTimeoutMin (150 ms)."], error.Problems);
    }

    [Fact]
    public void A_value_that_does_not_convert_names_its_key()
    {
        var error = Assert.Throws<HostConfigurationException>(() => HostSettings.Load(Configuration(("Raft:ElectionTimeoutMax", "soon"))));

        Assert.Contains("'Raft:ElectionTimeoutMax'", Assert.Single(error.Problems));
    }

    [Fact]
    public void A_misspelt_key_is_reported_not_ignored()
    {
        var error = Assert.Throws<HostConfigurationException>(() => HostSettings.Load(Configuration(("Raft:Snapshots:EveryEntrys", "10"))));

        Assert.StartsWith("Raft:Snapshots:EveryEntrys is not a known setting", Assert.Single(error.Problems));
    }

    [Fact]
    public void Nested_and_group_options_are_named_by_their_full_keys()
    {
        var error = Assert.Throws<HostConfigurationException>(() => HostSettings.Load(Configuration(
            ("Raft:Snapshots:EveryEntries", "-1"),
            ("Raft:MemberIds:0", "a"),
            ("Raft:MemberIds:1", "a"),
            ("Raft:ClusterId", " "))));

        Assert.Contains(error.Problems, p => p.StartsWith("Raft:Snapshots:EveryEntries must not be negative", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("Raft:MemberIds lists 'a' 2 times", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("Raft:ClusterId must not be empty", StringComparison.Ordinal));
    }

    [Fact]
    public void A_non_positive_proposal_timeout_names_its_key()
    {
        var error = Assert.Throws<HostConfigurationException>(() => HostSettings.Load(Configuration(("Raft:ProposalTimeout", "00:00:00"))));

        Assert.Equal(["Raft:ProposalTimeout must be positive (is 00:00:00)."], error.Problems);
    }

    [Fact]
    public void Configured_member_ids_replace_the_default_ones()
    {
        var settings = HostSettings.Load(Configuration(("Raft:MemberIds:0", "a"), ("Raft:MemberIds:1", "b")));

        Assert.Equal(["a", "b"], settings.Group.Members);
    }

    [Fact]
    public void The_simulation_needs_at_least_one_seed()
    {
        var error = Assert.Throws<HostConfigurationException>(() => HostSettings.Load(Configuration(("Simulation:Seeds", "0"))));

        Assert.Equal(["Simulation:Seeds must be at least 1 (is 0)."], error.Problems);
    }

    [Fact]
    public void The_exception_message_lists_every_problem()
    {
        var error = Assert.Throws<HostConfigurationException>(() => HostSettings.Load(Configuration(("Raft:ProposalTimeout", "-00:00:01"), ("Simulation:Seeds", "0"))));

        Assert.Contains("Raft:ProposalTimeout", error.Message);
        Assert.Contains("Simulation:Seeds", error.Message);
    }

    [Fact]
    public void The_command_line_sets_any_key_and_seeds_is_short_for_the_simulation_seed_count()
    {
        var configuration = new ConfigurationManager();
        var environment = new HostingEnvironment { EnvironmentName = "Test" };

        ConfigurationSources.Apply(configuration, environment, ["simulate", "--seeds", "7", "--Raft:ClusterId=orders"]);
        var settings = HostSettings.Load(configuration);

        Assert.Equal(7, settings.Simulation.Seeds);
        Assert.Equal("orders", settings.Group.ClusterId);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
}
