using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Raft.Actors.Cluster;
using Raft.Actors.Remote;

namespace Raft.Actors.Hosting;

/// <summary>
/// Akka.Hosting support for one member per actor system: <c>WithRaftMember(...)</c> runs this node's member of a
/// group whose other members run on other nodes, and <c>AddRaftMemberClient()</c> puts it and its client in the
/// container. The actor system needs remoting (<c>akka.actor.provider = remote</c> and the dot-netty address).
/// <code>
/// services.AddAkka("raft", akka => akka
///     .AddHocon("akka.actor.provider = remote\nakka.remote.dot-netty.tcp { hostname = 10.0.0.1, port = 4051 }", HoconAddMode.Prepend)
///     .WithRaftMember(new RaftMemberSettings { ClusterId = "orders", MemberId = "n1", Members = ..., ... }));
/// services.AddRaftMemberClient();
/// </code>
/// </summary>
public static class RaftMemberHostingExtensions
{
    /// <summary>
    /// Starts the member when the actor system starts and registers its parent actor in the <see cref="ActorRegistry"/>
    /// under <see cref="RaftMemberActor"/>. One member per actor system this way.
    /// </summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it (checked here, before anything starts).</exception>
    public static AkkaConfigurationBuilder WithRaftMember(this AkkaConfigurationBuilder builder, RaftMemberSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        return builder
            .AddSetup(new RaftMemberSetup(settings))
            .WithActors((system, registry) => registry.Register<RaftMemberActor>(HostedRaftMember.For(system).Actor));
    }

    /// <summary>
    /// Registers the <see cref="RaftMember"/> configured with <see cref="WithRaftMember"/> and its
    /// <see cref="RaftGroupClient"/> as singletons; resolving either starts the member if the system has not yet.
    /// </summary>
    public static IServiceCollection AddRaftMemberClient(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(sp => HostedRaftMember.For(sp.GetRequiredService<ActorSystem>()));
        services.AddSingleton(sp => sp.GetRequiredService<RaftMember>().Client);
        return services;
    }
}
