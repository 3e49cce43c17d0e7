using Akka.Actor;
using Akka.Configuration;
using Raft.Actors.Configuration;
using Raft.Actors.Core;
using Raft.Actors.Remote;
using Raft.Tests.Cluster;

namespace Raft.Tests.Remote;

/// <summary>What <see cref="RaftMember.Start"/> refuses, before anything runs, with a message that says what to fix.</summary>
public sealed class RaftMemberStartTests
{
    [Fact]
    public async Task A_member_refuses_to_start_when_an_append_does_not_fit_in_the_remote_frame()
    {
        var members = RemoteNode.Addresses(["n1", "n2", "n3"]);
        using var system = ActorSystem.Create(RemoteNode.SystemName, RemoteNode.ConfigFor(members["n1"], "akka.remote.dot-netty.tcp.maximum-frame-size = 256000b"));
        try
        {
            var error = Assert.Throws<ArgumentException>(() => RaftMember.Start(system, Settings(members, new RaftOptions())));

            Assert.Contains("MaxAppendBytes 1048576", error.Message);
            Assert.Contains("MaxCommandBytes 1048576", error.Message);
            Assert.Contains("SnapshotChunkBytes 1048576", error.Message);
            Assert.Contains("akka.remote.dot-netty.tcp.maximum-frame-size = 256000", error.Message);
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public void A_command_limit_whose_single_entry_append_does_not_fit_in_the_frame_is_refused_naming_the_option_and_the_key()
    {
        var options = new RaftOptions { MaxAppendBytes = 256 << 10, SnapshotChunkBytes = 256 << 10, MaxCommandBytes = 2 << 20 };
        var config = ConfigurationFactory.ParseString("akka.remote.dot-netty.tcp.maximum-frame-size = 1 MiB");

        var problem = Assert.Single(RemoteFrameLimits.Problems(options, config));

        Assert.Equal(
            "An AppendEntries carrying one command may take 2105376 bytes (MaxCommandBytes 2097152 + 32 + 8192), " +
            "more than akka.remote.dot-netty.tcp.maximum-frame-size = 1048576: lower the option or raise the frame size.",
            problem);
        Assert.Empty(RemoteFrameLimits.Problems(new RaftOptions(), RaftConfig.Default));
    }

    [Fact]
    public async Task A_member_refuses_to_start_when_its_configured_address_is_not_where_its_system_listens()
    {
        var members = RemoteNode.Addresses(["n1", "n2", "n3"]);
        var elsewhere = RemoteNode.Addresses(["x"])["x"];
        using var system = ActorSystem.Create(RemoteNode.SystemName, RemoteNode.ConfigFor(elsewhere));
        try
        {
            var error = Assert.Throws<ArgumentException>(() => RaftMember.Start(system, Settings(members, RemoteNode.Options)));

            Assert.Contains($"configured at {members["n1"]}", error.Message);
            Assert.Contains($"listens as {elsewhere}", error.Message);
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public async Task A_member_refuses_to_start_in_a_system_without_remoting()
    {
        var members = RemoteNode.Addresses(["n1", "n2", "n3"]);
        using var system = ActorSystem.Create(RemoteNode.SystemName);
        try
        {
            var error = Assert.Throws<ArgumentException>(() => RaftMember.Start(system, Settings(members, RemoteNode.Options)));

            Assert.Contains("has no remoting", error.Message);
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public void Settings_name_every_problem_with_the_members()
    {
        var members = RaftMemberSettings.ParseMembers(["n1=akka.tcp://raft@127.0.0.1:4051", "n2=akka.tcp://raft@127.0.0.1:4051"]);

        var problems = Settings(members, RemoteNode.Options) with { MemberId = "n3" };

        var all = string.Join(" ", problems.Problems());
        Assert.Contains("'n1' and 'n2' the same address", all);
        Assert.Contains("does not list this member 'n3'", all);
    }

    [Theory]
    [InlineData("n1", "not written as id=address")]
    [InlineData("n1=localhost:4051", "not an Akka.Remote address")]
    [InlineData("n1=akka://raft", "not an Akka.Remote address")]
    public void Members_that_do_not_parse_are_refused_by_name(string item, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => RaftMemberSettings.ParseMembers([item]));

        Assert.Contains(expected, error.Message);
    }

    private static RaftMemberSettings Settings(IReadOnlyDictionary<string, Address> members, RaftOptions options) => new()
    {
        ClusterId = "remote",
        MemberId = "n1",
        Members = members,
        StateMachineFactory = _ => new RecordingStateMachine(),
        Options = options,
    };
}
