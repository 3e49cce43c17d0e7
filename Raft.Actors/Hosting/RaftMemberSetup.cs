using Akka.Actor.Setup;
using Raft.Actors.Remote;

namespace Raft.Actors.Hosting;

/// <summary>Carries the settings of the member <see cref="RaftMemberHostingExtensions.WithRaftMember"/> configured into the <see cref="Akka.Actor.ActorSystem"/>.</summary>
internal sealed class RaftMemberSetup(RaftMemberSettings settings) : Setup
{
    public RaftMemberSettings Settings { get; } = settings;
}
