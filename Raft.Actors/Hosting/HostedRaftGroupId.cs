using Akka.Actor;
using Raft.Actors.Cluster;

namespace Raft.Actors.Hosting;

internal sealed class HostedRaftGroupId : ExtensionIdProvider<HostedRaftGroup>
{
    public override HostedRaftGroup CreateExtension(ExtendedActorSystem system)
    {
        var setup = system.Settings.Setup.Get<RaftGroupSetup>();
        if (!setup.HasValue)
        {
            throw new InvalidOperationException(
                $"No Raft group is configured in actor system '{system.Name}': call {nameof(RaftGroupHostingExtensions.WithRaftGroup)}(...) on its AkkaConfigurationBuilder.");
        }

        return new HostedRaftGroup(RaftGroup.Start(system, setup.Value.Settings));
    }
}
