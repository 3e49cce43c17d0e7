using Akka.Actor;
using Raft.Actors.Remote;

namespace Raft.Actors.Hosting;

/// <summary>
/// The member configured with <see cref="RaftMemberHostingExtensions.WithRaftMember"/>, started once per
/// <see cref="ActorSystem"/> by whichever comes first: the system's start-up, or the container resolving the client.
/// </summary>
internal sealed class HostedRaftMember(RaftMember member) : IExtension
{
    public RaftMember Member { get; } = member;

    public static RaftMember For(ActorSystem system) => system.WithExtension<HostedRaftMember, HostedRaftMemberId>().Member;
}
