using Akka.Actor;
using Raft.Actors.Remote;

namespace Raft.Actors.Hosting;

internal sealed class HostedRaftMemberId : ExtensionIdProvider<HostedRaftMember>
{
    public override HostedRaftMember CreateExtension(ExtendedActorSystem system)
    {
        var setup = system.Settings.Setup.Get<RaftMemberSetup>();
        if (!setup.HasValue)
        {
            throw new InvalidOperationException(
                $"No Raft member is configured in actor system '{system.Name}': call {nameof(RaftMemberHostingExtensions.WithRaftMember)}(...) on its AkkaConfigurationBuilder.");
        }

        return new HostedRaftMember(RaftMember.Start(system, setup.Value.Settings));
    }
}
