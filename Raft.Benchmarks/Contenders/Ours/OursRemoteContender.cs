using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Configuration;
using Raft.Actors.Cluster;
using Raft.Actors.Configuration;
using Raft.Actors.Core;
using Raft.Actors.Protocol;
using Raft.Actors.Remote;
using Raft.Actors.TestKit.Remote;
using Raft.Benchmarks.Cli;
using Raft.Benchmarks.Journals;
using Raft.Benchmarks.Reporting;
using Raft.Benchmarks.Scenarios;

namespace Raft.Benchmarks.Contenders.Ours;

/// <summary>
/// Our group as deployed, one member per <c>ActorSystem</c>: three actor systems in this process, each listening on
/// its own loopback port and running one <see cref="RaftMember"/>, with its own SQLite file (WAL,
/// <c>synchronous = FULL</c>) or its own rows in PostgreSQL, so every Raft message crosses Akka.Remote (TCP, our serializer). The client is a
/// fourth actor system, like a process that only proposes (<see cref="RaftGroupClient.Connect"/>): proposals and
/// results cross Akka.Remote too. Stopping a member terminates its actor system, as a crash of its process would end
/// it (its file stays); starting it again creates a new actor system on the same port, which the others and the
/// client find again by its address.
/// </summary>
internal sealed class OursRemoteContender : IContender
{
    private const string SystemName = "raft";
    private static readonly string[] Members = ["n1", "n2", "n3"];
    private static readonly TimeSpan StopWithin = TimeSpan.FromSeconds(30);

    private readonly GroupSettings _settings;
    private readonly string _clusterId = $"bench-remote-{DateTime.UtcNow:yyyyMMddTHHmmss}-{Random.Shared.Next(0x10000):x4}";
    private readonly ConcurrentDictionary<string, ActorSystem> _systems = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CountingStateMachine> _machines = new(StringComparer.Ordinal);
    private readonly LeadersByTerm _leaders = new();
    private Dictionary<string, Address> _addresses = [];
    private JournalFactory? _journals;
    private ActorSystem? _clientSystem;
    private RaftGroupClient? _client;
    private string? _failure;

    public OursRemoteContender(GroupSettings settings)
    {
        if (settings.Journal.Kind == JournalKind.InMemory || settings.Journal is { Kind: JournalKind.Sqlite, SharedSqliteFile: true })
        {
            throw new ArgumentException("The Akka.Remote contender measures durable storage its ActorSystems do not share a file of: a SQLite file per member, or PostgreSQL.", nameof(settings));
        }

        _settings = settings;
    }

    public string Name => "ours, 3 ActorSystems (Akka.Remote)";

    public string Setup => Format.Invariant(
        $"3 ActorSystems in this process, one RaftMember each, peers over Akka.Remote (DotNetty TCP on loopback, RaftSerializer); client in a 4th ActorSystem (RaftGroupClient.Connect), so proposals and results cross Akka.Remote too; {JournalFactory.Name(_settings.Journal.Kind)} journal through Akka.Persistence.Sql (SQLite: a file per member, WAL, synchronous=FULL), fsync before every vote, append reply and leader self-count; stopping a member terminates its ActorSystem; election timeouts {_settings.ElectionTimeout.TotalMilliseconds:0}-{_settings.ElectionTimeout.TotalMilliseconds * 2:0} ms, heartbeat {_settings.HeartbeatInterval.TotalMilliseconds:0} ms");

    public IReadOnlyList<string> MemberIds => Members;

    /// <summary>The recovery workload runs one member alone: it reads its own journal and sends no message, so Akka.Remote takes no part in it.</summary>
    public string? RecoveryNotMeasured => "a one-member recovery sends no message, so it is the same as the 1-ActorSystem column's";

    public string? Failure => Volatile.Read(ref _failure);

    private RaftGroupClient Client => _client ?? throw new InvalidOperationException("The group has not been started.");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _journals = JournalFactory.Open(_settings.Journal);
        _addresses = Enumerable.Zip(Members, LoopbackPorts.Take(Members.Length), (id, port) => (id, port))
            .ToDictionary(m => m.id, m => new Address("akka.tcp", SystemName, "127.0.0.1", m.port), StringComparer.Ordinal);
        foreach (var member in Members)
        {
            StartMember(member);
        }

