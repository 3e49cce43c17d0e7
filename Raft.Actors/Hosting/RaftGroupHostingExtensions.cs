using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Raft.Actors.Cluster;

namespace Raft.Actors.Hosting;

/// <summary>
/// Akka.Hosting support: <c>WithRaftGroup(...)</c> runs a group in the hosted <see cref="ActorSystem"/> and
/// <c>AddRaftGroupClient()</c> puts its client in the container.
/// <code>
/// services.AddAkka("orders", akka => akka.WithRaftGroup(new RaftGroupSettings { ... }));
/// services.AddRaftGroupClient();
/// </code>
/// They are two calls because Akka.Hosting runs the configuration callback when the container is built, too late
/// to register services from it.
/// </summary>
public static class RaftGroupHostingExtensions
{
    /// <summary>
    /// Starts the group when the <see cref="ActorSystem"/> starts and registers its group actor in the
    /// <see cref="ActorRegistry"/> under <see cref="RaftGroupActor"/> (inject <c>IRequiredActor&lt;RaftGroupActor&gt;</c>).
    /// One group per actor system this way; start more with <see cref="RaftGroup.Start"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it (checked here, before anything starts).</exception>
    /// <exception cref="Core.RaftConfigurationException">The Raft options are invalid.</exception>
    public static AkkaConfigurationBuilder WithRaftGroup(this AkkaConfigurationBuilder builder, RaftGroupSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        return builder
            .AddSetup(new RaftGroupSetup(settings))
            .WithActors((system, registry) => registry.Register<RaftGroupActor>(HostedRaftGroup.For(system).Actor));
    }

    /// <summary>
    /// Registers the <see cref="RaftGroup"/> configured with <see cref="WithRaftGroup"/>, and its
    /// <see cref="RaftGroupClient"/>, as singletons. Resolving either before the actor system's start-up starts the group.
    /// </summary>
    public static IServiceCollection AddRaftGroupClient(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(sp => HostedRaftGroup.For(sp.GetRequiredService<ActorSystem>()));
        services.AddSingleton(sp => sp.GetRequiredService<RaftGroup>().Client);
        return services;
    }
}
