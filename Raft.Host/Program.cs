using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Raft.Host.Configuration;

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
Console.Error.WriteLine("Raft.Host is being moved onto Akka.Hosting.");
using var host = builder.Build();
await host.RunAsync();
return Environment.ExitCode;
