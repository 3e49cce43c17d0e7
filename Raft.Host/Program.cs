using Akka.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Raft.Actors.Core;
using Raft.Actors.Hosting;
using Raft.Host.Configuration;
using Raft.Host.Modes;

// Usage: Raft.Host [run|simulate] [--Section:Key=value ...]   (see docs/host.md)
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
ConfigurationSources.Apply(builder.Configuration, builder.Environment, args);
HostSettings settings;
Config akkaConfig;
try
{
    settings = HostSettings.Load(builder.Configuration);
    akkaConfig = AkkaHocon.Load(AppContext.BaseDirectory);
}
catch (HostConfigurationException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

builder.Services.AddSingleton(settings);

// The mode, if given, comes first; everything after it is configuration.
switch (args is [var first, ..] && !first.StartsWith('-') && !first.StartsWith('/') ? first : null)
{
    case null or "run":
        builder.Services.AddAkka("raft-host", akka => akka
            .AddHocon(akkaConfig, HoconAddMode.Prepend)
            .ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            })
            .WithRaftGroup(settings.ToGroupSettings()));
        builder.Services.AddRaftGroupClient();
        builder.Services.AddHostedService<GroupMode>();
        break;
    case "simulate":
        // The simulation drives the Raft core directly, on virtual time: no ActorSystem.
        builder.Services.AddHostedService<SimulationMode>();
        break;
    case var mode:
        Console.Error.WriteLine($"Unknown mode '{mode}': use 'run' (the default) or 'simulate'.");
        return 2;
}

using var host = builder.Build();
try
{
    await host.RunAsync();
}
catch (Exception ex) when (ex is ArgumentException or RaftConfigurationException)
{
    // The group refused to start (a persistence plugin akka.hocon names is not there, say): one line, no stack.
    Console.Error.WriteLine($"The Raft group cannot start: {ex.Message}");
    return 2;
}

return Environment.ExitCode;
