using Akka.Actor;
using Akka.Remote;
using Raft.Actors.Cluster;
using Raft.Actors.Peer;

namespace Raft.Actors.Remote;

/// <summary>
/// One member of a Raft group running in an actor system you own, its peers in other actor systems (processes,
/// machines) reached over Akka.Remote at <c>akka.tcp://{system}@{host}:{port}/user/raft-{clusterId}/{member}</c>.
/// Start the same group configuration on every node, each naming its own member; each node also gets a
/// <see cref="RaftGroupClient"/> that proposes to whichever member leads.
/// Raft decides everything from its own messages, timers and terms: a member needs no cluster membership, join or
/// downing, so it works on an actor system with <c>akka.actor.provider = remote</c> or <c>cluster</c>, and a peer
/// that restarts on its address is reached again as soon as its process answers.
/// </summary>
public sealed class RaftMember
{
    private RaftMember(RaftMemberSettings settings, IActorRef actor, RaftGroupClient client)
    {
        Settings = settings;
        Actor = actor;
        Client = client;
    }

    public RaftMemberSettings Settings { get; }

    public string ClusterId => Settings.ClusterId;

    public string MemberId => Settings.MemberId;

    /// <summary>The member's parent actor, <c>/user/raft-{clusterId}</c>; it stops if the member fails.</summary>
    public IActorRef Actor { get; }

    /// <summary>A client of the whole group, from this node.</summary>
    public RaftGroupClient Client { get; }

    /// <summary>Validates <paramref name="settings"/> against <paramref name="system"/>, then starts the member and a client.</summary>
    /// <exception cref="ArgumentException">
    /// A setting is invalid, the actor system has no remoting, listens at another address than the one given for this
    /// member, has a frame size the Raft options do not fit in, or lacks a persistence plugin named; the message says which.
    /// </exception>
    /// <exception cref="Core.RaftConfigurationException">The Raft options are invalid.</exception>
    /// <exception cref="InvalidActorNameException">A member or group with this cluster id already runs in the system.</exception>
    public static RaftMember Start(ActorSystem system, RaftMemberSettings settings)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var own = settings.Members[settings.MemberId];
        var listening = ListeningAddress(system);
        if (!listening.Equals(own))
        {
            throw new ArgumentException(
                $"Member '{settings.MemberId}' of group '{settings.ClusterId}' is configured at {own}, but actor system '{system.Name}' listens as {listening}: " +
                "the other members would send to an address this system does not answer to (set akka.remote.dot-netty.tcp.hostname/public-hostname and port, and the system name, to match).");
        }

        var frameProblems = RemoteFrameLimits.Problems(settings.Options, system.Settings.Config);
        if (frameProblems.Count > 0)
        {
            throw new ArgumentException($"Member '{settings.MemberId}' of group '{settings.ClusterId}' cannot start: " + string.Join(" ", frameProblems));
        }

        RaftGroup.RequirePlugin(system, settings.JournalPluginId, "akka.persistence.journal.plugin", nameof(RaftMemberSettings.JournalPluginId));
        RaftGroup.RequirePlugin(system, settings.SnapshotPluginId, "akka.persistence.snapshot-store.plugin", nameof(RaftMemberSettings.SnapshotPluginId));
        var members = settings.Members.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
        settings = settings with { Members = members };
        var peer = new RaftPeerSettings
        {
            ClusterId = settings.ClusterId,
            MemberId = settings.MemberId,
            Peers = members
                .Where(m => m.Key != settings.MemberId)
                .ToDictionary(m => m.Key, m => RaftMemberSettings.PathOf(m.Value, settings.ClusterId, m.Key), StringComparer.Ordinal),
            StateMachine = () => settings.StateMachineFactory(settings.MemberId),
            Options = settings.Options,
            JournalPluginId = settings.JournalPluginId,
            SnapshotPluginId = settings.SnapshotPluginId,
            Observer = settings.Observer,
        };
        var actor = system.ActorOf(RaftMemberActor.Props(peer), RaftGroupActor.ActorName(settings.ClusterId));
        return new RaftMember(settings, actor, RaftGroupClient.Connect(system, settings.ClusterId, members, settings.ProposalTimeout, settings.Options.MaxCommandBytes));
    }

    /// <summary>Stops the member and the client; proposals in progress end with <see cref="ObjectDisposedException"/>.</summary>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        var limit = timeout ?? Settings.ProposalTimeout;
        await Actor.GracefulStop(limit).ConfigureAwait(false);
        await Client.StopAsync(limit).ConfigureAwait(false);
    }

    /// <summary>The address other actor systems reach <paramref name="system"/> at.</summary>
    /// <exception cref="ArgumentException">The system has no remoting.</exception>
    internal static Address ListeningAddress(ActorSystem system)
    {
        if (((ExtendedActorSystem)system).Provider is not IRemoteActorRefProvider remote)
        {
            throw new ArgumentException(
                $"Actor system '{system.Name}' has no remoting: a member whose peers run elsewhere needs akka.actor.provider = remote (or cluster) and akka.remote.dot-netty.tcp.hostname/port.");
        }

        return remote.DefaultAddress;
    }
}