        _clientSystem = ActorSystem.Create("bench-client", RemoteConfig(0));
        _client = RaftGroupClient.Connect(_clientSystem, _clusterId, _addresses);
        return Task.CompletedTask;
    }

    public async Task<string> WaitForLeaderAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        if (Client.Leader is { } known && _systems.ContainsKey(known))
        {
            return known;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(within);
        try
        {
            await foreach (var change in Client.WatchRoleChanges(deadline.Token).ConfigureAwait(false))
            {
                if (change.Role == RaftRole.Leader && _systems.ContainsKey(change.MemberId))
                {
                    return change.MemberId;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw new TimeoutException($"No member led within {Format.Ms(within)}.");
    }

    public async Task<Commit> ProposeAsync(byte[] command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var result = await Client.ProposeAsync(command, timeout, cancellationToken).ConfigureAwait(false);
        return new Commit(_leaders.Of(result.Term) ?? Client.Leader ?? "?", result.Term);
    }

    public async Task StopMemberAsync(string memberId, CancellationToken cancellationToken)
    {
        if (_systems.TryRemove(memberId, out var system))
        {
            _machines.TryRemove(memberId, out _);
            await system.Terminate().WaitAsync(StopWithin, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StartMemberAsync(string memberId, CancellationToken cancellationToken)
    {
        StartMember(memberId);
        return Task.CompletedTask;
    }

    public long Applied(string memberId) => _machines.TryGetValue(memberId, out var machine) ? machine.Count : 0;

    public Task<RecoveryTimes> MeasureRecoveryAsync(long entries, int commandBytes, Action<string> progress, CancellationToken cancellationToken) =>
        throw new NotSupportedException(RecoveryNotMeasured);

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.StopAsync(StopWithin).ConfigureAwait(false);
        }

        var stopping = _systems.Values.Append(_clientSystem).OfType<ActorSystem>().Select(s => s.Terminate().WaitAsync(StopWithin));
        _systems.Clear();
        await Task.WhenAll(stopping).ConfigureAwait(false);
        _journals?.Dispose();
    }

    /// <summary>A new actor system for <paramref name="memberId"/> on its port, with the member in it.</summary>
    private void StartMember(string memberId)
    {
        var journals = _journals ?? throw new InvalidOperationException("The group has not been started.");
        var system = ActorSystem.Create(SystemName, journals.Setup(RemoteConfig(_addresses[memberId].Port!.Value)));
        try
        {
            // Only a member's own error counts: the other systems log the lost association of a member stopped on purpose.
            system.ActorOf(FailureListener.Props(failure =>
            {
                if (failure.Contains($"/user/{RaftGroupActor.ActorName(_clusterId)}", StringComparison.Ordinal))
                {
                    Interlocked.CompareExchange(ref _failure, failure, null);
                }
            }), "failures");
            RaftMember.Start(system, new RaftMemberSettings
            {
                ClusterId = _clusterId,
                MemberId = memberId,
                Members = _addresses,
                StateMachineFactory = id =>
                {
                    var machine = new CountingStateMachine();
                    _machines[id] = machine;
                    return machine;
                },
                Options = _settings.RaftOptions(),
                JournalPluginId = journals.Storage.JournalPluginIdFor(memberId),
                SnapshotPluginId = journals.Storage.SnapshotPluginIdFor(memberId),
                Observer = _leaders,
            });
        }
        catch
        {
            system.Terminate().Wait(StopWithin);
            throw;
        }

        _systems[memberId] = system;
    }

    private static Config RemoteConfig(int port) => ConfigurationFactory.ParseString($"""
        akka.loglevel = WARNING
        akka.stdout-loglevel = WARNING
        akka.log-dead-letters = off
        akka.log-dead-letters-during-shutdown = off
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp.hostname = 127.0.0.1
        akka.remote.dot-netty.tcp.port = {port}
        """).WithFallback(RaftConfig.Default);
}
