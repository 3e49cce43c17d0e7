using Akka.Actor;
using Microsoft.Extensions.Configuration;
using Raft.Host.Configuration;

namespace Raft.Tests.Host;

/// <summary>Node mode's Akka.Cluster settings: seed nodes from the members, or given, and the checks on them.</summary>
public sealed class NodeSettingsTests
{
    private static readonly (string, string)[] Members =
    [
        ("Node:MemberId", "n2"),
        ("Node:Members:n3", "10.0.0.3:4051"),
        ("Node:Members:n1", "10.0.0.1:4051"),
        ("Node:Members:n2", "10.0.0.2:4051"),
    ];

    [Fact]
    public void Without_seed_nodes_every_member_seeds_the_cluster_in_member_id_order()
    {
        var settings = NodeSettings.Load(Configuration(Members));

        Assert.Equal(
            ["akka.tcp://raft@10.0.0.1:4051", "akka.tcp://raft@10.0.0.2:4051", "akka.tcp://raft@10.0.0.3:4051"],
            settings.SeedNodeAddresses().Select(a => a.ToString()));
        var config = settings.AkkaConfig();
        Assert.Equal("cluster", config.GetString("akka.actor.provider"));
        Assert.Equal(["raft"], config.GetStringList("akka.cluster.roles"));
        Assert.Equal(settings.SeedNodeAddresses().Select(a => a.ToString()), config.GetStringList("akka.cluster.seed-nodes"));
        Assert.Equal(4051, config.GetInt("akka.remote.dot-netty.tcp.port"));
        Assert.Equal("10.0.0.2", config.GetString("akka.remote.dot-netty.tcp.hostname"));
    }

    [Fact]
    public void Seed_nodes_given_replace_the_members_as_the_clusters_seeds()
    {
        var settings = NodeSettings.Load(Configuration([.. Members, ("Node:SeedNodes:0", "akka.tcp://raft@10.0.0.9:4051")]));

        Assert.Equal([Address.Parse("akka.tcp://raft@10.0.0.9:4051")], settings.SeedNodeAddresses());
        Assert.Equal(["akka.tcp://raft@10.0.0.9:4051"], settings.AkkaConfig().GetStringList("akka.cluster.seed-nodes"));
    }

    [Theory]
    [InlineData("10.0.0.9:4051", "is not an Akka address")]
    [InlineData("akka.tcp://other@10.0.0.9:4051", "whose actor system is not 'raft'")]
    public void A_seed_node_that_cannot_be_joined_is_refused_naming_the_key(string seed, string problem)
    {
        var error = Assert.Throws<HostConfigurationException>(() => NodeSettings.Load(Configuration([.. Members, ("Node:SeedNodes:0", seed)])));

        var message = Assert.Single(error.Problems);
        Assert.Contains($"Node:SeedNodes lists '{seed}'", message);
        Assert.Contains(problem, message);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
}
