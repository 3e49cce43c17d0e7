using Akka.Actor;
using Raft.Actors.Cluster;

namespace Raft.Actors.Hosting;

/// <summary>
/// The group configured with <see cref="RaftGroupHostingExtensions.WithRaftGroup"/>, started once per
/// <see cref="ActorSystem"/> by whichever comes first: the system's start-up, or the container resolving the client.
/// </summary>
internal sealed class HostedRaftGroup(RaftGroup group) : IExtension
{
    public RaftGroup Group { get; } = group;

    public static RaftGroup For(ActorSystem system) => system.WithExtension<HostedRaftGroup, HostedRaftGroupId>().Group;
}
