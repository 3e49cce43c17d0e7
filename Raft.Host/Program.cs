using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Raft.Host.Configuration;
using Raft.Host.Modes;

// Usage: Raft.Host [simulate] [--Section:Key=value ...]   (see docs/host.md)
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
ConfigurationSources.Apply(builder.Configuration, builder.Environment, args);
HostSettings settings;
try
{
    settings = HostSettings.Load(builder.Configuration);
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
        builder.Services.AddHostedService<GroupMode>();
        break;
    case "simulate":
        builder.Services.AddHostedService<SimulationMode>();
        break;
    case var mode:
        Console.Error.WriteLine($"Unknown mode '{mode}': use 'run' (the default) or 'simulate'.");
        return 2;
}

using var host = builder.Build();
await host.RunAsync();
return Environment.ExitCode;
