using Akka.Actor;
using Akka.Configuration;
using Raft.Actors.Cluster;
using Raft.Actors.Configuration;
using Xunit.Abstractions;

namespace Raft.Tests.Remote;

/// <summary>
/// A client whose own Akka.Remote frame is smaller than the group's <c>MaxCommandBytes</c> refuses, before sending, a
/// command its frame could not carry: Akka.Remote would drop the proposal on the way and it would time out.
/// </summary>
public sealed class ClientFrameLimitTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(SmallFrame, output: output)
{
    private const int FrameBytes = 64 << 10;

    private static readonly Config SmallFrame = ConfigurationFactory.ParseString($"""
        akka.loglevel = WARNING
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp.hostname = 127.0.0.1
        akka.remote.dot-netty.tcp.port = 0
        akka.remote.dot-netty.tcp.maximum-frame-size = {FrameBytes}b
        """).WithFallback(RaftConfig.Default);

    [Fact]
    public void A_command_larger_than_the_clients_frame_carries_is_refused_naming_the_frame()
    {
        // No member needs to run: the refusal comes before anything is sent.
        var client = RaftGroupClient.Connect(Sys, "framed", new Dictionary<string, Address> { ["n1"] = new("akka.tcp", "raft", "127.0.0.1", 1) });

        var error = Assert.Throws<ArgumentException>(() => { _ = client.ProposeAsync(new byte[FrameBytes]); });

        Assert.InRange(client.MaxCommandBytes, FrameBytes / 2, FrameBytes - 1);
        Assert.StartsWith($"The command holds {FrameBytes} bytes, more than this client's Akka.Remote frame carries (akka.remote.dot-netty.tcp.maximum-frame-size leaves room for {client.MaxCommandBytes})", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_default_frame_the_groups_limit_stands()
    {
        var system = ActorSystem.Create("wide", ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp.hostname = 127.0.0.1
            akka.remote.dot-netty.tcp.port = 0
            """).WithFallback(RaftConfig.Default));
        try
        {
            var client = RaftGroupClient.Connect(system, "wide", new Dictionary<string, Address> { ["n1"] = new("akka.tcp", "raft", "127.0.0.1", 1) }, maxCommandBytes: 3 << 20);

            Assert.Equal(3 << 20, client.MaxCommandBytes);
        }
        finally
        {
            await system.Terminate();
        }
    }
}
