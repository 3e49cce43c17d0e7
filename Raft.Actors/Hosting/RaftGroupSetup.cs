using Akka.Actor.Setup;
using Raft.Actors.Cluster;

namespace Raft.Actors.Hosting;

/// <summary>Carries the settings of the group <see cref="RaftGroupHostingExtensions.WithRaftGroup"/> configured into the <see cref="Akka.Actor.ActorSystem"/>.</summary>
internal sealed class RaftGroupSetup(RaftGroupSettings settings) : Setup
{
    public RaftGroupSettings Settings { get; } = settings;
}
