using System.Text;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Raft.Actors.Cluster;
using Raft.Actors.Configuration;
using Raft.Actors.Protocol;
using Raft.Actors.Remote;
using Raft.Tests.Cluster;
using Raft.Tests.Persistence;
using Xunit.Abstractions;

namespace Raft.Tests.Remote;

/// <summary>What crosses between the members' actor systems: only authenticated connections, only frames our serializer reads.</summary>
public sealed class WireSecurityTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(output: output), IAsyncLifetime
{
    /// <summary>The term an intruder claims: accepted, it would depose the leader.</summary>
    private const long IntruderTerm = 1_000_000;

    private readonly TemporaryDirectory _data = new();
    private readonly List<RemoteNode> _nodes = [];
    private readonly List<ActorSystem> _others = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var system in _others)
        {
            await system.Terminate();
        }

        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        _data.Dispose();
    }

    [Fact]
    public async Task A_system_without_the_group_certificate_cannot_reach_a_member_and_the_refusal_is_logged()
    {
        var groupCertificate = TestCertificates.Create("raft-group");
        var members = RemoteNode.Addresses(["n1", "n2", "n3"], "akka.ssl.tcp");
        foreach (var id in members.Keys)
        {
            _nodes.Add(RemoteNode.Start(id, members, _data.Path, "akka.remote.dot-netty.tcp.enable-ssl = on", (_, setup) => setup.And(RaftRemoteTls.Setup(groupCertificate))));
        }

        var logged = CreateTestProbe();
        foreach (var node in _nodes)
        {
            node.System.EventStream.Subscribe(logged.Ref, typeof(LogEvent));
        }

        var trusted = StartClientSystem("trusted", groupCertificate);
        var client = RaftGroupClient.Connect(trusted, "remote", members, GroupTestKit.LongProposalTimeout);
        await client.ProposeAsync("c0"u8.ToArray());
        var before = await client.StatusAsync("n1", TimeSpan.FromSeconds(10));

        // An intruder with a certificate of its own claims a huge term: accepted, it would depose the leader.
        var intruder = StartClientSystem("intruder", TestCertificates.Create("intruder"));
        foreach (var (id, address) in members)
        {
            intruder.ActorSelection(RaftMemberSettings.PathOf(address, "remote", id))
                .Tell(new RaftProtocol.RequestVote(IntruderTerm, "n9", IntruderTerm, IntruderTerm));
        }

        var refusal = logged.FishForMessage<LogEvent>(
            e => e.LogLevel() >= LogLevel.WarningLevel && e.Message?.ToString()?.Contains("certificate", StringComparison.OrdinalIgnoreCase) == true,
            TimeSpan.FromSeconds(20));
        Output?.WriteLine($"refusal logged: {refusal}");

        var intruderClient = RaftGroupClient.Connect(intruder, "remote", members, TimeSpan.FromSeconds(3));
        await Assert.ThrowsAsync<TimeoutException>(() => intruderClient.StatusAsync("n1", TimeSpan.FromSeconds(3)));

        // Accepted, the vote request would have lifted its receivers to term 1,000,000. (An election of the group's own
        // may still happen in between on a loaded machine: the term may grow by a few, never by that much.)
        var after = await client.ProposeAsync("c1"u8.ToArray());
        Assert.InRange(after.Term, before.Term, IntruderTerm - 1);
        foreach (var id in members.Keys)
        {
            Assert.InRange((await client.StatusAsync(id, TimeSpan.FromSeconds(10))).Term, before.Term, IntruderTerm - 1);
        }
    }

    [Fact]
    public async Task A_frame_that_fails_to_deserialize_is_logged_and_dropped_and_the_member_keeps_serving()
    {
        var members = RemoteNode.Addresses(["n1", "n2", "n3"]);
        foreach (var id in members.Keys)
        {
            _nodes.Add(RemoteNode.Start(id, members, _data.Path));
        }

        var logged = CreateTestProbe();
        _nodes[0].System.EventStream.Subscribe(logged.Ref, typeof(Error));
        _nodes[0].System.EventStream.Subscribe(logged.Ref, typeof(Warning));
        var client = RaftGroupClient.Connect(StartSystem("client", null), "remote", members, GroupTestKit.LongProposalTimeout);
        await client.ProposeAsync("c0"u8.ToArray());

        // A sender whose serializer writes garbage under our serializer's id and manifest.
        var garbler = StartSystem("garbler", """
            akka.actor.serializers.garbage = "Raft.Tests.Remote.GarbageSerializer, Raft.Tests"
            akka.actor.serialization-bindings { "Raft.Actors.Protocol.RaftProtocol+RequestVote, Raft.Actors" = garbage }
            """);
        garbler.ActorSelection(RaftMemberSettings.PathOf(members["n1"], "remote", "n1")).Tell(new RaftProtocol.RequestVote(7, "n2", 0, 0));

        var dropped = logged.FishForMessage<LogEvent>(e => e.Message?.ToString()?.Contains("RV", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(20));
        Output?.WriteLine($"drop logged: {dropped}");

        var status = await client.StatusAsync("n1", TimeSpan.FromSeconds(10));
        Assert.Equal("n1", status.MemberId);
        var after = await client.ProposeAsync("c1"u8.ToArray());
        Assert.True(after.Index > 1);
    }

    private ActorSystem StartClientSystem(string name, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        var config = RemoteNode.ConfigFor(new Address("akka.tcp", name, "127.0.0.1", 0), "akka.remote.dot-netty.tcp.enable-ssl = on");
        var system = ActorSystem.Create(name, BootstrapSetup.Create().WithConfig(config).And(RaftRemoteTls.Setup(certificate)));
        _others.Add(system);
        return system;
    }

    private ActorSystem StartSystem(string name, string? hocon)
    {
        var system = ActorSystem.Create(name, RemoteNode.ConfigFor(new Address("akka.tcp", name, "127.0.0.1", 0), hocon));
        _others.Add(system);
        return system;
    }
}
