using Akka.Actor;
using Akka.Configuration;
using Raft.Actors.Cluster;
using Raft.Actors.KeyValue;
using Raft.Actors.StateMachine.Sessions;
using Raft.Host.Http;
using Raft.Tests.Cluster;

namespace Raft.Tests.Http;

/// <summary>
/// A three-member key-value group (sessions around the key-value state machine, in-memory journals) in one
/// ActorSystem, served by the real HTTP API on Kestrel at a free loopback port; shared by the tests of a class.
/// </summary>
public class KeyValueApiFixture : IAsyncLifetime
{
    private ActorSystem? _system;
    private KeyValueHttpServer? _server;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public RaftGroup Group { get; private set; } = null!;

    /// <summary>The group's <c>RaftOptions.MaxCommandBytes</c>; null keeps the default.</summary>
    protected virtual int? MaxCommandBytes => null;

    public async Task InitializeAsync()
    {
        _system = ActorSystem.Create("http-tests", ConfigurationFactory.ParseString(GroupTestKit.Hocon));
        var settings = GroupTestKit.Settings(new StateMachines());
        if (MaxCommandBytes is { } limit)
        {
            settings.Options.MaxCommandBytes = limit;
        }

        Group = RaftGroup.Start(_system, settings with
        {
            StateMachineFactory = _ => new SessionStateMachine(new KeyValueStateMachine()),
            ProposalTimeout = TimeSpan.FromSeconds(10),
        });
        await GroupTestKit.WaitForLeader(Group.Client, "the group elects a leader before the API starts");
        _server = await KeyValueHttpServer.StartAsync(["http://127.0.0.1:0"], new KeyValueClient(Group.Client), GroupStatus.Of(Group.Client));
        Http.BaseAddress = new Uri(_server.Urls[0]);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_system is not null)
        {
            await _system.Terminate();
        }
    }
}
