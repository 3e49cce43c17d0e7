using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Raft.Actors.Configuration;
using Raft.Actors.Core;
using Raft.Actors.Persistence;
using Raft.Actors.Remote;
using Raft.Actors.TestKit.Remote;
using Raft.Tests.Cluster;

namespace Raft.Tests.Remote;

/// <summary>
/// One member in an actor system of its own, listening on 127.0.0.1, journaled in a SQLite file of its own that
/// outlives the actor system: <see cref="RestartAsync"/> terminates the system and starts a new one on the same port
/// from the same journal, as a restarted process would.
/// </summary>
internal sealed class RemoteNode : IAsyncDisposable
{
    public const string SystemName = "raft";

    /// <summary>Slower elections than the defaults, so a heartbeat delayed on a loaded 2-core machine does not depose the leader mid-test.</summary>
    public static RaftOptions Options => new()
    {
        ElectionTimeoutMin = TimeSpan.FromMilliseconds(400),
        ElectionTimeoutMax = TimeSpan.FromMilliseconds(800),
        HeartbeatInterval = TimeSpan.FromMilliseconds(50),
    };

    private readonly RaftMemberSettings _settings;
    private readonly string _dataDirectory;
    private readonly Config _extra;
    private readonly Func<Config, ActorSystemSetup, ActorSystemSetup>? _setup;
    private RaftStorage? _storage;

    private RemoteNode(RaftMemberSettings settings, string dataDirectory, Config extra, Func<Config, ActorSystemSetup, ActorSystemSetup>? setup)
    {
        _settings = settings;
        _dataDirectory = dataDirectory;
        _extra = extra;
        _setup = setup;
    }

    public ActorSystem System { get; private set; } = null!;

    public RaftMember Member { get; private set; } = null!;

    public string MemberId => _settings.MemberId;

    public Address Address => _settings.Members[_settings.MemberId];

    public RecordingStateMachine Machine { get; private set; } = null!;

    /// <summary>Addresses on free loopback ports; <c>akka.ssl.tcp</c> is the protocol of a system with TLS on.</summary>
    public static IReadOnlyDictionary<string, Address> Addresses(string[] memberIds, string protocol = "akka.tcp")
    {
        var ports = LoopbackPorts.Take(memberIds.Length);
        return memberIds.Select((id, i) => (id, port: ports[i]))
            .ToDictionary(m => m.id, m => new Address(protocol, SystemName, "127.0.0.1", m.port), StringComparer.Ordinal);
    }

    public static Config ConfigFor(Address address, string? extra = null) =>
        ConfigurationFactory.ParseString($$"""
            {{extra ?? string.Empty}}
            akka.loglevel = INFO
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp.hostname = "{{address.Host}}"
            akka.remote.dot-netty.tcp.port = {{address.Port}}
            """).WithFallback(RaftConfig.Default);

    /// <summary>Starts <paramref name="memberId"/> of the group <paramref name="members"/>, journaled under <paramref name="dataRoot"/>; <see cref="Options"/> unless given.</summary>
    public static RemoteNode Start(
        string memberId, IReadOnlyDictionary<string, Address> members, string dataRoot, string? extraHocon = null,
        Func<Config, ActorSystemSetup, ActorSystemSetup>? setup = null, RaftOptions? options = null)
    {
        var node = new RemoteNode(
            new RaftMemberSettings
            {
                ClusterId = "remote",
                MemberId = memberId,
                Members = members,
                StateMachineFactory = _ => new RecordingStateMachine(),
                Options = options ?? Options,
                ProposalTimeout = GroupTestKit.LongProposalTimeout,
                JournalPluginId = RaftStorage.JournalPluginIdOf(RaftStorage.DefaultName),
                SnapshotPluginId = RaftStorage.SnapshotPluginIdOf(RaftStorage.DefaultName),
            },
            Path.Combine(dataRoot, memberId),
            ConfigFor(members[memberId], extraHocon),
            setup);
        node.Boot();
        return node;
    }

    /// <summary>Terminates this node's actor system, as a crash would, and starts a new one at the same address from the same journal.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        Boot();
    }

    public async Task StopAsync()
    {
        await System.Terminate();
        _storage?.Dispose();
        _storage = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_storage is not null)
        {
            await StopAsync();
        }
    }

    private void Boot()
    {
        _storage = RaftStorage.OpenSqlite(_dataDirectory);
        var setup = _storage.AddTo(BootstrapSetup.Create().WithConfig(_extra));
        if (_setup is not null)
        {
            setup = _setup(_extra, setup);
        }

        System = ActorSystem.Create(SystemName, setup);
        Member = RaftMember.Start(System, _settings with { StateMachineFactory = _ => Machine = new RecordingStateMachine() });
    }
}
