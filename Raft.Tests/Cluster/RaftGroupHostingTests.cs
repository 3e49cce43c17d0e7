using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Raft.Actors.Cluster;
using Raft.Actors.Hosting;
using static Raft.Tests.Cluster.GroupTestKit;

namespace Raft.Tests.Cluster;

/// <summary>A group run by Akka.Hosting in a Generic Host, with the Akka configuration Raft.Host ships (akka.hocon).</summary>
public sealed class RaftGroupHostingTests
{
    [Fact]
    public async Task WithRaftGroup_starts_the_group_with_the_actor_system_and_the_client_from_the_container_proposes()
    {
        var machines = new StateMachines();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAkka("hosted", akka => akka
            .AddHoconFile(Path.Combine(AppContext.BaseDirectory, "akka.hocon"), HoconAddMode.Prepend)
            .WithRaftGroup(Settings(machines, clusterId: "hosted")));
        builder.Services.AddRaftGroupClient();
        using var host = builder.Build();

        await host.StartAsync().WaitAsync(Limit);
        try
        {
            var client = host.Services.GetRequiredService<RaftGroupClient>();
            var applied = await client.ProposeAsync([1, 2]).WaitAsync(Limit);

            Assert.Equal(1, RecordingStateMachine.CountOf(applied.Result));
            var registered = await host.Services.GetRequiredService<ActorRegistry>().GetAsync<RaftGroupActor>().WaitAsync(Limit);
            Assert.Equal("/user/raft-hosted", registered.Path.ToStringWithoutAddress());
            Assert.Same(host.Services.GetRequiredService<RaftGroup>().Client, client);
        }
        finally
        {
            await host.StopAsync().WaitAsync(Limit);
        }
    }

    [Fact]
    public void WithRaftGroup_refuses_invalid_settings_before_anything_starts()
    {
        var settings = Settings(new StateMachines(), clusterId: "hosted") with { ProposalTimeout = TimeSpan.Zero };
        var services = new ServiceCollection();

        services.AddAkka("hosted", akka => akka.WithRaftGroup(settings));
        var error = Assert.Throws<ArgumentException>(() => services.BuildServiceProvider().GetRequiredService<AkkaConfigurationBuilder>());

        Assert.Contains("ProposalTimeout must be positive", error.Message);
    }
}
