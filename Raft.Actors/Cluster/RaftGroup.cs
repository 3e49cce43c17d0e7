using Akka.Actor;

namespace Raft.Actors.Cluster;

/// <summary>
/// A Raft group running in an <see cref="ActorSystem"/> you own: its group actor (<see cref="RaftGroupActor"/>, at
/// <c>/user/raft-{clusterId}</c>) with one <see cref="Peer.RaftPeer"/> child per member, journaled by the Akka.Persistence
/// plugins the settings name, and a <see cref="RaftGroupClient"/> to propose through. Members can be stopped as if
/// they crashed and started again in place (same path and journal, fresh state machine) for failover drills and tests.
/// </summary>
public sealed class RaftGroup
{
    private RaftGroup(RaftGroupSettings settings, IActorRef actor, RaftGroupClient client)
    {
        Settings = settings;
        Actor = actor;
        Client = client;
    }

    public string ClusterId => Settings.ClusterId;

    public IReadOnlyList<string> MemberIds => Settings.MemberIds;

    public RaftGroupSettings Settings { get; }

    /// <summary>The group actor, parent of the members.</summary>
    public IActorRef Actor { get; }

    public RaftGroupClient Client { get; }

    /// <summary>Validates <paramref name="settings"/>, then starts every member and the client in <paramref name="system"/>.</summary>
    /// <exception cref="ArgumentException">A setting is invalid, or a persistence plugin it names is not configured; the message names it.</exception>
    /// <exception cref="Core.RaftConfigurationException">The Raft options are invalid; the message names each problem.</exception>
    /// <exception cref="InvalidActorNameException">A group with this cluster id already runs in the system.</exception>
    public static RaftGroup Start(ActorSystem system, RaftGroupSettings settings)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        foreach (var memberId in settings.MemberIds)
        {
            RequirePlugin(system, settings.JournalPluginIdOf(memberId), "akka.persistence.journal.plugin", JournalSetting(settings, memberId));
            RequirePlugin(system, settings.SnapshotPluginIdOf(memberId), "akka.persistence.snapshot-store.plugin", SnapshotSetting(settings, memberId));
        }

        var memberIds = settings.MemberIds.ToArray();
        settings = settings with { MemberIds = memberIds };
        var actor = system.ActorOf(RaftGroupActor.Props(settings), RaftGroupActor.ActorName(settings.ClusterId));
        return new RaftGroup(settings, actor, new RaftGroupClient(
            system, actor, settings.ClusterId, memberIds, settings.ProposalTimeout, maxCommandBytes: settings.Options.MaxCommandBytes));
    }

    /// <summary>
    /// Stops a member as if its process crashed; completes once its actor has terminated, so its journal is no longer
    /// written and its state machine no longer called. Proposals it accepted fail with an unknown outcome. Stopping a
    /// stopped member does nothing.
    /// </summary>
    public Task StopMemberAsync(string memberId, CancellationToken cancellationToken = default) =>
        Actor.Ask<RaftGroupProtocol.MemberStopped>(new RaftGroupProtocol.StopMember(memberId), Settings.ProposalTimeout, cancellationToken);

    /// <summary>Starts a stopped member again from its journal, with a fresh state machine; it rejoins as a follower.</summary>
    /// <exception cref="InvalidOperationException">The member is running (or still stopping).</exception>
    public Task StartMemberAsync(string memberId, CancellationToken cancellationToken = default) =>
        Actor.Ask<RaftGroupProtocol.MemberUp>(new RaftGroupProtocol.StartMember(memberId), Settings.ProposalTimeout, cancellationToken);

    /// <summary>Stops every member and the client; proposals in progress end with <see cref="ObjectDisposedException"/>.</summary>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        var limit = timeout ?? Settings.ProposalTimeout;
        await Actor.GracefulStop(limit).ConfigureAwait(false);
        await Client.Dispatcher.GracefulStop(limit).ConfigureAwait(false);
    }

    private static string JournalSetting(RaftGroupSettings settings, string memberId) =>
        settings.MemberJournalPluginId?.Invoke(memberId) is null ? nameof(RaftGroupSettings.JournalPluginId) : $"{nameof(RaftGroupSettings.MemberJournalPluginId)}('{memberId}')";

    private static string SnapshotSetting(RaftGroupSettings settings, string memberId) =>
        settings.MemberSnapshotPluginId?.Invoke(memberId) is null ? nameof(RaftGroupSettings.SnapshotPluginId) : $"{nameof(RaftGroupSettings.MemberSnapshotPluginId)}('{memberId}')";

    /// <summary>A plugin id must name a configured plugin, or the members would fail one by one at start-up.</summary>
    internal static void RequirePlugin(ActorSystem system, string? pluginId, string defaultKey, string setting)
    {
        // Loading the extension puts Akka.Persistence's own defaults (the in-memory plugins) into the configuration.
        Akka.Persistence.Persistence.Instance.Apply(system);
        var config = system.Settings.Config;
        var id = pluginId ?? config.GetString(defaultKey, null);
        if (string.IsNullOrEmpty(id) || !config.HasPath($"{id}.class"))
        {
            var which = pluginId is null ? $"the default plugin ({defaultKey} = '{id}')" : $"'{pluginId}'";
            throw new ArgumentException($"{setting}: {which} is not a configured Akka.Persistence plugin (no '{id}.class' in the configuration).");
        }
    }
}
